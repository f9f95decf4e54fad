package io.jtop.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jtop.testing.EngineCli;
import io.jtop.testing.Host;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Podman pods, live: {@code podman pod create} with an infra container from the locally imported
 * test image (it runs {@code sleep}), and one with {@code --infra=false}, each with members; jtop
 * (through podman's service) names each member's pod and pod id, says which container is the
 * infra (sandbox), and gives the pod's own cgroup where podman made one. The pods are removed
 * after each test, failed or not.
 */
class PodmanPodsIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> RUN_OPTIONS = List.of("--ulimit", "nofile=1024:1024", "--ulimit",
            "nproc=1024:1024");

    @TempDir
    Path tmp;

    private String prefix;
    private Path conf;
    private final List<String> pods = new ArrayList<>();

    @BeforeEach
    void requirePodman() throws IOException {
        EngineCli.PODMAN.require();
        EngineCli.PODMAN.image();
        prefix = "j16p" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt()) + "-";
        // An infra container gets no --ulimit of ours: podman's defaults are above this host's hard
        // limits, which runc refuses. A containers.conf of the test's own gives it the same as ours.
        conf = Files.writeString(tmp.resolve("containers.conf"), """
                [containers]
                default_ulimits = ["nofile=1024:1024", "nproc=1024:1024"]
                [engine]
                runtime = "runc"
                """);
    }

    @AfterEach
    void removePods() {
        for (String pod : pods) {
            podman("pod", "rm", "-f", "-t", "0", pod);
        }
    }

    /** podman's command line with the test's containers.conf. */
    private String podman(String... args) {
        List<String> argv = new ArrayList<>(List.of("env", "CONTAINERS_CONF=" + conf, "podman", "--runtime", "runc"));
        argv.addAll(List.of(args));
        return Host.run(argv.toArray(String[]::new)).strip();
    }

    /** Creates a pod (removed after the test); returns its id. */
    private String pod(String name, String... options) {
        List<String> argv = new ArrayList<>(List.of("pod", "create", "--name", prefix + name));
        argv.addAll(List.of(options));
        String id = podman(argv.toArray(String[]::new));
        pods.add(prefix + name);
        return id;
    }

    /** Runs a member of a pod; returns its id. */
    private String member(String pod, String name, String... options) {
        List<String> argv = new ArrayList<>(List.of("run", "-d", "--label", EngineCli.LABEL, "--pod", prefix + pod,
                "--name", prefix + name));
        argv.addAll(RUN_OPTIONS);
        argv.addAll(List.of(options));
        argv.addAll(List.of(EngineCli.PODMAN.image(), "sleep", "100000"));
        return podman(argv.toArray(String[]::new));
    }

    /** podman's own description of a pod (one object: podman 4.3 prints no array for one pod). */
    private JsonNode podInspect(String name) throws IOException {
        JsonNode n = JSON.readTree(podman("pod", "inspect", prefix + name));
        return n.isArray() ? n.get(0) : n;
    }

    private static JsonNode row(JsonNode rows, String id) {
        for (JsonNode r : rows) {
            if (id.equals(r.path("id").asText())) {
                return r;
            }
        }
        throw new AssertionError(id + " not in jtop ps -a --json: " + rows);
    }

    @Test
    void eachMemberHasItsPodAndThePodsInfraIsItsSandbox() throws Exception {
        String withInfra = pod("web", "--infra-image", EngineCli.PODMAN.image(), "--infra-command", "sleep 100000");
        String a1 = member("web", "a1");
        String a2 = member("web", "a2");
        String withoutInfra = pod("solo", "--infra=false");
        String b1 = member("solo", "b1", "--network", "none");
        JsonNode web = podInspect("web");
        JsonNode solo = podInspect("solo");
        String infra = web.path("InfraContainerID").asText();
        String webCgroup = web.path("CgroupPath").asText();
        assertFalse(infra.isEmpty(), "podman made an infra container: " + web);
        assertTrue(webCgroup.startsWith("/"), "podman made the pod a cgroup: " + web);
        assertTrue(solo.path("CgroupPath").asText("").isEmpty(), "a pod without infra has none: " + solo);

        InProcess.Run ps = InProcess.jtopIn(tmp, "ps", "-a", "--json", "-d", "0");
        assertEquals(0, ps.exit(), ps.err());
        JsonNode rows = ps.json();
        for (String id : List.of(infra, a1, a2)) {
            JsonNode r = row(rows, id);
            assertEquals("podman", r.path("runtime").asText());
            assertEquals(prefix + "web", r.path("pod").asText(), r.toString());
            assertEquals(withInfra, r.path("pod_uid").asText(), "the pod's id");
            assertEquals(id.equals(infra), r.path("sandbox").asBoolean(), "sandbox: the infra container alone");
            assertEquals(webCgroup, r.path("pod_cgroup").asText());
            assertTrue(r.path("cgroup").asText().startsWith(webCgroup + "/"),
                    "the member's cgroup is under the pod's: " + r.path("cgroup"));
        }
        JsonNode b = row(rows, b1);
        assertEquals(prefix + "solo", b.path("pod").asText());
        assertEquals(withoutInfra, b.path("pod_uid").asText());
        assertFalse(b.path("sandbox").asBoolean());
        assertTrue(b.path("pod_cgroup").isNull(), "no cgroup of its own: " + b.path("pod_cgroup"));
        assertTrue(Files.isDirectory(Path.of("/sys/fs/cgroup/memory" + webCgroup))
                || Files.isDirectory(Path.of("/sys/fs/cgroup" + webCgroup)), "the pod's cgroup exists: " + webCgroup);

        InProcess.Run inspect = InProcess.jtopIn(tmp, "inspect", "-d", "0", a1);
        assertEquals(0, inspect.exit(), inspect.err());
        assertTrue(inspect.out().contains("Pod:                 " + prefix + "web (" + withInfra + ")\n"),
                inspect.out());
        assertTrue(inspect.out().contains("Pod cgroup:          " + webCgroup + "\n"), inspect.out());
        assertFalse(inspect.out().contains("Pod sandbox:"), inspect.out());
        InProcess.Run sandbox = InProcess.jtopIn(tmp, "inspect", "-d", "0", infra);
        assertTrue(sandbox.out().contains("Pod sandbox:         yes"), sandbox.out());
        JsonNode json = InProcess.jtopIn(tmp, "inspect", "--json", "-d", "0", a2).json();
        assertEquals(withInfra, json.path("pod_uid").asText(), "inspect --json keeps the listing's pod");
        assertNotNull(json.get("pod_cgroup"));
    }
}
