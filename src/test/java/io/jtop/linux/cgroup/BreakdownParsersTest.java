package io.jtop.linux.cgroup;

import io.jtop.linux.cgroup.CgroupBreakdown.IoDevice;
import io.jtop.linux.cgroup.CgroupBreakdown.Pressure;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** The breakdown's parsers on kernel text, v1 and v2, and on text no kernel writes. */
class BreakdownParsersTest {

    private static final String HUGE = "99999999999999999999"; // past a long (u64 counters can be)

    @Test
    void pressureTotalsOfSomeAndFull() {
        assertEquals(new Pressure(4031616L, 3943815L), BreakdownParsers.pressure("""
                some avg10=24.70 avg60=5.19 avg300=1.11 total=4031616
                full avg10=24.19 avg60=5.07 avg300=1.08 total=3943815
                """));
        // cpu.pressure before kernel 5.13 has no full line
        assertEquals(new Pressure(12L, null), BreakdownParsers.pressure("some avg10=0.00 avg60=0.00 avg300=0.00 total=12\n"));
    }

    @Test
    void garbledPressureGivesNoFigure() {
        assertEquals(Pressure.NONE, BreakdownParsers.pressure(null));
        assertEquals(Pressure.NONE, BreakdownParsers.pressure(""));
        assertEquals(new Pressure(null, 5L), BreakdownParsers.pressure(
                "some avg10=0.00 avg60=0.00 avg300=0.00 total=" + HUGE + "\nfull avg10=0 total=5\n"));
        assertEquals(new Pressure(null, null), BreakdownParsers.pressure(
                "some avg10=0.00 avg60=0.00 avg300=0.00 tot\nfull avg10=0 total=-3\n"));
        assertEquals(new Pressure(null, null), BreakdownParsers.pressure("some total=1x\nfull total=\n"));
    }

    @Test
    void processesAreTheLinesOfCgroupProcs() {
        assertEquals(3L, BreakdownParsers.processes("1\n27\n30\n"));
        assertEquals(0L, BreakdownParsers.processes(""));
        assertNull(BreakdownParsers.processes(null));
        assertNull(BreakdownParsers.processes("1\n2x\n"));
        assertNull(BreakdownParsers.processes("1\n" + HUGE + "\n"));
        assertNull(BreakdownParsers.processes("0\n"));
    }

    @Test
    void v1BlkioPerDevice() {
        String text = """
                8:0 Read 4096
                8:0 Write 8192
                8:0 Sync 12288
                8:0 Async 0
                8:0 Discard 0
                8:0 Total 12288
                254:16 Read 6488064
                254:16 Write 262144
                254:16 Total 6750208
                Total 6762496
                """;
        assertEquals(List.of(new IoDevice("8:0", 4096, 8192), new IoDevice("254:16", 6488064, 262144)),
                BreakdownParsers.blkioDevices(text));
        assertEquals(List.of(), BreakdownParsers.blkioDevices("Total 0\n"));
        assertEquals(List.of(), BreakdownParsers.blkioDevices(""));
    }

    @Test
    void garbledBlkioGivesNoDevices() {
        assertNull(BreakdownParsers.blkioDevices(null));
        assertNull(BreakdownParsers.blkioDevices("8:0 Read 4096\n8:0 Wri"), "truncated");
        assertNull(BreakdownParsers.blkioDevices("8:0 Read 4096\n"), "a device without its Write line");
        assertNull(BreakdownParsers.blkioDevices("8:0 Read " + HUGE + "\n8:0 Write 1\n"));
        assertNull(BreakdownParsers.blkioDevices("8:0 Read -1\n8:0 Write 1\n"));
        assertNull(BreakdownParsers.blkioDevices("sda Read 1\nsda Write 1\n"));
        assertNull(BreakdownParsers.blkioDevices("../../x Read 1\n"));
    }

    @Test
    void v2IoStatPerDevice() {
        assertEquals(List.of(new IoDevice("254:16", 6488064, 262144), new IoDevice("8:0", 0, 512)),
                BreakdownParsers.ioStatDevices("""
                        254:16 rbytes=6488064 wbytes=262144 rios=82 wios=64 dbytes=0 dios=0
                        8:0 rbytes=0 wbytes=512 rios=0 wios=1 dbytes=0 dios=0 cost.vrate=100.00
                        """));
        assertEquals(List.of(), BreakdownParsers.ioStatDevices(""));
    }

    @Test
    void garbledIoStatGivesNoDevices() {
        assertNull(BreakdownParsers.ioStatDevices(null));
        assertNull(BreakdownParsers.ioStatDevices("254:16 rbytes=6488064 wby"), "truncated");
        assertNull(BreakdownParsers.ioStatDevices("254:16 rbytes=" + HUGE + " wbytes=1\n"));
        assertNull(BreakdownParsers.ioStatDevices("254:16 rbytes=x wbytes=1\n"));
        assertNull(BreakdownParsers.ioStatDevices("254:16 rbytes=1 wbytes=1\n254:16 rbytes=2 wbytes=2\n"), "twice");
        assertNull(BreakdownParsers.ioStatDevices("254:16 rios=1 wios=1\n"), "no byte counts");
        assertNull(BreakdownParsers.ioStatDevices("x rbytes=1 wbytes=1\n"));
    }

    @Test
    void cpuTimesInNanoseconds() {
        assertEquals(2_760_000_000L, BreakdownParsers.ticksToNanos(276L, 100));
        assertEquals(2_760_000_000L, BreakdownParsers.ticksToNanos(690L, 250));
        assertEquals(3_070_137_000L, BreakdownParsers.microsToNanos(3070137L));
        assertNull(BreakdownParsers.ticksToNanos(Long.MAX_VALUE / 10, 100), "past a long in ns");
        assertNull(BreakdownParsers.microsToNanos(Long.MAX_VALUE / 10));
        assertNull(BreakdownParsers.ticksToNanos(null, 100));
        assertNull(BreakdownParsers.ticksToNanos(-1L, 100));
        assertNull(BreakdownParsers.microsToNanos(null));
    }
}
