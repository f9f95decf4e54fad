package io.jtop.linux.proc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

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
        assertEquals(new NetDev(230378624, 290460, 3), NetDev.parse(HOST));
    }

    @Test
    void onlyLoopbackIsZeroInterfacesNotUnknown() {
        String lo = HEADER
                + "    lo:       0       0    0    0    0     0          0         0        0       0    0    0    0     0       0          0\n";
        assertEquals(new NetDev(0, 0, 0), NetDev.parse(lo));
    }

    @Test
    void byteCountTouchingTheColonAsOnOldKernels() {
        String old = HEADER + "  eth0:4294967296 10 0 0 0 0 0 0 77 5 0 0 0 0 0 0\n";
        assertEquals(new NetDev(4294967296L, 77, 1), NetDev.parse(old));
    }

    @Test
    void truncatedLineIsSkipped() {
        assertEquals(new NetDev(230378624, 290460, 3), NetDev.parse(HOST + "  eth1: 123 4 0\n"));
    }

    @Test
    void headerOnlyGarbageEmptyAndNullAreNull() {
        assertNull(NetDev.parse(HEADER));
        assertNull(NetDev.parse("eth0: a b c d e f g h i j\nrubbish"));
        assertNull(NetDev.parse(""));
        assertNull(NetDev.parse(null));
    }
}
