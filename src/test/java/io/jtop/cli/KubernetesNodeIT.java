package io.jtop.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.jtop.container.Container;
import io.jtop.container.Membership;
import io.jtop.testing.Busybox;
import io.jtop.testing.Jtop;
import io.jtop.testing.OciLayout;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static io.jtop.testing.Host.requireCommand;
import static io.jtop.testing.Host.requireRoot;
import static io.jtop.testing.Host.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A Kubernetes pod as containerd's CRI makes it, on a containerd of the test's own (its own
 * {@code --root}, {@code --state} and socket under the test's directory, never the system's),
 * named by jtop without any cluster API: a sandbox and two containers in namespace {@code k8s.io},
 * each with the annotations and the {@code kubepods} cgroup path (cgroupfs driver, burstable) that
 * the CRI plugin gives them, the two containers in the sandbox's network, IPC and UTS namespaces.
 *
 * <p>They are made with {@code ctr run --annotation … --cgroup …}, not through the CRI service as
 * the kubelet would: Debian 12 has no CRI client ({@code cri-tools}, which holds {@code crictl}, is
 * not packaged), and jtop has no gRPC. The annotations are those containerd 1.6's CRI plugin writes
 * (pkg/cri/annotations), so what jtop reads is what it reads on a node.
 */
class KubernetesNodeIT {

    private static final String IMAGE = "docker.io/library/k8s16-busybox:1";
    private static final String NAMESPACE = "shop";
    private static final String POD = "web-0";
    private static final SecureRandom RANDOM = new SecureRandom();

    @TempDir
    Path tmp;

    private final String uid = UUID.randomUUID().toString();
    private final String sandbox = id();
    private final String app = id();
    private final String sidecar = id();
    private Process containerd;
    private Path socket;

    @Test
    void aPodsSandboxAndContainersAreNamedFromWhatContainerdKeeps() throws Exception {
        requireRoot();
        requireCommand("containerd");
        requireCommand("ctr");
        startContainerd();
        importImage();
        Path logs = tmp.resolve("pods/" + NAMESPACE + "_" + POD + "_" + uid);
        for (String log : List.of("app/0.log", "app/1.log", "sidecar/0.log")) {
            Files.createDirectories(logs.resolve(log).getParent());
            Files.createFile(logs.resolve(log));
        }
        String pod = "/kubepods/burstable/pod" + uid;
        ctr("run", "-d", "--cgroup", pod + "/" + sandbox,
                "--annotation", "io.kubernetes.cri.container-type=sandbox",
                "--annotation", "io.kubernetes.cri.sandbox-id=" + sandbox,
                "--annotation", "io.kubernetes.cri.sandbox-name=" + POD,
                "--annotation", "io.kubernetes.cri.sandbox-namespace=" + NAMESPACE,
                "--annotation", "io.kubernetes.cri.sandbox-uid=" + uid,
                "--annotation", "io.kubernetes.cri.sandbox-log-directory=" + logs,
                IMAGE, sandbox, "/bin/sleep", "3600");
        int pause = taskPid(sandbox);
        for (String[] c : List.of(new String[] {app, "app"}, new String[] {sidecar, "sidecar"})) {
            ctr("run", "-d", "--cgroup", pod + "/" + c[0],
                    "--with-ns", "network:/proc/" + pause + "/ns/net",
                    "--with-ns", "ipc:/proc/" + pause + "/ns/ipc",
                    "--with-ns", "uts:/proc/" + pause + "/ns/uts",
                    "--annotation", "io.kubernetes.cri.container-type=container",
                    "--annotation", "io.kubernetes.cri.sandbox-id=" + sandbox,
                    "--annotation", "io.kubernetes.cri.sandbox-name=" + POD,
                    "--annotation", "io.kubernetes.cri.sandbox-namespace=" + NAMESPACE,
                    "--annotation", "io.kubernetes.cri.sandbox-uid=" + uid,
                    "--annotation", "io.kubernetes.cri.container-name=" + c[1],
                    "--annotation", "io.kubernetes.cri.image-name=" + IMAGE,
                    IMAGE, c[0], "/bin/sleep", "3600");
        }

        Map<String, JsonNode> ps = new HashMap<>();
        for (JsonNode c : Jtop.run("ps", "--json").assertOk().json()) {
            ps.put(c.get("id").asText(), c);
        }
        assertRow(ps.get(sandbox), NAMESPACE + "/" + POD, true, null, null);
        assertRow(ps.get(app), NAMESPACE + "/" + POD + "/app", false, 1, IMAGE);
        assertRow(ps.get(sidecar), NAMESPACE + "/" + POD + "/sidecar", false, 0, IMAGE);
        for (String id : List.of(sandbox, app, sidecar)) {
            assertTrue(Files.isDirectory(Path.of("/sys/fs/cgroup/memory" + pod + "/" + id), LinkOption.NOFOLLOW_LINKS),
                    "the pod's cgroup holds " + id);
        }

        // Grouped by pod: one group, its three members, its figures and limits the pod cgroup's own.
        Path memory = Path.of("/sys/fs/cgroup/memory" + pod);
        Path pids = Path.of("/sys/fs/cgroup/pids" + pod);
        Files.writeString(memory.resolve("memory.limit_in_bytes"), String.valueOf(96L << 20));
        Files.writeString(pids.resolve("pids.max"), "64");
        JsonNode grouped = Jtop.run("ps", "--group", "pod", "--json").assertOk().json();
        JsonNode group = null;
        for (JsonNode g : grouped.get("groups")) {
            if (g.get("name").asText().equals(NAMESPACE + "/" + POD)) {
                group = g;
            }
        }
        assertNotNull(group, "the pod is a group: " + grouped);
        assertEquals("pod", group.get("kind").asText());
        assertEquals(3, group.get("member_count").asInt());
        assertEquals(pod, group.get("cgroup").asText());
        assertEquals("cgroup", group.get("figures_from").asText());
        assertEquals(96L << 20, group.get("memory_limit_bytes").asLong());
        assertEquals(64, group.get("pids_limit").asInt());
        assertEquals(Long.parseLong(Files.readString(pids.resolve("pids.current")).trim()),
                group.get("pids_current").asLong(), "the pod cgroup's pids.current");
        assertEquals(3, group.get("pids_current").asInt(), "a sleep in each of the three containers");

        // The merged listing the UI samples: the same names, and the same objects tick after tick.
        try (Host host = new Host(Path.of("/"), Host.CONTINUOUS_FULL_EVERY, null, null, 0)) {
            Map<String, Container> first = byId(host.backend.list(false));
            Map<String, Container> second = byId(host.backend.list(false));
            assertEquals(Membership.kubernetes(NAMESPACE, POD, uid, "burstable", pod, false, "app"),
                    first.get(app).membership());
            assertEquals(Membership.kubernetes(NAMESPACE, POD, uid, "burstable", pod, true, null),
                    first.get(sandbox).membership());
            for (String id : List.of(sandbox, app, sidecar)) {
                assertSame(first.get(id), second.get(id), id);
            }
        }
    }

    private void assertRow(JsonNode c, String name, boolean isSandbox, Integer restarts, String image) {
        assertNotNull(c, name + " is listed");
        assertEquals(name, c.get("name").asText());
        assertEquals("containerd", c.get("runtime").asText());
        assertEquals(POD, c.get("pod").asText());
        assertEquals(NAMESPACE, c.get("pod_namespace").asText());
        assertEquals(uid, c.get("pod_uid").asText());
        assertEquals("burstable", c.get("qos").asText());
        assertEquals("/kubepods/burstable/pod" + uid, c.get("pod_cgroup").asText());
        assertEquals(isSandbox, c.get("sandbox").asBoolean(), name);
        assertEquals(restarts == null ? null : restarts.toString(), text(c.get("restart_count")), name);
        // containerd 1.6 records no image name in a sandbox's spec
        assertEquals(image, text(c.get("image")), name);
    }

    private static String text(JsonNode n) {
        return n == null || n.isNull() ? null : n.asText();
    }

    private static Map<String, Container> byId(List<Container> listed) {
        Map<String, Container> out = new HashMap<>();
        listed.forEach(c -> out.put(c.id(), c));
        return out;
    }

    private void startContainerd() throws IOException, InterruptedException {
        socket = tmp.resolve("containerd.sock");
        Path config = tmp.resolve("config.toml");
        // The CRI plugin is off: it would start its own network and streaming servers, and nothing here calls it.
        Files.writeString(config, "version = 2\ndisabled_plugins = [\"io.containerd.grpc.v1.cri\"]\n");
        containerd = new ProcessBuilder("containerd", "--config", config.toString(), "--root", tmp.resolve("root").toString(),
                "--state", tmp.resolve("state").toString(), "--address", socket.toString())
                .redirectErrorStream(true).redirectOutput(tmp.resolve("containerd.log").toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (exec("ctr", "-a", socket.toString(), "version") != 0) {
            if (!containerd.isAlive() || System.nanoTime() > deadline) {
                throw new AssertionError("containerd did not answer on " + socket + ": "
                        + Files.readString(tmp.resolve("containerd.log")));
            }
            Thread.sleep(50); // polling the socket until it answers
        }
    }

    /** An OCI image of busybox-static, imported from a tar the test writes: nothing is pulled. */
    private void importImage() throws IOException {
        Path rootfs = Busybox.rootfs(tmp.resolve("rootfs"));
        Path layer = tmp.resolve("layer.tar");
        run("tar", "-C", rootfs.toString(), "-cf", layer.toString(), ".");
        Path layout = OciLayout.write(tmp.resolve("oci"), IMAGE, List.of(Files.readAllBytes(layer)));
        Path tar = tmp.resolve("oci.tar");
        run("tar", "-C", layout.toString(), "-cf", tar.toString(), ".");
        ctr("images", "import", tar.toString());
    }

    private int taskPid(String id) {
        for (String line : ctr("task", "ls").split("\n")) {
            String[] f = line.trim().split("\\s+");
            if (f.length >= 2 && f[0].equals(id)) {
                return Integer.parseInt(f[1]);
            }
        }
        throw new AssertionError("no task " + id);
    }

    private String ctr(String... args) {
        List<String> argv = new ArrayList<>(List.of("ctr", "-a", socket.toString(), "-n", "k8s.io"));
        argv.addAll(List.of(args));
        return run(argv.toArray(String[]::new));
    }

    private static int exec(String... argv) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        if (!p.waitFor(20, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return -1;
        }
        return p.exitValue();
    }

    /** Tasks, containers, containerd, its mounts and the pod's cgroups go, whatever the test's outcome. */
    @AfterEach
    void cleanUp() throws Exception {
        if (containerd != null && containerd.isAlive()) {
            for (String id : List.of(app, sidecar, sandbox)) {
                String a = socket.toString();
                exec("ctr", "-a", a, "-n", "k8s.io", "task", "kill", "-s", "KILL", id);
                exec("ctr", "-a", a, "-n", "k8s.io", "task", "delete", "--force", id);
                exec("ctr", "-a", a, "-n", "k8s.io", "container", "delete", id);
            }
            containerd.destroy();
            if (!containerd.waitFor(20, TimeUnit.SECONDS)) {
                containerd.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
        for (String line : Files.readAllLines(Path.of("/proc/self/mountinfo"))) {
            String[] f = line.split(" ");
            if (f.length > 4 && f[4].startsWith(tmp.toString() + "/")) {
                exec("umount", "-l", f[4]);
            }
        }
        removePodCgroups();
    }

    /** The pod's cgroup and its containers' in every hierarchy, then its parents if nothing else uses them. */
    private void removePodCgroups() throws IOException {
        List<Path> hierarchies;
        try (Stream<Path> s = Files.list(Path.of("/sys/fs/cgroup"))) {
            hierarchies = s.toList();
        }
        for (Path h : hierarchies) {
            Path pod = h.resolve("kubepods/burstable/pod" + uid);
            if (Files.isDirectory(pod, LinkOption.NOFOLLOW_LINKS)) {
                for (String id : List.of(app, sidecar, sandbox)) {
                    Files.deleteIfExists(pod.resolve(id));
                }
                Files.deleteIfExists(pod);
            }
            for (Path parent : List.of(h.resolve("kubepods/burstable"), h.resolve("kubepods"))) {
                try {
                    Files.deleteIfExists(parent);
                } catch (IOException e) {
                    // not empty: another pod's, or not ours
                }
            }
        }
    }

    private static String id() {
        byte[] b = new byte[32];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }
}
