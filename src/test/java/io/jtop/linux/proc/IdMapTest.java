package io.jtop.linux.proc;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class IdMapTest {

    @Test
    void hostIdentityMapIsRootOnRoot() {
        IdMap m = IdMap.parse("         0          0 4294967295\n");
        assertTrue(m.rootIsRoot());
        assertEquals(1000, m.toHost(1000));
    }

    @Test
    void remappedRootIsNotHostRoot() {
        IdMap m = IdMap.parse("         0     100000      65536\n");
        assertFalse(m.rootIsRoot());
        assertEquals(100000, m.toHost(0));
        assertEquals(-1, m.toHost(65536), "past the range: unmapped");
    }

    @Test
    void garbageLinesAreSkippedAndLinesAreBounded() {
        assertNull(IdMap.parse(null));
        IdMap m = IdMap.parse("x y z\n0 0\n-\n0 5 1\n");
        assertEquals(1, m.ranges().size());
        assertEquals(5, m.toHost(0));
        assertEquals(IdMap.MAX_LINES, IdMap.parse("0 0 1\n".repeat(100_000)).ranges().size());
    }
}
