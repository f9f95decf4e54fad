package io.jtop.container;

import org.junit.jupiter.api.Test;

import java.lang.reflect.RecordComponent;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SampleTest {

    private static Sample full() {
        return Sample.builder().cpuPercent(48.5).cpuUsageNanos(1L).cpuPeriods(2L).cpuThrottledPeriods(3L)
                .cpuThrottledNanos(4L).cpuQuotaMicros(5L).cpuPeriodMicros(6L).cpuShares(7L).cpuWeight(8L)
                .memoryWorkingSetBytes(9L).memoryUsageBytes(10L).memoryLimitBytes(11L).swapBytes(12L)
                .swapLimitBytes(13L).oomKills(14L).pidsCurrent(15L).pidsLimit(16L).ioReadBytes(17L).ioWriteBytes(18L)
                .ioReadBytesPerSecond(19.0).ioWriteBytesPerSecond(20.0).netRxBytes(21L).netTxBytes(22L)
                .netRxBytesPerSecond(23.0).netTxBytesPerSecond(24.0).psiCpuSome10(25.0).psiMemorySome10(26.0)
                .psiIoSome10(27.0).hostNamespaces(List.of("pid")).privileged(true).securityFlags(List.of("sock"))
                .cpuUserNanos(28L).cpuSystemNanos(29L).memoryRssBytes(30L).memoryCacheBytes(31L).processes(32L)
                .netInterfaces(List.of(new Sample.Interface("eth0", 33, 34, 35, 36, 37, 38, 39, 40)))
                .ioDevices(List.of(new Sample.Device("/dev/vda", 41, 42))).psiCpuSomeMicros(43L).psiCpuFullMicros(44L)
                .psiMemorySomeMicros(45L).psiMemoryFullMicros(46L).psiIoSomeMicros(47L).psiIoFullMicros(48L).build();
    }

    @Test
    void aBuilderMadeFromASampleMakesItAgain() throws Exception {
        Sample s = full();
        for (RecordComponent c : Sample.class.getRecordComponents()) {
            assertTrue(c.getAccessor().invoke(s) != null, "full() sets every figure, " + c.getName() + " too");
        }
        assertEquals(s, s.toBuilder().build(), "a builder made from a sample makes it again");
    }

    @Test
    void aBuildEmptiesTheBuilderSoNoFigureReachesTheNextSample() throws Exception {
        Sample.Builder b = full().toBuilder();
        b.build();
        Sample next = b.pidsCurrent(1L).build();
        assertEquals(1L, next.pidsCurrent());
        for (RecordComponent c : Sample.class.getRecordComponents()) {
            if (!c.getName().equals("pidsCurrent")) {
                assertNull(c.getAccessor().invoke(next), c.getName());
            }
        }
    }
}
