package io.jtop.linux.proc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class ProcStatTest {

    /** {@code proc/16992/stat} of the v1 fixture: a busy-loop {@code sh} in a Docker container. */
    private static final String SH = "16992 (sh) R 16970 16992 16992 0 -1 4194560 976 0 0 0 200 1 0 0 20 0 1 0"
            + " 25518 2322432 380 18446744073709551615 4198400 5785993 140724563022992 0 0 0 0 4 65538 0 0 0"
            + " 17 1 0 0 0 0 0 6141704 6178576 450248704 140724563029879 140724563029905 140724563029905"
            + " 140724563030000 0\n";

    @Test
    void realLine() {
        assertEquals(new ProcStat(16992, "sh", 'R', 16970, 200, 1, 25518, 380), ProcStat.parse(SH));
    }

    @Test
    void commWithSpacesAndClosingParenthesis() {
        ProcStat s = ProcStat.parse(SH.replace("(sh)", "(a) b)"));
        assertEquals("a) b", s.comm());
        assertEquals('R', s.state());
        assertEquals(16970, s.ppid());
        assertEquals(25518, s.startTimeTicks());
    }

    @Test
    void oldKernelWithOnlyTheFirst24Fields() {
        String old = "7 (init) S 0 7 7 0 -1 256 1 2 3 4 11 12 0 0 20 0 1 0 99 1000 55";
        assertEquals(new ProcStat(7, "init", 'S', 0, 11, 12, 99, 55), ProcStat.parse(old));
    }

    @Test
    void unknownExtraFieldsAtTheEndAreIgnored() {
        assertEquals(ProcStat.parse(SH), ProcStat.parse(SH.trim() + " 1 2 3 4 5\n"));
    }

    @Test
    void truncatedLineIsNull() {
        String cut = "16992 (sh) R 16970 16992 16992 0 -1 4194560 976 0 0 0 200 1 0 0 20 0 1 0";
        assertNull(ProcStat.parse(cut));
        assertNull(ProcStat.parse("16992 (sh"));
    }

    @Test
    void garbageEmptyAndNullAreNull() {
        assertNull(ProcStat.parse("not a stat line"));
        assertNull(ProcStat.parse(""));
        assertNull(ProcStat.parse(null));
        assertNull(ProcStat.parse(SH.substring(SH.indexOf('('))), "no pid before the comm");
        assertNull(ProcStat.parse(SH.replace(" 200 1 ", " x 1 ")), "non-numeric utime");
        assertNull(ProcStat.parse(SH.replace(") R ", ") RS ")), "state of two letters");
    }
}
