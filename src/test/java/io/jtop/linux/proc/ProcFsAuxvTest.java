package io.jtop.linux.proc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ProcFsAuxvTest {

    private static final long AT_NULL = 0;
    private static final long AT_PAGESZ = 6;
    private static final long AT_CLKTCK = 17;

    /** An aux vector of (type, value) pairs of 64-bit words, little-endian as on x86-64 and arm64. */
    private static byte[] auxv(long... pairs) {
        ByteBuffer b = ByteBuffer.allocate(pairs.length * 8).order(ByteOrder.LITTLE_ENDIAN);
        for (long w : pairs) {
            b.putLong(w);
        }
        return b.array();
    }

    @Test
    void findsClockTicks() {
        byte[] v = auxv(33, 0x7ffd0000L, AT_PAGESZ, 4096, AT_CLKTCK, 100, AT_NULL, 0);
        assertEquals(100, ProcFs.parseAuxv(v, AT_CLKTCK));
        assertEquals(4096, ProcFs.parseAuxv(v, AT_PAGESZ));
    }

    @Test
    void stopsAtTheNullEntry() {
        assertEquals(-1, ProcFs.parseAuxv(auxv(AT_PAGESZ, 4096, AT_NULL, 0, AT_CLKTCK, 100), AT_CLKTCK));
    }

    @Test
    void missingTruncatedAndEmptyGiveMinusOne() {
        byte[] v = auxv(AT_PAGESZ, 4096, AT_CLKTCK, 100, AT_NULL, 0);
        assertEquals(-1, ProcFs.parseAuxv(auxv(AT_PAGESZ, 4096, AT_NULL, 0), AT_CLKTCK));
        assertEquals(-1, ProcFs.parseAuxv(Arrays.copyOf(v, 16 + 12), AT_CLKTCK), "value cut short");
        assertEquals(-1, ProcFs.parseAuxv(new byte[0], AT_CLKTCK));
    }
}
