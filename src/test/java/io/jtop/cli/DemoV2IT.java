package io.jtop.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jtop.testing.Host;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestReporter;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code jtop demo} on a live cgroup v2 host (the v2 lane's guest): the kernel throttles demo-cpu
 * at its quota, OOM-kills demo-mem and holds demo-pids at its pids.max, and {@code demo --clean}
 * leaves no cgroup of jtop's behind.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DemoV2IT {

    private static final Path CGROUPS = Path.of("/sys/fs/cgroup");
    /** The kernel's verdicts take a while under emulation. */
    private static final long DEADLINE_NANOS = 180_000_000_000L;

    /** Static: JUnit fills an instance field only before each test, after {@code @BeforeAll}. */
    @TempDir
    static Path tmp;
    /** Whether the demo was asked to start: what it started is removed after the tests. */
    private boolean started;

    @BeforeAll
    void startTheDemo() {
        Host.requireCgroupV2();
        Host.requireRoot();
        Host.requireCommand("conmon");
        started = true;
        InProcess.Run demo = InProcess.jtopIn(tmp, "demo");
        assertEquals(0, demo.exit(), demo.err());
    }

    @AfterAll
    void cleanUp() {
        if (started) {
            InProcess.jtopIn(tmp, "demo", "--clean");
        }
    }

    @Test
    @Order(1)
    void demoCpuIsThrottledAtItsQuotaByTheKernel(TestReporter report) throws Exception {
        JsonNode cpu = until("demo-cpu", r -> r.path("state").asText().equals("running"));
        Path dir = CGROUPS.resolve(cpu.path("cgroup").asText().substring(1));
        assertEquals("50000 100000", Files.readString(dir.resolve("cpu.max")).strip(), dir.toString());
        Map<String, Long> before = cpuStat(dir);
        long t0 = System.nanoTime();
        // A measuring window, not a wait for an event: the quota is enforced per 100 ms period.
        Thread.sleep(5_000);
        Map<String, Long> after = cpuStat(dir);
        double seconds = (System.nanoTime() - t0) / 1e9;
        double cpus = (after.get("usage_usec") - before.get("usage_usec")) / 1e6 / seconds;
        long throttled = after.get("nr_throttled") - before.get("nr_throttled");
        String seen = String.format("%.3f CPU over %.1f s, %d periods throttled; cpu.stat now %s", cpus, seconds,
                throttled, after);
        report.publishEntry("demo-cpu", seen);
        assertTrue(cpus > 0.40 && cpus < 0.60, seen);
        assertTrue(throttled > 0, seen);
        JsonNode row = InProcess.row(ps(), "demo-cpu");
        assertEquals(0.5, row.path("cpu_limit").asDouble(), row.toString());
        assertTrue(row.path("cpu_throttled_periods").asLong() > 0, row.toString());
    }

    /**
     * Each container's CPU % is over its own interval (its two reads, each timed when it is made):
     * on a slow host, a sweep timed once and read later overshot, then undershot. In any window of
     * 1 s the kernel lets demo-cpu run at most its 50 ms in each of the 100 ms periods the window
     * touches, at most 11: 550 ms, so no 1 s sample may exceed 55 %.
     */
    @Test
    @Order(2)
    void noSampleOfDemoCpuExceedsWhatItsQuotaAllows(TestReporter report) throws Exception {
        until("demo-cpu", r -> r.path("state").asText().equals("running"));
        InProcess.Run top = InProcess.jtopIn(tmp, "top", "-b", "--json", "-d", "1", "-n", "10");
        assertEquals(0, top.exit(), top.err());
        List<Double> frames = new ArrayList<>();
        ObjectMapper json = new ObjectMapper();
        for (String line : top.out().strip().split("\n")) {
            frames.add(InProcess.row(json.readTree(line).path("containers"), "demo-cpu").path("cpu_percent").asDouble());
        }
        List<Double> ps = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ps.add(InProcess.row(InProcess.psAll(tmp, "1"), "demo-cpu").path("cpu_percent").asDouble());
        }
        double mean = frames.stream().mapToDouble(Double::doubleValue).average().orElse(0);
        String seen = String.format("top -b -d 1 frames %s (mean %.2f), ps -d 1 samples %s", frames, mean, ps);
        report.publishEntry("demo-cpu samples", seen);
        assertEquals(10, frames.size(), seen);
        Stream.concat(frames.stream(), ps.stream()).forEach(p -> assertTrue(p <= 55.0, seen));
        assertTrue(mean >= 45.0, seen);
    }

    @Test
    @Order(3)
    void demoMemIsOomKilled() throws Exception {
        JsonNode mem = until("demo-mem", r -> r.path("state").asText().equals("exited"));
        assertEquals(137, mem.path("exit_code").asInt(), mem.toString());
        assertTrue(mem.path("oom_killed").asBoolean(), mem.toString());
    }

    @Test
    @Order(4)
    void demoPidsIsHeldAtItsPidsMax() throws Exception {
        JsonNode pids = until("demo-pids", r -> r.path("pids_current").asInt() == 20);
        assertEquals("running", pids.path("state").asText(), pids.toString());
        assertEquals(20, pids.path("pids_limit").asInt(), pids.toString());
        Path dir = CGROUPS.resolve(pids.path("cgroup").asText().substring(1));
        assertEquals("20", Files.readString(dir.resolve("pids.max")).strip(), dir.toString());
        // Its loop's own short-lived children come and go at the limit: pids.current moves between
        // 19 and 20. The kernel's proof that it held it there is the forks it refused.
        long current = Long.parseLong(Files.readString(dir.resolve("pids.current")).strip());
        String events = Files.readString(dir.resolve("pids.events")).strip();
        assertTrue(current <= 20, dir + ": pids.current " + current);
        assertTrue(Long.parseLong(events.replaceAll("(?s).*\\bmax (\\d+).*", "$1")) > 0, dir + ": pids.events " + events);
    }

    @Test
    @Order(5)
    void demoCleanLeavesNoJtopCgroup() throws Exception {
        InProcess.Run clean = InProcess.jtopIn(tmp, "demo", "--clean");
        assertEquals(0, clean.exit(), clean.err());
        for (JsonNode r : ps()) {
            assertFalse(DemoCommand.NAMES.contains(r.path("name").asText()), "demo --clean left " + r);
        }
        Path jtop = CGROUPS.resolve("jtop");
        String left = Files.isDirectory(jtop) ? listing(jtop) : "";
        assertFalse(Files.exists(jtop), "demo --clean left the cgroup /jtop" + left);
        assertFalse(Files.readString(Path.of("/proc/self/mountinfo")).contains(tmp.toString()), "a mount is left");
    }

    /** The demo container {@code name} once {@code ready} holds for its row of {@code ps -a --json}. */
    private JsonNode until(String name, Predicate<JsonNode> ready) throws IOException {
        long deadline = System.nanoTime() + DEADLINE_NANOS;
        JsonNode row = InProcess.row(ps(), name);
        while (!ready.test(row) && System.nanoTime() < deadline) {
            row = InProcess.row(ps(), name);
        }
        return row;
    }

    private JsonNode ps() throws IOException {
        return InProcess.psAll(tmp, "1");
    }

    private static Map<String, Long> cpuStat(Path dir) throws IOException {
        return Files.readAllLines(dir.resolve("cpu.stat")).stream().map(l -> l.split(" "))
                .collect(Collectors.toMap(f -> f[0], f -> Long.parseLong(f[1])));
    }

    private static String listing(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return ": its children " + s.filter(Files::isDirectory).map(p -> p.getFileName().toString()).toList();
        }
    }
}
