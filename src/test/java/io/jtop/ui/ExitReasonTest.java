package io.jtop.ui;

import io.jtop.container.Container;
import io.jtop.container.ContainerState;
import io.jtop.container.Details;
import io.jtop.container.Runtime;
import io.jtop.container.Sample;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class ExitReasonTest {

    private static final long MIB = 1024 * 1024;

    private static Container exited(int code, boolean oom) {
        return new Container("c1", "c1", Runtime.DOCKER, "busybox", 0, ContainerState.EXITED, null, null, code, oom);
    }

    private static String line(int code) {
        return ExitReason.of(exited(code, false), null, ExitReason.Seen.NONE, null);
    }

    @Test
    void everyCodeHasItsMeaning() {
        assertEquals("0: it ended by itself, successfully", line(0));
        assertEquals("3: it ended by itself with this code (its own failure)", line(3));
        assertEquals("125: the engine could not start it (bad option or image)", line(125));
        assertEquals("126: its command cannot be executed (not executable, or a directory)", line(126));
        assertEquals("127: its command was not found (not in the image, or not on PATH)", line(127));
        assertEquals("137 = SIGKILL: a kill -9, a stop past its grace time, or an unseen OOM kill", line(137));
        assertEquals("139 = SIGSEGV: it crashed on a bad memory access (a bug in the program)", line(139));
        assertEquals("143 = SIGTERM: asked to stop (by a stop or another process), and it did", line(143));
        assertEquals("134 = SIGABRT: ended by a signal", line(134));
        assertEquals("130 = SIGINT: ended by a signal", line(130));
        assertEquals("159 = signal 31: ended by a signal", line(159));
        assertEquals("255: it ended by itself with this code (its own failure)", line(255));
    }

    @Test
    void oomKillIsToldByTheEngineOrByTheCounterJtopSaw() {
        String byEngine = ExitReason.of(exited(137, true), null, ExitReason.Seen.NONE, null);
        assertEquals("137 = SIGKILL by the OOM killer: out of memory", byEngine);
        assertEquals(byEngine, ExitReason.of(exited(137, false), null, new ExitReason.Seen(1, null, null), null));
        Sample counter = Sample.builder().oomKills(2L).memoryLimitBytes(32 * MIB).build();
        assertEquals("137 = SIGKILL by the OOM killer: out of memory (limit 32MiB, peak unknown)",
                ExitReason.of(exited(137, false), counter, ExitReason.Seen.NONE, null));
        Sample limit = Sample.builder().memoryLimitBytes(32 * MIB).build();
        assertEquals("137 = SIGKILL by the OOM killer: out of memory, peak 32MiB of 32MiB limit", ExitReason.of(exited(137, true), limit, ExitReason.Seen.NONE, 32 * MIB));
        assertEquals("137 = SIGKILL by the OOM killer: out of memory, peak 32MiB",
                ExitReason.of(exited(137, true), null, ExitReason.Seen.NONE, 32 * MIB), "no figures: its limit is not known, not absent");
        assertEquals("137 = SIGKILL by the OOM killer: out of memory, peak 32MiB (no limit)",
                ExitReason.of(exited(137, true), Sample.builder().build(), ExitReason.Seen.NONE, 32 * MIB),
                "its cgroup read: no limit is none");
        assertEquals("1 after the OOM killer struck: out of memory",
                ExitReason.of(exited(1, true), null, ExitReason.Seen.NONE, null));
    }

    private static Container withLimit(Container c, Long limit) {
        return c.withDetails(new Details(null, null, null, null).withMemoryLimit(limit));
    }

    @Test
    void afterExitTheLimitComesFromTheRuntimeAndAnUnknownPeakIsSaid() {
        // Docker: the engine keeps HostConfig.Memory, no peak; the cgroup (sample, peak) is gone.
        Container docker = withLimit(exited(137, true), 32 * MIB);
        assertEquals("137 = SIGKILL by the OOM killer: out of memory (limit 32MiB, peak unknown)",
                ExitReason.of(docker, null, ExitReason.Seen.NONE, null));
        // jtop's runtime: the bundle's limit and the cgroup's mark kept at exit (the inspection's peak).
        Container own = withLimit(exited(137, true), 32 * MIB);
        assertEquals("137 = SIGKILL by the OOM killer: out of memory, peak 31MiB of 32MiB limit",
                ExitReason.of(own, null, ExitReason.Seen.NONE, 31 * MIB));
        assertEquals("137 = SIGKILL: a kill -9, a stop past its grace time, or an unseen OOM kill"
                        + " (limit 32MiB, peak unknown)",
                ExitReason.of(withLimit(exited(137, false), 32 * MIB), null, ExitReason.Seen.NONE, null));
        // The live cgroup's figures win over what the runtime keeps.
        Sample live = Sample.builder().memoryLimitBytes(64 * MIB).build();
        assertEquals("137 = SIGKILL by the OOM killer: out of memory, peak 60MiB of 64MiB limit",
                ExitReason.of(own, live, ExitReason.Seen.NONE, 60 * MIB));
        // A code the memory does not explain has no memory words.
        assertEquals("3: it ended by itself with this code (its own failure)",
                ExitReason.of(withLimit(exited(3, false), 32 * MIB), null, ExitReason.Seen.NONE, null));
    }

    @Test
    void thePeakJtopSampledIsSaidAsSeenNeverAsTheKernelsMark() {
        ExitReason.Seen seen = new ExitReason.Seen(1, 30 * MIB, 32 * MIB);
        assertEquals("137 = SIGKILL by the OOM killer: out of memory, peak seen 30MiB of 32MiB limit",
                ExitReason.of(exited(137, false), null, seen, null));
        // The runtime's limit is preferred to the one sampled; a kept or live mark to the one seen.
        assertEquals("137 = SIGKILL by the OOM killer: out of memory, peak seen 30MiB of 48MiB limit",
                ExitReason.of(withLimit(exited(137, true), 48 * MIB), null, seen, null));
        assertEquals("137 = SIGKILL by the OOM killer: out of memory, peak seen 30MiB",
                ExitReason.of(exited(137, true), null, new ExitReason.Seen(0, 30 * MIB, null), null),
                "no limit seen: not known to be none");
        assertEquals("137 = SIGKILL by the OOM killer: out of memory, peak 32MiB of 32MiB limit",
                ExitReason.of(exited(137, true), null, seen, 32 * MIB));
    }

    @Test
    void nothingToExplainWithoutAnExitCode() {
        assertNull(ExitReason.of(new Container("c", "c", Runtime.DOCKER, null, 0, ContainerState.EXITED, null, null,
                null, false), null, ExitReason.Seen.NONE, null));
        assertNull(ExitReason.of(new Container("c", "c", Runtime.JTOP, null, 0, ContainerState.EXITED, null, null,
                -1, false), null, ExitReason.Seen.NONE, null));
        assertNull(ExitReason.of(new Container("c", "c", Runtime.DOCKER, null, 0, ContainerState.CREATED, null, null,
                null, false), null, ExitReason.Seen.NONE, null));
    }

    @Test
    void aThrottledRunningContainerIsNamedFromATenthOfItsPeriods() {
        Container running = new Container("c", "c", Runtime.DOCKER, null, 5, ContainerState.RUNNING, null, null, null,
                false);
        Sample busy = Sample.builder().cpuPeriods(200L).cpuThrottledPeriods(150L).cpuQuotaMicros(50_000L)
                .cpuPeriodMicros(100_000L).build();
        assertEquals("throttled in 75% of periods (150/200): CPU limit 0.5 is below its demand",
                ExitReason.of(running, busy, ExitReason.Seen.NONE, null));
        Sample calm = Sample.builder().cpuPeriods(200L).cpuThrottledPeriods(19L).build();
        assertNull(ExitReason.of(running, calm, ExitReason.Seen.NONE, null));
        assertNull(ExitReason.of(running, null, ExitReason.Seen.NONE, null));
        assertNull(ExitReason.of(running, Sample.builder().cpuPeriods(0L).cpuThrottledPeriods(0L).build(), ExitReason.Seen.NONE, null));
    }
}
