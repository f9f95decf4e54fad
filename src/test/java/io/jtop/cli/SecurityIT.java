package io.jtop.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.jtop.testing.DockerFixture;
import io.jtop.testing.EngineCli;
import io.jtop.testing.Host;
import io.jtop.testing.Jtop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 17's security posture against real Docker containers (and a podman one for
 * {@code --privileged}): each risky option shows as its finding in {@code jtop inspect --json}
 * and as its flag in {@code jtop ps --json}; a plain container shows none of them. Read from the
 * kernel, without entering the container.
 */
class SecurityIT {
    /** The flags a risky option raises; a plain container has none of them. */
    private static final List<String> RISKY = List.of("caps", "no-seccomp", "sock", "sys-rw");

    /** By name: a container that docker created but could not start has no id here, and is removed too. */
    private final List<String> names = new ArrayList<>();

    @BeforeEach
    void docker() {
        Host.requireRoot();
        Host.requireDocker();
    }

    @AfterEach
    void removeThem() {
        names.forEach(DockerFixture::remove);
    }

    private String run(String name, String... options) {
        names.add("security17-it-" + name);
        List<String> args = new ArrayList<>(List.of("--name", "security17-it-" + name));
        args.addAll(List.of(options));
        args.addAll(List.of(DockerFixture.image(), "sleep", "100000"));
        return DockerFixture.run(args.toArray(String[]::new));
    }

    /**
     * Its inspect JSON once its command runs: right after {@code docker run -d} the init may still
     * be runc's, which holds every capability and no seccomp filter yet.
     */
    private static JsonNode inspect(String id, Predicate<JsonNode> ready) {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (true) {
            JsonNode j = Jtop.run("inspect", "--json", id).assertOk().json();
            JsonNode sec = j.get("security");
            if (sec != null && !sec.isNull() && ready.test(sec)) {
                return sec;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no settled security posture for " + id + ": " + sec);
            }
            Thread.onSpinWait();
        }
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    /** The security flags {@code ps --json} gives the container. */
    private static List<String> psFlags(String id) {
        for (JsonNode row : Jtop.run("ps", "--json").assertOk().json()) {
            if (row.get("id").asText().equals(id)) {
                return strings(row.get("security_flags"));
            }
        }
        throw new AssertionError(id + " is not in ps --json");
    }

    @Test
    void plainContainerShowsNoRiskyFinding() {
        String id = run("plain");
        JsonNode sec = inspect(id, s -> "filter".equals(s.get("seccomp").asText()));
        assertFalse(sec.get("privileged").asBoolean());
        assertEquals(List.of(), strings(sec.get("capabilities_beyond_default")));
        assertEquals(List.of(), strings(sec.get("engine_sockets")));
        assertEquals(List.of(), strings(sec.get("writable_kernel_trees")));
        List<String> flags = psFlags(id);
        assertTrue(flags.stream().noneMatch(RISKY::contains), flags.toString());
        // Docker without userns-remap: root inside is root on the host, and says so.
        assertTrue(sec.get("root_is_host_root").asBoolean());
    }

    @Test
    void capAddSysAdminIsNamedBeyondDockersDefault() {
        String id = run("cap", "--cap-add", "SYS_ADMIN");
        JsonNode sec = inspect(id, s -> "filter".equals(s.get("seccomp").asText()));
        assertEquals(List.of("SYS_ADMIN"), strings(sec.get("capabilities_beyond_default")));
        assertTrue(strings(sec.get("flags")).contains("caps"));
        assertTrue(psFlags(id).contains("caps"));
    }

    @Test
    void unconfinedSeccompIsNone() {
        String id = run("seccomp", "--security-opt", "seccomp=unconfined");
        JsonNode sec = inspect(id, s -> s.get("capabilities").size() < 20);
        assertEquals("none", sec.get("seccomp").asText());
        assertTrue(psFlags(id).contains("no-seccomp"));
    }

    @Test
    void dockerSocketMountedInsideIsFound() {
        String id = run("sock", "-v", "/var/run/docker.sock:/var/run/docker.sock");
        JsonNode sec = inspect(id, s -> "filter".equals(s.get("seccomp").asText()));
        assertEquals(List.of("/var/run/docker.sock"), strings(sec.get("engine_sockets")));
        assertTrue(psFlags(id).contains("sock"));
    }

    /** The commonest way to hand over the socket: its directory, which shows it under another name. */
    @Test
    void dockerSocketReachedThroughABoundDirectoryIsFound() {
        String id = run("sockdir", "-v", "/var/run:/host-run");
        JsonNode sec = inspect(id, s -> "filter".equals(s.get("seccomp").asText()));
        assertTrue(strings(sec.get("engine_sockets")).contains("/host-run/docker.sock"), sec.toString());
        assertTrue(strings(sec.get("flags")).contains("sock"));
        assertTrue(psFlags(id).contains("sock"));
    }

    /**
     * Live with podman: dockerd asks runc for every capability it knows, and a host whose bounding
     * set lacks one (a machine inside a container, as CI runs on) refuses {@code docker run
     * --privileged} ("unable to apply caps"); podman asks for the bounding set only. Docker's own
     * full set is SecurityPostureTest's fixture.
     */
    @Test
    void privilegedHoldsEveryCapabilityAndAWritableSys() {
        EngineCli podman = EngineCli.PODMAN;
        podman.require();
        String name = "security17-it-priv";
        try {
            // By name: one podman created but could not start is removed too.
            String id = podman.run("--name", name, "--stop-timeout", "1", "--privileged", podman.image(),
                    "sleep", "100000");
            JsonNode sec = inspect(id, s -> s.get("privileged").asBoolean());
            assertEquals("none", sec.get("seccomp").asText());
            assertEquals("podman", sec.get("default_capabilities_of").asText());
            assertTrue(strings(sec.get("writable_kernel_trees")).contains("/sys"));
            List<String> flags = psFlags(id);
            assertTrue(flags.contains("no-seccomp") && flags.contains("sys-rw"), flags.toString());
            assertFalse(flags.contains("caps"), "PRIV says it: no +CAPS beside it");
        } finally {
            podman.remove(name);
        }
    }
}
