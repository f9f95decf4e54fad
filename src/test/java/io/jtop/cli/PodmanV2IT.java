package io.jtop.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jtop.backend.discovery.CgroupDiscovery;
import io.jtop.container.Container;
import io.jtop.container.Runtime;
import io.jtop.linux.cgroup.Cgroups;
import io.jtop.linux.proc.KernelFiles;
import io.jtop.linux.proc.ProcFs;
import io.jtop.testing.EngineCli;
import io.jtop.testing.Host;
import io.jtop.testing.Jtop;
import io.jtop.testing.StatsTolerance;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.TestReporter;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Podman's containers on a live cgroup v2 host (the v2 lane's guest), made by podman with crun and
 * the cgroupfs manager (the guest runs no systemd): jtop finds them in the cgroup tree at
 * {@code /libpod_parent/libpod-<id>}, names them through podman's API service, shows CPU and
 * memory within {@link StatsTolerance} of {@code podman stats}, and lists them for a user who is
 * not root, saying once what that user cannot see. The systemd form of their cgroups
 * ({@code …/libpod-<id>.scope}) is covered on fixtures: CgroupPathClassifierTest and
 * CgroupV2ReaderTest.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PodmanV2IT {

    private static final Path CGROUPS = Path.of("/sys/fs/cgroup");
    /** Anonymous memory the busy container holds: a shell variable of this many bytes. */
    private static final long HELD = 16_000_000;
    private static final Duration DEADLINE = Duration.ofMinutes(2);
    private static final long POLL_NANOS = 200_000_000L;
    private static final String NOTICE = "not root: namespaces, overlay layers and the privileged flag";
    private static final String PODMAN_HIDDEN = ", and so are the names, images and exited ones of podman's containers "
            + "(this user may not connect to its socket " + EngineCli.PODMAN_SOCKET + ")";

    /** Static: JUnit fills an instance field only before each test, after {@code @BeforeAll}. */
    @TempDir
    static Path tmp;
    private EngineCli podman;
    private Process service;
    /** The CPU-bound container (0.5 CPU, holding {@link #HELD} bytes) and an idle one: their ids. */
    private String busy;
    private String idle;
    /** podman inspect of each, taken once: a podman command takes seconds under emulation. */
    private final Map<String, JsonNode> inspected = new HashMap<>();

    @BeforeAll
    void startPodman() throws IOException {
        Host.requireCgroupV2();
        Host.requireRoot();
        Host.requireCommand("podman");
        Host.requireCommand("crun");
        Host.requireCommand("setpriv");
        assertFalse(Files.exists(EngineCli.PODMAN_SOCKET), "another podman service is on " + EngineCli.PODMAN_SOCKET);
        // Events to a file: the journal podman writes them to by default is not there without systemd.
        podman = EngineCli.podman(List.of("--runtime", "crun", "--cgroup-manager", "cgroupfs", "--events-backend",
                "file"), List.of("--network", "none", "--stop-timeout", "1"));
        String image = podman.image();
        busy = podman.run("--name", "podman-v2-busy", "--cpus", "0.5", "--memory", "64m", image, "sh", "-c",
                "x=$(head -c " + HELD + " /dev/zero | tr '\\000' a); while :; do :; done; echo ${#x}");
        idle = podman.run("--name", "podman-v2-idle", image, "sleep", "100000");
        for (JsonNode i : new ObjectMapper().readTree(podman.cli("inspect", busy, idle))) {
            inspected.put(i.path("Id").asText(), i);
        }
        service = podman.serve(EngineCli.PODMAN_SOCKET, tmp.resolve("podman-service.log"), DEADLINE);
        awaitHeld(CGROUPS.resolve(cgroupOf(busy).substring(1)).resolve("memory.stat"));
    }

    @AfterAll
    void stopPodman() throws Exception {
        if (podman == null) {
            return;
        }
        try {
            if (busy != null && idle != null) {
                podman.cli("rm", "-f", busy, idle);
            } else {
                podman.removeAll(); // by their label: one may have been made before its run failed
            }
        } finally {
            if (service != null) {
                service.destroy();
                if (!service.waitFor(30, TimeUnit.SECONDS)) {
                    service.destroyForcibly();
                }
            }
            Files.deleteIfExists(EngineCli.PODMAN_SOCKET);
        }
    }

    @Test
    @Order(1)
    void discoveredAtTheirCgroupfsPathsAndNamedByPodman(TestReporter report) throws Exception {
        // The cgroup tree alone, as jtop's discovery walks it: every podman container, with its init.
        Map<String, Container> found = new HashMap<>();
        try (KernelFiles files = new KernelFiles(256)) {
            for (Container c : new CgroupDiscovery(Cgroups.open(Path.of("/"), files), new ProcFs(Path.of("/"), files))
                    .list(false)) {
                found.put(c.id(), c);
            }
        }
        for (Container c : found.values()) {
            assertTrue(c.runtime() != Runtime.PODMAN || List.of(busy, idle).contains(c.id()),
                    "podman's own cgroups (/libpod_parent/conmon) are no container: " + c);
        }
        for (String id : List.of(busy, idle)) {
            Container c = found.get(id);
            assertNotNull(c, "discovery finds " + id + " in " + found.values());
            assertEquals(Runtime.PODMAN, c.runtime(), c.toString());
            assertEquals(cgroupOf(id), c.cgroup(), "the path podman's cgroupfs manager makes, as the kernel says");
            assertEquals(pidOf(id), c.pid(), "init pid of " + id);
        }
        // jtop ps: those rows, named by podman's service. Its first answer in this JVM may come
        // after ps stops waiting for it (the engine client loads slowly under emulation): list again.
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        int calls = 0;
        JsonNode rows;
        do {
            rows = ps("0");
            calls++;
        } while (!(named(rows, busy) && named(rows, idle)) && System.nanoTime() < deadline);
        report.publishEntry("ps calls until podman's names", Integer.toString(calls));
        for (String id : List.of(busy, idle)) {
            JsonNode row = rowOf(rows, id);
            assertEquals(inspected.get(id).path("Name").asText(), row.path("name").asText(), row.toString());
            assertEquals("podman", row.path("runtime").asText(), row.toString());
            assertEquals(cgroupOf(id), row.path("cgroup").asText(), row.toString());
            assertEquals(pidOf(id), row.path("pid").asLong(), row.toString());
        }
        assertEquals("podman-v2-busy", rowOf(rows, busy).path("name").asText());
    }

    /** After the first: ps then waits nothing for podman's service, and its call is its window. */
    @Test
    @Order(2)
    void cpuAndMemoryAsPodmanStatsSaysThem(TestReporter report) throws Exception {
        StatsTolerance.Measured<JsonNode> m = StatsTolerance.kernelCpuDuring(cgroupOf(busy), () -> rowOf(ps("3"), busy));
        long readAt = System.currentTimeMillis();
        JsonNode row = m.value();
        JsonNode stats = new ObjectMapper().readTree(podman.cli("stats", "--no-stream", "--format", "json", busy)).get(0);
        // podman 4's first sample (all of --no-stream) is the CPU % since the container started, as
        // jtop's counter gives it over the same span; jtop's CPU % is over its own call, as the
        // kernel's is (the loop gets less than its quota while the guest is busy). On cgroup v2
        // podman's memory is memory.stat's anon, jtop's working set memory.current less inactive_file.
        double sinceStart = row.path("cpu_usage_nanos").asLong() / 1e4
                / (readAt - Instant.parse(row.path("started_at").asText()).toEpochMilli());
        String seen = "jtop " + row + "\npodman stats " + stats;
        report.publishEntry("podman-v2-busy", String.format(Locale.ROOT, "jtop: cpu %s %% over its call (the kernel's "
                        + "%.2f %%), %.2f %% since the start, working set %d; podman stats: cpu %s, memory %s",
                row.path("cpu_percent"), m.kernelPercent(), sinceStart, row.path("memory_working_set_bytes").asLong(),
                stats.path("cpu_percent").asText(), stats.path("mem_usage").asText()));
        assertTrue(row.path("cpu_percent").isNumber(), seen);
        StatsTolerance.assertCpuNear(row.path("cpu_percent").asDouble(), m.kernelPercent(), "the kernel",
                "podman-v2-busy over jtop's call");
        StatsTolerance.assertCpuNear(sinceStart, StatsTolerance.parsePercent(stats.path("cpu_percent").asText()),
                "podman stats", "podman-v2-busy since its start");
        long memory = row.path("memory_working_set_bytes").asLong();
        StatsTolerance.assertMemoryNear(memory, StatsTolerance.parseSize(stats.path("mem_usage").asText().split("/")[0]),
                "podman stats", "podman-v2-busy");
        assertTrue(memory >= HELD, "the " + HELD + " bytes it holds: " + seen);
        assertEquals(0.5, row.path("cpu_limit").asDouble(), seen);
        assertEquals(64L << 20, row.path("memory_limit_bytes").asLong(), seen);
    }

    @Test
    @Order(3)
    void nobodySeesThemWithFiguresAndIsToldOnceWhatIsHidden(TestReporter report) {
        Jtop.Result ps = Jtop.runAsNobody(tmp, "ps", "--json", "-d", "1").assertOk();
        report.publishEntry("nobody's stderr", ps.err());
        JsonNode rows = ps.json();
        for (String id : List.of(busy, idle)) {
            JsonNode row = rowOf(rows, id);
            assertEquals("podman", row.path("runtime").asText(), row.toString());
            assertEquals(cgroupOf(id), row.path("cgroup").asText(), row.toString());
            assertEquals(pidOf(id), row.path("pid").asLong(), row.toString());
            assertTrue(row.path("cpu_percent").isNumber(), "cgroup files are world-readable: " + row);
            assertTrue(row.path("host_namespaces").isNull(), "namespaces hidden, not guessed: " + row);
            assertFalse(ps.err().contains(id.substring(0, 12)), "a line per container: " + ps.err());
        }
        assertTrue(rowOf(rows, busy).path("memory_working_set_bytes").asLong() >= HELD, rowOf(rows, busy).toString());
        // One line: what is hidden and why, podman's names and images (its socket is root's) among it.
        List<String> lines = ps.err().lines().toList();
        assertEquals(1, lines.size(), "one line: " + ps.err());
        assertTrue(lines.get(0).contains(NOTICE) && lines.get(0).contains(PODMAN_HIDDEN), lines.get(0));
    }

    private static JsonNode ps(String seconds) {
        InProcess.Run r = InProcess.jtopIn(tmp, "ps", "--json", "-d", seconds);
        assertEquals(0, r.exit(), r.err());
        try {
            return r.json();
        } catch (IOException e) {
            throw new AssertionError("jtop ps printed no JSON: " + r.out(), e);
        }
    }

    private static boolean named(JsonNode rows, String id) {
        for (JsonNode r : rows) {
            if (r.path("id").asText().equals(id)) {
                return !r.path("name").isNull();
            }
        }
        return false;
    }

    private static JsonNode rowOf(JsonNode rows, String id) {
        for (JsonNode r : rows) {
            if (r.path("id").asText().equals(id)) {
                return r;
            }
        }
        throw new AssertionError("no row of " + id + " in " + rows);
    }

    private long pidOf(String id) {
        return inspected.get(id).path("State").path("Pid").asLong();
    }

    /** The container's cgroup as the kernel tells it for its init ({@code /proc/PID/cgroup}, v2's one line). */
    private String cgroupOf(String id) {
        try {
            String line = Files.readString(Path.of("/proc", Long.toString(pidOf(id)), "cgroup")).strip();
            assertTrue(line.startsWith("0::/"), line);
            String path = line.substring("0::".length());
            assertEquals("/libpod_parent/libpod-" + id, path, "podman's cgroupfs manager on v2");
            return path;
        } catch (IOException e) {
            throw new AssertionError("cannot read the cgroup of " + id, e);
        }
    }

    /** Waits until the busy container's shell holds its variable: anon in its memory.stat. */
    private static void awaitHeld(Path memoryStat) throws IOException {
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        long anon = 0;
        while (anon < HELD && System.nanoTime() < deadline) {
            for (String line : Files.readAllLines(memoryStat)) {
                if (line.startsWith("anon ")) {
                    anon = Long.parseLong(line.substring("anon ".length()));
                }
            }
            LockSupport.parkNanos(POLL_NANOS);
        }
        assertTrue(anon >= HELD, memoryStat + ": anon " + anon + " after " + DEADLINE);
    }
}
