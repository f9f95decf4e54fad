package io.jtop.monitor;

import com.fasterxml.jackson.databind.JsonNode;
import io.jtop.testing.DockerFixture;
import io.jtop.testing.Host;
import io.jtop.testing.StatsTolerance;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * jtop against a real dockerd: a busy loop under {@code --memory 64m --cpus 0.5 --pids-limit 50}
 * and a {@code --pid host} container, compared with docker inspect, docker stats and the kernel.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DockerMonitorIT {

    private String busy;
    private String hostPid;

    @BeforeAll
    void start() {
        Host.requireRoot();
        Host.requireDocker();
        String image = DockerFixture.image();
        busy = DockerFixture.run("--memory", "64m", "--cpus", "0.5", "--pids-limit", "50",
                image, "sh", "-c", "while :; do :; done");
        hostPid = DockerFixture.run("--pid", "host", image, "sleep", "1000");
    }

    @AfterAll
    void stop() {
        if (busy != null) {
            DockerFixture.remove(busy);
        }
        if (hostPid != null) {
            DockerFixture.remove(hostPid);
        }
    }

    @Test
    void pidAndOverlayEqualDockerInspect() {
        JsonNode docker = DockerFixture.inspect(busy);
        JsonNode mine = MonitorAssertions.inspect(busy.substring(0, 12));
        assertEquals(busy, mine.path("id").asText());
        assertEquals("docker", mine.path("runtime").asText());
        assertEquals("running", mine.path("state").asText());
        assertEquals(docker.path("State").path("Pid").asLong(), mine.path("pid").asLong(), "init pid");

        JsonNode data = docker.path("GraphDriver").path("Data");
        JsonNode overlay = mine.path("overlay");
        List<String> lower = new ArrayList<>();
        overlay.path("lowerdir").forEach(n -> lower.add(n.asText()));
        assertEquals(data.path("LowerDir").asText(), String.join(":", lower), "lowerdir, topmost first");
        assertEquals(data.path("UpperDir").asText(), overlay.path("upperdir").asText());
        assertEquals(data.path("WorkDir").asText(), overlay.path("workdir").asText());
        assertEquals(data.path("MergedDir").asText(), overlay.path("merged").asText());
    }

    @Test
    void namespaceInodesEqualTheKernelsAndHostPidIsFlagged() throws Exception {
        long pid = DockerFixture.inspect(busy).path("State").path("Pid").asLong();
        JsonNode mine = MonitorAssertions.inspect(busy);
        MonitorAssertions.namespacesMatchKernel(mine, pid);
        MonitorAssertions.sharesOnlyExpectedWithHost(mine, false);

        long shared = DockerFixture.inspect(hostPid).path("State").path("Pid").asLong();
        JsonNode flagged = MonitorAssertions.inspect(hostPid);
        MonitorAssertions.namespacesMatchKernel(flagged, shared);
        MonitorAssertions.sharesOnlyExpectedWithHost(flagged, true);
        JsonNode row = MonitorAssertions.psRow(hostPid, "0");
        assertTrue(row.path("host_namespaces").toString().contains("\"pid\""), "ps flags --pid host: " + row);
    }

    @Test
    void workingSetMatchesDockerStatsAndLimitsAreExact() {
        JsonNode row = MonitorAssertions.psRow(busy, "0");
        long dockerStats = StatsTolerance.parseSize(Host.run("docker", "stats", "--no-stream", "--format",
                "{{.MemUsage}}", busy).split("/")[0]);
        StatsTolerance.assertMemoryNear(row.path("memory_working_set_bytes").asLong(), dockerStats, "docker stats",
                "working set");
        MonitorAssertions.limitsExact(row, 64L << 20, 50_000, 100_000, 50);
    }

    @Test
    void cpuOfABusyLoopUnderHalfACpuIsWhatTheKernelCounts() {
        MonitorAssertions.cpuAsTheKernelCountsIt(busy);
    }
}
