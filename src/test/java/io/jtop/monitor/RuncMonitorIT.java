package io.jtop.monitor;

import com.fasterxml.jackson.databind.JsonNode;
import io.jtop.testing.RuncContainer;
import io.jtop.testing.StatsTolerance;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * jtop against a container started with plain runc under cgroup {@code /jtop/<id>}, compared with
 * runc's pid file, the overlay the test mounted and the cgroup files read directly.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RuncMonitorIT {

    private RuncContainer busy;
    private RuncContainer hostPid;

    @BeforeAll
    void start() {
        busy = RuncContainer.builder("sh", "-c", "while :; do :; done")
                .memoryLimit(64L << 20).cpu(50_000, 100_000).pidsLimit(50).start();
        hostPid = RuncContainer.builder("sleep", "1000").hostPidNamespace().start();
    }

    @AfterAll
    void stop() {
        if (busy != null) {
            busy.close();
        }
        if (hostPid != null) {
            hostPid.close();
        }
    }

    @Test
    void listedAsJtopWithPidAndOverlayOfTheBundle() {
        JsonNode mine = MonitorAssertions.inspect(busy.id());
        assertEquals("jtop", mine.path("runtime").asText());
        assertEquals("/jtop/" + busy.id(), mine.path("cgroup").asText());
        assertEquals(busy.pid(), mine.path("pid").asLong(), "init pid from runc's pid file");
        JsonNode overlay = mine.path("overlay");
        assertEquals(1, overlay.path("lowerdir").size());
        assertEquals(busy.lowerDir().toString(), overlay.path("lowerdir").get(0).asText());
        assertEquals(busy.upperDir().toString(), overlay.path("upperdir").asText());
        assertEquals(busy.workDir().toString(), overlay.path("workdir").asText());
        assertEquals(busy.rootfsMerged().toString(), overlay.path("merged").asText());
        assertEquals(1, mine.path("processes").size(), "one process: " + mine.path("processes"));
        assertEquals(1, mine.path("processes").get(0).path("pid").asInt(), "pid inside its own namespace");
    }

    @Test
    void namespaceInodesEqualTheKernelsAndHostPidIsFlagged() throws Exception {
        JsonNode mine = MonitorAssertions.inspect(busy.id());
        MonitorAssertions.namespacesMatchKernel(mine, busy.pid());
        MonitorAssertions.sharesOnlyExpectedWithHost(mine, false);
        JsonNode flagged = MonitorAssertions.inspect(hostPid.id());
        MonitorAssertions.namespacesMatchKernel(flagged, hostPid.pid());
        MonitorAssertions.sharesOnlyExpectedWithHost(flagged, true);
    }

    @Test
    void workingSetMatchesTheCgroupFilesAndLimitsAreExact() throws Exception {
        JsonNode row = MonitorAssertions.psRow(busy.id(), "0");
        Path mem = memoryDir(busy.id());
        long usage = Long.parseLong(Files.readString(mem.resolve("memory.usage_in_bytes")).strip());
        long inactive = 0;
        for (String line : Files.readAllLines(mem.resolve("memory.stat"))) {
            if (line.startsWith("total_inactive_file ")) {
                inactive = Long.parseLong(line.substring(line.indexOf(' ') + 1));
            }
        }
        long expected = usage - inactive;
        StatsTolerance.assertMemoryNear(row.path("memory_working_set_bytes").asLong(), expected, "the cgroup files",
                "working set");
        MonitorAssertions.limitsExact(row, 64L << 20, 50_000, 100_000, 50);
    }

    @Test
    void cpuOfABusyLoopUnderHalfACpuIsWhatTheKernelCounts() {
        MonitorAssertions.cpuAsTheKernelCountsIt(busy.id());
    }

    /** The container's memory cgroup directory, v1 or v2. */
    private static Path memoryDir(String id) {
        Path v1 = Path.of("/sys/fs/cgroup/memory/jtop", id);
        return Files.isDirectory(v1) ? v1 : Path.of("/sys/fs/cgroup/jtop", id);
    }
}
