package io.jtop.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.jtop.testing.Busybox;
import io.jtop.testing.Host;
import io.jtop.testing.Remains;
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
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * jtop's own runtime on a live cgroup v2 host (the v2 lane's guest): limits land in the v2 files
 * and read back; working set, PSI and io.stat figures agree with the kernel's files; pause goes
 * through cgroup.freeze; each container has a cgroup namespace of its own; and stop, kill and rm
 * leave nothing of a container behind.
 *
 * <p>Two containers: {@code rt-busy} spins under {@code --cpus 0.5} with limits on everything and
 * 16 MiB held in a file of its root file system (tmpfs in the guest, so charged to it as memory);
 * {@code rt-io} (privileged, to reach a block device) writes to a loop device of the test's own
 * with O_DIRECT, held by the kernel's {@code io.max} at {@link #WBPS} bytes a second.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RuntimeV2IT {

    private static final Path CGROUPS = Path.of("/sys/fs/cgroup");
    private static final String IMAGE = "v2rt-busybox:latest";
    /** What io.max lets rt-io write each second. */
    private static final long WBPS = 2L << 20;
    private static final long HELD = 16L << 20;
    /** Everything under emulation is slow: deadlines are minutes. */
    private static final long DEADLINE_NANOS = 120_000_000_000L;

    /** Static: JUnit fills an instance field only before each test, after {@code @BeforeAll}. */
    @TempDir
    static Path tmp;
    private String loop;
    private String device;
    private final List<String> started = new ArrayList<>();

    @BeforeAll
    void start() throws IOException {
        Host.requireCgroupV2();
        Host.requireRoot();
        Host.requireCommand("conmon");
        Host.requireCommand("losetup");
        Host.requireLoopDevices();
        Path backing = tmp.resolve("disk.img");
        try (RandomAccessFile f = new RandomAccessFile(backing.toFile(), "rw")) {
            f.write(new byte[64 << 20]); // written, not sparse: its tmpfs pages are charged here, not to rt-io
        }
        loop = Host.run("losetup", "--find", "--show", backing.toString()).strip();
        device = Files.readString(Path.of("/sys/block", Path.of(loop).getFileName().toString(), "dev")).strip();
        ok(jtop("image", "import", Busybox.rootfs(tmp.resolve("rootfs")).toString(), IMAGE));
        started.add("rt-busy");
        ok(jtop("run", "-d", "--name", "rt-busy", "--memory", "64m", "--memory-swap", "96m", "--cpus", "0.5",
                "--pids-limit", "30", IMAGE, "sh", "-c",
                "dd if=/dev/zero of=/held bs=1M count=16 2>/dev/null; while :; do :; done"));
        String[] majMin = device.split(":");
        started.add("rt-io");
        ok(jtop("run", "-d", "--name", "rt-io", "--privileged", IMAGE, "sh", "-c",
                "mknod /dev/blk b " + majMin[0] + " " + majMin[1]
                        + " && while :; do dd if=/dev/zero of=/dev/blk bs=64k count=256 oflag=direct 2>/dev/null; done"));
        Files.writeString(cgroupDir("rt-io").resolve("io.max"), device + " wbps=" + WBPS);
    }

    @AfterAll
    void cleanUp() {
        for (String name : started) {
            jtop("rm", "-f", name);
        }
        if (loop != null) {
            Host.run("losetup", "-d", loop);
        }
    }

    @Test
    @Order(1)
    void limitsLandInTheV2FilesAndInspectReadsThemBack() throws IOException {
        Path dir = cgroupDir("rt-busy");
        assertEquals("67108864", read(dir, "memory.max"));
        assertEquals("33554432", read(dir, "memory.swap.max"), "--memory-swap 96m is memory plus swap, as Docker's");
        assertEquals("50000 100000", read(dir, "cpu.max"));
        assertEquals("30", read(dir, "pids.max"));
        JsonNode limits = inspect("rt-busy").path("limits");
        assertEquals(67108864, limits.path("memory_bytes").asLong(), limits.toString());
        assertEquals(33554432, limits.path("swap_bytes").asLong(), limits.toString());
        assertEquals(0.5, limits.path("cpus").asDouble(), limits.toString());
        assertEquals(50000, limits.path("cpu_quota_us").asLong(), limits.toString());
        assertEquals(100000, limits.path("cpu_period_us").asLong(), limits.toString());
        assertEquals(30, limits.path("pids").asLong(), limits.toString());
        JsonNode row = row("rt-busy");
        assertEquals(67108864, row.path("memory_limit_bytes").asLong(), row.toString());
        assertEquals(33554432, row.path("swap_limit_bytes").asLong(), row.toString());
        assertEquals(0.5, row.path("cpu_limit").asDouble(), row.toString());
        assertEquals(30, row.path("pids_limit").asLong(), row.toString());
    }

    /**
     * jtop's working set against memory.current − inactive_file read by the test just before and
     * just after jtop's own read. The bracket allows for what changed between the reads; the slack
     * of 512 KiB for the kernel's lazy memory.stat: its counters are summed per CPU and flushed in
     * batches of 64 pages a CPU (6.1), while memory.current is exact, so inactive_file may lag
     * memory.current by up to 64 pages × 2 CPUs.
     */
    @Test
    @Order(2)
    void workingSetIsMemoryCurrentLessInactiveFile(TestReporter report) throws IOException {
        JsonNode row = until("rt-busy", r -> r.path("memory_working_set_bytes").asLong() >= HELD);
        Path dir = cgroupDir("rt-busy");
        long before = workingSet(dir);
        long jtop = row("rt-busy").path("memory_working_set_bytes").asLong();
        long after = workingSet(dir);
        long slack = 512 << 10;
        String seen = String.format(Locale.ROOT, "jtop %d, the files %d before and %d after (memory.stat: %s)",
                jtop, before, after, statLine(dir));
        report.publishEntry("working set", seen);
        assertTrue(jtop >= HELD, "less than the 16 MiB it holds: " + seen);
        assertTrue(jtop >= Math.min(before, after) - slack && jtop <= Math.max(before, after) + slack, seen);
        assertTrue(row.path("memory_usage_bytes").asLong() >= jtop, row.toString());
    }

    /**
     * PSI in inspect, JSON and text: each figure is one the file showed while jtop read it. The
     * test polls the file all the while (avg10 changes every 2 s, the polls are 20 ms apart), so
     * the value jtop read is among those seen: the JSON's exactly, the text's to its one decimal.
     */
    @Test
    @Order(3)
    void pressureInInspectIsTheFilesSomeAvg10(TestReporter report) throws Exception {
        until("rt-busy", r -> r.path("psi_cpu_some_avg10").asDouble() > 0);
        String[] keys = {"psi_cpu_some_avg10", "psi_memory_some_avg10", "psi_io_some_avg10"};
        for (String name : List.of("rt-busy", "rt-io")) {
            Path dir = cgroupDir(name);
            JsonNode[] json = new JsonNode[1];
            String[] text = new String[1];
            List<Set<Double>> seen = pressuresWhile(dir, () -> {
                json[0] = inspect(name);
                text[0] = ok(jtop("inspect", "-d", "0", name)).out();
            });
            String line = text[0].lines().filter(l -> l.strip().startsWith("Pressure:")).findFirst().orElse("");
            String said = name + ": jtop " + json[0].path(keys[0]) + " " + json[0].path(keys[1]) + " "
                    + json[0].path(keys[2]) + ", text '" + line.strip() + "'; the files showed " + seen;
            report.publishEntry("pressure", said);
            Matcher m = Pattern.compile("cpu ([0-9.]+), memory ([0-9.]+), io ([0-9.]+) \\(some, avg10 %\\)").matcher(line);
            assertTrue(m.find(), "no pressure line in inspect's text: " + text[0]);
            for (int k = 0; k < 3; k++) {
                assertTrue(json[0].path(keys[k]).isNumber(), keys[k] + " missing: " + said);
                assertTrue(seen.get(k).contains(json[0].path(keys[k]).asDouble()), keys[k] + ": " + said);
                double shown = Double.parseDouble(m.group(k + 1));
                // One decimal: at most half its unit off, 23.45 shown as 23.5 included (in doubles,
                // 23.5 - 23.45 is a little over 0.05).
                assertTrue(seen.get(k).stream().anyMatch(v -> Math.abs(v - shown) <= 0.05 + 1e-9), line + ": " + said);
            }
            double busy = json[0].path(name.equals("rt-busy") ? keys[0] : keys[2]).asDouble();
            assertTrue(busy > 0, name + (name.equals("rt-busy") ? " spins under its quota" : " waits on io.max")
                    + ": " + said);
        }
    }

    /**
     * rt-io is held at {@link #WBPS} by io.max: jtop's write rate over its window is that, as the
     * test's own two reads of io.stat around it say, and its byte count lies between them.
     */
    @Test
    @Order(4)
    void ioStatRatesAreTheKernelsWriteBytes(TestReporter report) throws IOException {
        Path dir = cgroupDir("rt-io");
        until("rt-io", r -> r.path("io_write_bytes").asLong() > 4 * WBPS);
        long t0 = System.nanoTime();
        long before = wbytes(dir);
        JsonNode row = InProcess.row(InProcess.psAll(tmp, "3"), "rt-io");
        long after = wbytes(dir);
        double seconds = (System.nanoTime() - t0) / 1e9;
        double files = (after - before) / seconds;
        double jtop = row.path("io_write_bytes_per_second").asDouble();
        String seen = String.format(Locale.ROOT, "jtop %.0f B/s, io.stat %.0f B/s over %.1f s (%d → %d), io.max %d;"
                + " jtop's count %d; io.stat %s", jtop, files, seconds, before, after, WBPS,
                row.path("io_write_bytes").asLong(), read(dir, "io.stat"));
        report.publishEntry("io", seen);
        assertTrue(row.path("io_write_bytes").asLong() >= before && row.path("io_write_bytes").asLong() <= after, seen);
        assertTrue(Math.abs(jtop - WBPS) <= WBPS * 0.2, seen);
        assertTrue(Math.abs(files - WBPS) <= WBPS * 0.2, seen);
    }

    @Test
    @Order(5)
    void pauseAndUnpauseGoThroughCgroupFreeze() throws IOException {
        Path dir = cgroupDir("rt-io");
        ok(jtop("pause", "rt-io"));
        assertEquals("1", read(dir, "cgroup.freeze"));
        assertTrue(read(dir, "cgroup.events").contains("frozen 1"), read(dir, "cgroup.events"));
        assertEquals("paused", row("rt-io").path("state").asText());
        assertEquals("paused", inspect("rt-io").path("state").asText());
        ok(jtop("unpause", "rt-io"));
        assertEquals("0", read(dir, "cgroup.freeze"));
        assertTrue(read(dir, "cgroup.events").contains("frozen 0"), read(dir, "cgroup.events"));
        assertEquals("running", row("rt-io").path("state").asText());
        assertEquals("running", inspect("rt-io").path("state").asText());
    }

    @Test
    @Order(6)
    void eachContainerHasItsOwnCgroupNamespaceRootedAtItsCgroup() throws IOException {
        ok(jtop("exec", "rt-busy", "sh", "-c", "cat /proc/self/cgroup > /cgroup.txt"));
        JsonNode i = inspect("rt-busy");
        Path merged = Path.of(i.path("overlay").path("merged").asText());
        assertEquals("0::/\n", Files.readString(merged.resolve("cgroup.txt")), "its /proc/self/cgroup");
        JsonNode ns = i.path("namespaces").path("cgroup");
        assertEquals(false, ns.path("shared_with_host").asBoolean(true), i.path("namespaces").toString());
        long host = (Long) Files.getAttribute(Path.of("/proc/1/ns/cgroup"), "unix:ino");
        assertNotEquals(host, ns.path("inode").asLong(), i.path("namespaces").toString());
    }

    @Test
    @Order(7)
    void stopLeavesNoCgroupMountOrRuntimeState() throws IOException {
        String id = row("rt-busy").path("id").asText();
        ok(jtop("stop", "-t", "1", "rt-busy"));
        assertEquals("exited", row("rt-busy").path("state").asText());
        assertNothingLeft(id, "stop");
    }

    /** A restart after the stop mounts the snapshot again: the 16 MiB file of its first run is there. */
    @Test
    @Order(8)
    void restartAfterTheStopMountsItsSnapshotAgain() throws IOException {
        ok(jtop("restart", "-t", "1", "rt-busy"));
        JsonNode row = row("rt-busy");
        assertEquals("running", row.path("state").asText(), row.toString());
        assertTrue(Files.isDirectory(cgroupDir("rt-busy")), row.toString());
        Path held = Path.of(inspect("rt-busy").path("overlay").path("merged").asText(), "held");
        assertEquals(HELD, Files.size(held), held.toString());
    }

    @Test
    @Order(9)
    void killLeavesNoCgroupMountOrRuntimeState() throws IOException {
        String id = row("rt-io").path("id").asText();
        ok(jtop("kill", "rt-io"));
        until("rt-io", r -> r.path("state").asText().equals("exited"));
        assertNothingLeft(id, "kill");
    }

    /** rm of an exited container and rm -f of a running one: nothing of either is left on the host. */
    @Test
    @Order(10)
    void rmLeavesNothing(TestReporter report) throws IOException {
        String busy = row("rt-busy").path("id").asText();
        String io = row("rt-io").path("id").asText();
        ok(jtop("rm", "rt-io"));
        ok(jtop("rm", "-f", "rt-busy"));
        for (String id : List.of(busy, io)) {
            assertEquals(List.of(), Remains.awaitNone(id, tmp.resolve("root"), tmp.resolve("run")), "rm left of " + id);
        }
        Path parent = CGROUPS.resolve("jtop");
        report.publishEntry("after the last rm", Files.isDirectory(parent) ? parent + " is left" : parent + " is gone");
    }

    private void assertNothingLeft(String id, String after) throws IOException {
        List<String> left = new ArrayList<>();
        if (Files.exists(CGROUPS.resolve("jtop").resolve(id))) {
            left.add("cgroup /jtop/" + id);
        }
        Files.readAllLines(Path.of("/proc/self/mountinfo")).stream().filter(l -> l.contains(id))
                .forEach(l -> left.add("mount " + l));
        if (Files.exists(tmp.resolve("run").resolve("runc").resolve(id))) {
            left.add("runc state " + tmp.resolve("run").resolve("runc").resolve(id));
        }
        assertEquals(List.of(), left, after + " left these of " + id);
    }

    /** The container {@code name}'s row once {@code ready} holds for it, or at the deadline. */
    private JsonNode until(String name, Predicate<JsonNode> ready) throws IOException {
        long deadline = System.nanoTime() + DEADLINE_NANOS;
        JsonNode row = row(name);
        while (!ready.test(row) && System.nanoTime() < deadline) {
            row = row(name);
        }
        return row;
    }

    private JsonNode row(String name) throws IOException {
        return InProcess.row(InProcess.psAll(tmp, "0.5"), name);
    }

    private JsonNode inspect(String name) throws IOException {
        return ok(jtop("inspect", "--json", "-d", "0", name)).json();
    }

    private Path cgroupDir(String name) throws IOException {
        return CGROUPS.resolve(row(name).path("cgroup").asText().substring(1));
    }

    private static long workingSet(Path dir) throws IOException {
        long current = Long.parseLong(read(dir, "memory.current"));
        return Math.max(0, current - stat(dir, "inactive_file"));
    }

    private static long stat(Path dir, String key) throws IOException {
        for (String l : Files.readAllLines(dir.resolve("memory.stat"))) {
            if (l.startsWith(key + " ")) {
                return Long.parseLong(l.substring(key.length() + 1));
            }
        }
        throw new AssertionError("no " + key + " in " + dir.resolve("memory.stat"));
    }

    private static String statLine(Path dir) throws IOException {
        return "inactive_file " + stat(dir, "inactive_file") + ", shmem " + stat(dir, "shmem") + ", anon "
                + stat(dir, "anon") + ", file " + stat(dir, "file");
    }

    /** What {@link #pressuresWhile} runs. */
    private interface Action {
        void run() throws Exception;
    }

    /** Every value each of cpu, memory and io pressure's some avg10 showed while {@code action} ran. */
    private static List<Set<Double>> pressuresWhile(Path dir, Action action) throws Exception {
        List<Set<Double>> seen = List.of(new ConcurrentSkipListSet<>(), new ConcurrentSkipListSet<>(),
                new ConcurrentSkipListSet<>());
        AtomicBoolean done = new AtomicBoolean();
        Thread poller = new Thread(() -> {
            try {
                while (!done.get()) {
                    double[] now = pressures(dir);
                    for (int k = 0; k < 3; k++) {
                        seen.get(k).add(now[k]);
                    }
                    Thread.sleep(20);
                }
            } catch (IOException | InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        double[] first = pressures(dir);
        for (int k = 0; k < 3; k++) {
            seen.get(k).add(first[k]);
        }
        poller.start();
        try {
            action.run();
        } finally {
            done.set(true);
            poller.join();
        }
        double[] last = pressures(dir);
        for (int k = 0; k < 3; k++) {
            seen.get(k).add(last[k]);
        }
        return seen;
    }

    /** Each of cpu, memory and io pressure: the file's {@code some avg10}. */
    private static double[] pressures(Path dir) throws IOException {
        double[] out = new double[3];
        String[] files = {"cpu.pressure", "memory.pressure", "io.pressure"};
        for (int k = 0; k < 3; k++) {
            String some = read(dir, files[k]).lines().findFirst().orElseThrow();
            out[k] = Double.parseDouble(some.replaceAll(".*avg10=([0-9.]+).*", "$1"));
        }
        return out;
    }

    /** io.stat's wbytes summed over its devices. */
    private static long wbytes(Path dir) throws IOException {
        long sum = 0;
        for (String field : read(dir, "io.stat").split("\\s+")) {
            if (field.startsWith("wbytes=")) {
                sum += Long.parseLong(field.substring(7));
            }
        }
        return sum;
    }

    private static String read(Path dir, String file) throws IOException {
        return Files.readString(dir.resolve(file)).strip();
    }

    private static InProcess.Run jtop(String... args) {
        return InProcess.jtopIn(tmp, args);
    }

    private static InProcess.Run ok(InProcess.Run r) {
        assertEquals(0, r.exit(), "jtop exited " + r.exit() + ": " + r.err());
        return r;
    }
}
