package io.jtop.linux.proc;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Files;
import java.nio.file.Path;

class HostStatsTest {

    @Test
    void cpuLineOfAModernKernel() {
        String stat = "cpu  100 5 50 1000 20 3 2 7 0 0\ncpu0 50 2 25 500 10 1 1 3 0 0\nbtime 1\n";
        // user+nice+system+idle+iowait+irq+softirq+steal; guest columns are already in user/nice.
        assertArrayEquals(new long[] {1187, 1020}, HostStats.cpuTicks(stat));
    }

    @Test
    void oldKernelWithFourColumns() {
        assertArrayEquals(new long[] {10, 4}, HostStats.cpuTicks("cpu  1 2 3 4\n"));
    }

    @Test
    void garbageIsNull() {
        assertNull(HostStats.cpuTicks(""));
        assertNull(HostStats.cpuTicks("cpu0 1 2 3 4\n"));
        assertNull(HostStats.cpuTicks("cpu  1 x 3 4\n"));
        assertNull(HostStats.cpuTicks("cpu  1 2\n"));
    }

    @Test
    void onlineCpusAreTheCpuNLinesAfterTheTotal() throws Exception {
        assertEquals(2, HostStats.onlineCpus("cpu  1 2 3 4\ncpu0 1 1 1 2\ncpu1 0 1 2 2\nintr 5 0 0\nctxt 9\n"));
        assertEquals(0, HostStats.onlineCpus("cpu  1 2 3 4\n"));
        assertEquals(0, HostStats.onlineCpus(""));
        assertEquals(1, HostStats.onlineCpus("cpu  1 2 3 4\ncpu0 1 2 3 4"), "the last line without its newline");
        String real = Files.readString(Path.of("/proc/stat"));
        assertEquals(real.lines().filter(l -> l.matches("cpu[0-9]+ .*")).count(), HostStats.onlineCpus(real));
        assertArrayEquals(new long[] {10, 4}, HostStats.cpuTicks("cpu  1 2 3 4 \n"), "a trailing space");
    }

    @Test
    void memory() {
        HostStats.Memory m = HostStats.memory("MemTotal:       24000000 kB\nMemFree:  1 kB\nMemAvailable:   20000000 kB\n");
        assertEquals(24_000_000L * 1024, m.totalBytes());
        assertEquals(4_000_000L * 1024, m.usedBytes());
        assertNull(HostStats.memory("MemTotal: 5 kB\n")); // kernel < 3.14 has no MemAvailable
        assertNull(HostStats.memory("MemTotal: x kB\nMemAvailable: 1 kB\n"));
    }
}
