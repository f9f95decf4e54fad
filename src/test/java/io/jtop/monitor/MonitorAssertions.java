package io.jtop.monitor;

import com.fasterxml.jackson.databind.JsonNode;
import io.jtop.testing.Jtop;
import io.jtop.testing.StatsTolerance;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** Checks shared by the Docker and runc comparisons: what jtop prints against what the kernel says. */
final class MonitorAssertions {

    static final List<String> TYPES = List.of("cgroup", "ipc", "mnt", "net", "pid", "time", "user", "uts");

    private MonitorAssertions() {
    }

    /** The {@code ps --json} object of one container, measured over {@code delay} seconds. */
    static JsonNode psRow(String id, String delay) {
        JsonNode all = Jtop.run("ps", "--json", "-d", delay).assertOk().json();
        for (JsonNode row : all) {
            if (row.path("id").asText().equals(id)) {
                return row;
            }
        }
        return fail("jtop ps --json does not list " + id + ": " + all);
    }

    static JsonNode inspect(String query) {
        return Jtop.run("inspect", "--json", "-d", "0", query).assertOk().json();
    }

    /** Every namespace inode jtop reports equals {@code readlink /proc/<pid>/ns/<type>}. */
    static void namespacesMatchKernel(JsonNode inspect, long pid) throws IOException {
        JsonNode ns = inspect.path("namespaces");
        for (String type : TYPES) {
            Path link = Path.of("/proc", Long.toString(pid), "ns", type);
            if (!Files.exists(link, LinkOption.NOFOLLOW_LINKS)) {
                continue; // e.g. time namespaces before 5.6
            }
            String target = Files.readSymbolicLink(link).toString();
            long inode = Long.parseLong(target.substring(target.indexOf('[') + 1, target.length() - 1));
            assertEquals(inode, ns.path(type).path("inode").asLong(), type + " namespace inode of " + pid);
        }
    }

    static void sharesOnlyExpectedWithHost(JsonNode inspect, boolean hostPid) {
        JsonNode ns = inspect.path("namespaces");
        assertEquals(hostPid, ns.path("pid").path("shared_with_host").asBoolean(), "pid shared with host");
        assertFalse(ns.path("mnt").path("shared_with_host").asBoolean(true), "mnt never shared");
        assertFalse(ns.path("uts").path("shared_with_host").asBoolean(true), "uts not shared");
        assertFalse(ns.path("ipc").path("shared_with_host").asBoolean(true), "ipc not shared");
    }

    /**
     * The CPU % {@code ps -d 3} gives a busy loop under a 0.5 CPU quota: what the kernel counted for
     * its cgroup over the same call (within {@link StatsTolerance#CPU_POINTS}), and never above the
     * quota. The kernel's figure, not 50 %: on a busy host the loop may get less than its quota.
     */
    static void cpuAsTheKernelCountsIt(String id) {
        String cgroup = psRow(id, "0").path("cgroup").asText();
        StatsTolerance.Measured<JsonNode> m = StatsTolerance.kernelCpuDuring(cgroup, () -> psRow(id, "3"));
        JsonNode row = m.value();
        assertTrue(row.path("cpu_percent").isNumber(), "cpu_percent is a number: " + row);
        double cpu = row.path("cpu_percent").asDouble();
        assertTrue(StatsTolerance.cpuNear(cpu, m.kernelPercent()) && cpu <= 60,
                "CPU % of a busy loop under a 0.5 CPU quota: " + cpu + ", the kernel's over the call " + m.kernelPercent());
    }

    static void limitsExact(JsonNode row, long memory, long quota, long period, long pids) {
        assertEquals(memory, row.path("memory_limit_bytes").asLong(), "memory limit");
        assertEquals(quota, row.path("cpu_quota_us").asLong(), "cpu quota");
        assertEquals(period, row.path("cpu_period_us").asLong(), "cpu period");
        assertEquals((double) quota / period, row.path("cpu_limit").asDouble(), 1e-9, "cpus");
        assertEquals(pids, row.path("pids_limit").asLong(), "pids limit");
        assertNotNull(row.get("oom_kills"), "oom_kills present");
    }
}
