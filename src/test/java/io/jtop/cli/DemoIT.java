package io.jtop.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.jtop.testing.Host;
import io.jtop.testing.StatsTolerance;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code jtop demo}: throttled, OOM-killed and pids-limited containers, then {@code demo --clean}. */
class DemoIT {

    @TempDir
    Path tmp;

    private JsonNode ps() throws Exception {
        return InProcess.psAll(tmp, "2");
    }

    @Test
    void theDemoShowsThrottlingAnOomKillAndAPidsLimit() throws Exception {
        Host.requireRoot();
        Host.requireCommand("conmon");
        try {
            InProcess.Run demo = InProcess.jtopIn(tmp, "demo");
            assertEquals(0, demo.exit(), demo.err());
            assertTrue(demo.out().contains("started demo-pids"), demo.out());
            // Until each shows what it is for, or a minute has gone: on a busy host demo-cpu's loop
            // may get less than its quota for a while, and is then neither at 50 % nor throttled.
            JsonNode rows = null;
            long deadline = System.nanoTime() + 60_000_000_000L;
            while (System.nanoTime() < deadline) {
                rows = ps();
                JsonNode cpu = InProcess.row(rows, "demo-cpu");
                if (InProcess.row(rows, "demo-mem").path("state").asText().equals("exited")
                        && InProcess.row(rows, "demo-pids").path("pids_current").asInt() == 20
                        && StatsTolerance.cpuNear(cpu.path("cpu_percent").asDouble(), 50)
                        && cpu.path("cpu_throttled_periods").asLong() > 0) {
                    break;
                }
            }
            JsonNode mem = InProcess.row(rows, "demo-mem");
            assertEquals(137, mem.path("exit_code").asInt(), mem.toString());
            assertTrue(mem.path("oom_killed").asBoolean(), mem.toString());
            JsonNode pids = InProcess.row(rows, "demo-pids");
            assertEquals("running", pids.path("state").asText());
            assertEquals(20, pids.path("pids_current").asInt());
            assertEquals(20, pids.path("pids_limit").asInt());
            JsonNode cpu = InProcess.row(rows, "demo-cpu");
            assertEquals(0.5, cpu.path("cpu_limit").asDouble());
            // Its quota caps it on any host. Reaching the quota (and so being throttled) needs half a
            // core to spare, which a loaded host may not give it within the minute above.
            double percent = cpu.path("cpu_percent").asDouble();
            assertTrue(percent > 0 && percent <= 60, cpu.toString());
            assertTrue(percent < 40 || cpu.path("cpu_throttled_periods").asLong() > 0, cpu.toString());
        } finally {
            InProcess.jtopIn(tmp, "demo", "--clean");
        }
        // Other containers of the host may be listed (found from the cgroup tree): none of the demo's.
        JsonNode left = ps();
        for (JsonNode r : left) {
            assertFalse(DemoCommand.NAMES.contains(r.path("name").asText()), "demo --clean left " + r);
        }
        assertFalse(Files.readString(Path.of("/proc/self/mountinfo")).contains(tmp.toString()), "no mount left");
    }
}
