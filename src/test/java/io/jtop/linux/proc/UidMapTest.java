package io.jtop.linux.proc;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class UidMapTest {

    @Test
    void hostIdentityMapIsRootOnRoot() {
        UidMap m = UidMap.parse("         0          0 4294967295\n");
        assertTrue(m.rootIsRoot());
        assertEquals(1000, m.outside(1000));
    }

    @Test
    void remappedRootIsNotHostRoot() {
        UidMap m = UidMap.parse("         0     100000      65536\n");
        assertFalse(m.rootIsRoot());
        assertEquals(100000, m.outside(0));
        assertEquals(-1, m.outside(65536), "past the range: unmapped");
    }

    @Test
    void garbageLinesAreSkippedAndLinesAreBounded() {
        assertNull(UidMap.parse(null));
        UidMap m = UidMap.parse("x y z\n0 0\n-\n0 5 1\n");
        assertEquals(1, m.ranges().size());
        assertEquals(5, m.outside(0));
        assertEquals(UidMap.MAX_RANGES, UidMap.parse("0 0 1\n".repeat(100_000)).ranges().size());
    }
}
