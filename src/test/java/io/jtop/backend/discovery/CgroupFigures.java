package io.jtop.backend.discovery;

import com.fasterxml.jackson.databind.JsonNode;
import io.jtop.testing.Jtop;
import io.jtop.testing.StatsTolerance;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * For the live tests of containers that only discovery sees (LXC, nspawn) on a cgroup v1 host:
 * what {@code jtop ps --json} prints of one, held against the files of its cgroup read around the
 * same call, and the waits those tests need.
 */
final class CgroupFigures {

    /** What the tests' containers hold in /dev/shm, which their memory cgroup is charged for. */
    static final long LOAD_BYTES = 8L << 20;
    /** The load: {@link #LOAD_BYTES} in /dev/shm, three sleeping children and a busy loop, in a shell. */
    static final String LOAD = "dd if=/dev/zero of=/dev/shm/load bs=1M count=8 2>/dev/null;"
            + " for i in 1 2 3; do sleep 1000 & done; while :; do :; done";
    /** Processes of the load once it runs: the shell and its three sleeps. */
    static final long LOAD_PIDS = 4;

    private CgroupFigures() {
    }

    /** The {@code ps --json} row of the container {@code id}, measured over {@code delay} seconds; null if not listed. */
    static JsonNode psRow(Path store, String id, String delay) {
        JsonNode all = Jtop.run("--root", store.resolve("root").toString(), "--run-dir", store.resolve("run").toString(),
                "ps", "--json", "-d", delay).assertOk().json();
        for (JsonNode row : all) {
            if (row.path("id").asText().equals(id)) {
                return row;
            }
        }
        return null;
    }

    /** A v1 controller's file of {@code cgroup}, e.g. {@code memory}, {@code memory.limit_in_bytes}. */
    static long read(String controller, String cgroup, String file) {
        Path p = Path.of("/sys/fs/cgroup", controller + cgroup, file);
        try {
            return Long.parseLong(Files.readString(p).strip());
        } catch (IOException | NumberFormatException e) {
            throw new AssertionError("cannot read " + p, e);
        }
    }

    /** Waits until the load runs in {@code cgroup}: its processes all there, its memory written. */
    static void awaitLoad(String cgroup, String what) throws InterruptedException {
        await(() -> read("pids", cgroup, "pids.current") == LOAD_PIDS
                && read("memory", cgroup, "memory.usage_in_bytes") >= LOAD_BYTES, 30, what + "'s load running in " + cgroup);
    }

    /**
     * {@code ps --json}'s figures of the container {@code id}, measured over one second, against
     * its cgroup's files: the CPU counter between the values read before and after the call, and
     * CPU % no more than that whole call's CPU time in one second allows, above 0 and within the
     * 0.5 CPU quota the tests set (jtop's second and the call are not the same window, so a
     * moving % is held to bounds, not to another %); memory within
     * {@link StatsTolerance#MEMORY_BYTES} of the files (the load is still); pids and limits
     * exactly the files'.
     */
    static JsonNode assertAsItsCgroup(Path store, String id, String cgroup) {
        long before = read("cpuacct", cgroup, "cpuacct.usage");
        JsonNode row = psRow(store, id, "1");
        long after = read("cpuacct", cgroup, "cpuacct.usage");
        if (row == null) {
            return fail("jtop ps --json does not list " + id);
        }
        long cpu = row.path("cpu_usage_nanos").asLong();
        assertTrue(before <= cpu && cpu <= after, "cpu_usage_nanos " + cpu + " between cpuacct.usage before, "
                + before + ", and after, " + after);
        double percent = row.path("cpu_percent").asDouble();
        double callAllows = 100.0 * (after - before) / 1e9;
        assertTrue(percent > 0 && percent <= callAllows * 1.1 && percent <= 50 + StatsTolerance.CPU_POINTS,
                "CPU % " + percent + " of a busy loop under a 0.5 CPU quota: above 0, at most the "
                        + callAllows + " % the whole call's CPU time makes of one second");
        StatsTolerance.assertMemoryNear(row.path("memory_usage_bytes").asLong(),
                read("memory", cgroup, "memory.usage_in_bytes"), "memory.usage_in_bytes", "memory usage");
        assertTrue(row.path("memory_usage_bytes").asLong() >= LOAD_BYTES, "the load's memory counted: " + row);
        assertEquals(read("memory", cgroup, "memory.limit_in_bytes"), row.path("memory_limit_bytes").asLong(),
                "memory limit");
        assertEquals(read("pids", cgroup, "pids.current"), row.path("pids_current").asLong(), "pids");
        assertEquals(read("pids", cgroup, "pids.max"), row.path("pids_limit").asLong(), "pids limit");
        assertEquals(read("cpu", cgroup, "cpu.cfs_quota_us"), row.path("cpu_quota_us").asLong(), "cpu quota");
        return row;
    }

    /** Polls {@code condition} until it holds or {@code seconds} pass, then fails naming {@code what}. */
    static void await(BooleanSupplier condition, int seconds, String what) throws InterruptedException {
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("not within " + seconds + " s: " + what);
            }
            Thread.sleep(50);
        }
    }

    /** Removes a cgroup directory and its sub-cgroups in every hierarchy, where they are left. */
    static void removeCgroup(String cgroup) {
        try (var hierarchies = Files.list(Path.of("/sys/fs/cgroup"))) {
            for (Path h : (Iterable<Path>) hierarchies::iterator) {
                removeTree(Path.of(h + cgroup));
            }
        } catch (IOException e) {
            // nothing to clean where nothing can be listed
        }
    }

    private static void removeTree(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (var children = Files.list(dir)) {
            for (Path c : (Iterable<Path>) children::iterator) {
                if (Files.isDirectory(c)) {
                    removeTree(c);
                }
            }
        }
        try {
            Files.delete(dir); // a cgroup is removed by rmdir, its files with it
        } catch (IOException e) {
            // still busy: left for the report of the test that failed
        }
    }
}
