package io.jtop.linux.proc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.junit.jupiter.api.Test;

class ProcStatusTest {

    /** The head of {@code proc/16992/status} in the v1 fixture (a process in a container's pid namespace). */
    private static final String CONTAINED = """
            Name:\tsh
            Umask:\t0022
            State:\tR (running)
            Tgid:\t16992
            Ngid:\t0
            Pid:\t16992
            PPid:\t16970
            TracerPid:\t0
            Uid:\t0\t0\t0\t0
            Gid:\t0\t0\t0\t0
            FDSize:\t64
            Groups:\t0\s
            NStgid:\t16992\t1
            NSpid:\t16992\t1
            NSpgid:\t16992\t1
            NSsid:\t16992\t1
            Kthread:\t0
            VmPeak:\t    2268 kB
            CapInh:\t0000000000000000
            CapPrm:\t00000000a80425fb
            CapEff:\t00000000a80425fb
            CapBnd:\t00000000a80425fb
            Cpus_allowed_list:\t0-1
            """;

    @Test
    void nspidWithTwoLevelsOuterFirst() {
        ProcStatus s = ProcStatus.parse(CONTAINED);
        assertEquals(new ProcStatus("sh", 16970, 0, List.of(16992, 1), 0xa80425fbL, -1, -1, 0xa80425fbL), s);
        assertEquals(1, s.innermostPid());
    }

    @Test
    void nspidWithOneLevel() {
        ProcStatus s = ProcStatus.parse("Name:\tbash\nPPid:\t1\nUid:\t1000\t1000\t1000\t1000\nNSpid:\t4242\n");
        assertEquals(List.of(4242), s.nspid());
        assertEquals(4242, s.innermostPid());
        assertEquals(1000, s.uid());
    }

    @Test
    void noNspidLineAsOnKernelsBefore41() {
        ProcStatus s = ProcStatus.parse(CONTAINED.replaceAll("(?m)^NS.*\n", ""));
        assertEquals(List.of(), s.nspid());
        assertEquals(-1, s.innermostPid());
        assertEquals("sh", s.name());
    }

    @Test
    void capEffWithEveryCapabilityOfA41CapKernel() {
        ProcStatus s = ProcStatus.parse(CONTAINED.replace("CapEff:\t00000000a80425fb", "CapEff:\t000001ffffffffff"));
        assertEquals(0x1ffffffffffL, s.capEff());
    }

    @Test
    void garbledUidStaysUnknownAndTheRestIsStillRead() {
        ProcStatus s = ProcStatus.parse(CONTAINED.replace("Uid:\t0\t0\t0\t0", "Uid:\tzero"));
        assertEquals(-1, s.uid());
        assertEquals(16970, s.ppid());
        assertEquals(List.of(16992, 1), s.nspid());
    }

    @Test
    void unknownExtraFieldsAreIgnored() {
        assertEquals(ProcStatus.parse(CONTAINED), ProcStatus.parse(CONTAINED + "Brand_new_field:\t7\n"));
    }

    @Test
    void missingFieldsTakeTheirUnknownValues() {
        assertEquals(new ProcStatus(null, -1, -1, List.of(), -1), ProcStatus.parse("garbage\nno colon here\n"));
    }

    @Test
    void emptyAndNullAreNull() {
        assertNull(ProcStatus.parse(""));
        assertNull(ProcStatus.parse(null));
    }

    @Test
    void seccompAndNoNewPrivsAreReadOrUnknown() {
        ProcStatus s = ProcStatus.parse("Name:\tsh\nNoNewPrivs:\t1\nSeccomp:\t2\nSeccomp_filters:\t1\n");
        assertEquals(2, s.seccomp());
        assertEquals(1, s.noNewPrivs());
        ProcStatus old = ProcStatus.parse("Name:\tsh\nSeccomp:\tx\n");
        assertEquals(-1, old.seccomp(), "garbled: unknown");
        assertEquals(-1, old.noNewPrivs(), "absent: unknown");
    }
}
