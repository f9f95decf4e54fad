package io.jtop.linux.proc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

import java.util.List;

class NetDevTest {

    private static final String HEADER = """
            Inter-|   Receive                                                |  Transmit
             face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed
            """;

    /** {@code /proc/net/dev} of the build host. */
    private static final String HOST = HEADER + """
                lo:    3193      29    0    0    0     0          0         0     3193      29    0    0    0     0       0          0
              ifb0:       0       0    0    0    0     0          0         0        0       0    0    0    0     0       0          0
              ifb1:       0       0    0    0    0     0          0         0        0       0    0    0    0     0       0          0
              eth0: 230378624    6428    0    0    0     0          0         0   290460    3583    0    0    0     0       0          0
            """;

    @Test
    void sumsEveryInterfaceButLoopback() {
        assertEquals(List.of(230378624L, 290460L, 3L), totals(NetDev.parse(HOST)));
    }

    @Test
    void onlyLoopbackIsZeroInterfacesNotUnknown() {
        String lo = HEADER
                + "    lo:       0       0    0    0    0     0          0         0        0       0    0    0    0     0       0          0\n";
        assertEquals(List.of(0L, 0L, 0L), totals(NetDev.parse(lo)));
        assertEquals(List.of(), NetDev.parse(lo).perInterface());
    }

    @Test
    void byteCountTouchingTheColonAsOnOldKernels() {
        String old = HEADER + "  eth0:4294967296 10 0 0 0 0 0 0 77 5 0 0 0 0 0 0\n";
        assertEquals(List.of(4294967296L, 77L, 1L), totals(NetDev.parse(old)));
        assertEquals(List.of(new NetDev.Interface("eth0", 4294967296L, 10, 0, 0, 77, 5, 0, 0)),
                NetDev.parse(old).perInterface());
    }

    @Test
    void truncatedLineIsSkippedInTheTotalsAndLeavesNoInterfaceFigures() {
        NetDev d = NetDev.parse(HOST + "  eth1: 123 4 0\n");
        assertEquals(List.of(230378624L, 290460L, 3L), totals(d));
        assertNull(d.perInterface(), "a garbled line: none of the file's interface figures is trusted");
    }

    @Test
    void eachInterfaceButThoseCadvisorLeavesOut() {
        String text = HOST
                + " veth12ab: 1 1 0 0 0 0 0 0 1 1 0 0 0 0 0 0\n"
                + "  docker0: 2 2 0 0 0 0 0 0 2 2 0 0 0 0 0 0\n"
                + "     jt0: 5000 40 1 2 0 0 0 0 6000 50 3 4 0 0 0 0\n";
        assertEquals(List.of("ifb0", "ifb1", "eth0", "jt0"),
                NetDev.parse(text).perInterface().stream().map(NetDev.Interface::name).toList());
        assertEquals(new NetDev.Interface("eth0", 230378624, 6428, 0, 0, 290460, 3583, 0, 0),
                NetDev.parse(text).perInterface().get(2));
        assertEquals(new NetDev.Interface("jt0", 5000, 40, 1, 2, 6000, 50, 3, 4),
                NetDev.parse(text).perInterface().get(3));
    }

    @Test
    void hugeNegativeOrWordCountsLeaveNoInterfaceFigures() {
        for (String bad : List.of("99999999999999999999", "-1", "1e3", "0x10")) {
            String text = HOST + "  eth9: " + bad + " 1 0 0 0 0 0 0 1 1 0 0 0 0 0 0\n";
            assertNull(NetDev.parse(text).perInterface(), bad);
        }
        assertNull(NetDev.parse(HOST + "garbage without colon\n").perInterface());
        assertNull(NetDev.parse(HOST + "  eth9: 1 1 0 0 0 0 0 0 1 1 0 0 0 0 0 0 7\n").perInterface());
    }

    private static List<Long> totals(NetDev d) {
        return List.of(d.rxBytes(), d.txBytes(), (long) d.interfaces());
    }

    @Test
    void headerOnlyGarbageEmptyAndNullAreNull() {
        assertNull(NetDev.parse(HEADER));
        assertNull(NetDev.parse("eth0: a b c d e f g h i j\nrubbish"));
        assertNull(NetDev.parse(""));
        assertNull(NetDev.parse(null));
    }
}
