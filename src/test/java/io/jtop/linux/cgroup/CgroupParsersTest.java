package io.jtop.linux.cgroup;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Texts come from the v2 fixture's Docker scope and the v1 fixture's {@code /docker/c25eaf14…} unless said. */
class CgroupParsersTest {

    /** Lines of the v1 {@code memory.stat}; {@code total_inactive_file} changed from 0 so it differs from {@code inactive_file}. */
    private static final String V1_MEMORY_STAT = """
            cache 0
            rss 61440
            inactive_anon 57344
            active_anon 4096
            inactive_file 0
            active_file 0
            hierarchical_memory_limit 67108864
            total_cache 0
            total_rss 61440
            total_inactive_anon 57344
            total_active_anon 4096
            total_inactive_file 8388608
            """;

    private static final String V2_CPU_STAT = """
            usage_usec 3737043
            user_usec 3070137
            system_usec 666906
            nr_periods 74
            nr_throttled 73
            throttled_usec 6118800
            nr_bursts 0
            burst_usec 0
            """;

    @Test
    void singleNumber() {
        assertEquals(67108864L, CgroupParsers.single("67108864\n"));
        assertEquals(446464L, CgroupParsers.single("  446464 \t\n"));
        assertEquals(0L, CgroupParsers.single("0"));
    }

    @Test
    void singleMaxEmptyGarbageAndNullAreNull() {
        assertNull(CgroupParsers.single("max\n"));
        assertNull(CgroupParsers.single(""));
        assertNull(CgroupParsers.single(" \n"));
        assertNull(CgroupParsers.single("12abc"));
        assertNull(CgroupParsers.single("50000 100000"));
        assertNull(CgroupParsers.single(null));
    }

    @Test
    void v1LimitTreatsPageAlignedMaxAndMinusOneAsUnlimited() {
        assertNull(CgroupParsers.v1Limit("9223372036854771712\n"));  // memory.limit_in_bytes of /docker
        assertNull(CgroupParsers.v1Limit("-1\n"));                   // cpu.cfs_quota_us without a quota
        assertNull(CgroupParsers.v1Limit(Long.toString(1L << 62)));
        assertEquals((1L << 62) - 1, CgroupParsers.v1Limit(Long.toString((1L << 62) - 1)));
        assertEquals(67108864L, CgroupParsers.v1Limit("67108864\n"));
        assertEquals(50000L, CgroupParsers.v1Limit("50000\n"));
        assertNull(CgroupParsers.v1Limit("max"));
    }

    @Test
    void keyedDoesNotMatchAKeyInsideALongerKey() {
        assertEquals(0L, CgroupParsers.keyed(V1_MEMORY_STAT, "inactive_file"));
        assertEquals(8388608L, CgroupParsers.keyed(V1_MEMORY_STAT, "total_inactive_file"));
        assertEquals(57344L, CgroupParsers.keyed(V1_MEMORY_STAT, "inactive_anon"));
        assertEquals(73L, CgroupParsers.keyed(V2_CPU_STAT, "nr_throttled"));
        assertEquals(74L, CgroupParsers.keyed(V2_CPU_STAT, "nr_periods"));
        assertEquals(6118800L, CgroupParsers.keyed(V2_CPU_STAT, "throttled_usec"));
    }

    @Test
    void keyedWhenTheKeyIsAPrefixOfAnEarlierKey() {
        assertEquals(2L, CgroupParsers.keyed("file_mapped 1\nfile 2\n", "file"));
        assertEquals(1L, CgroupParsers.keyed("file_mapped 1\nfile 2\n", "file_mapped"));
    }

    @Test
    void keyedOnTheFirstAndLastLine() {
        assertEquals(3737043L, CgroupParsers.keyed(V2_CPU_STAT, "usage_usec"));
        assertEquals(0L, CgroupParsers.keyed(V2_CPU_STAT, "burst_usec"));
        assertEquals(5L, CgroupParsers.keyed("a 4\nlast 5", "last"));
    }

    @Test
    void keyedMissingKeyEmptyAndNullAreNull() {
        assertNull(CgroupParsers.keyed(V2_CPU_STAT, "nr_"));
        assertNull(CgroupParsers.keyed(V2_CPU_STAT, "usage"));
        assertNull(CgroupParsers.keyed(V2_CPU_STAT, "missing"));
        assertNull(CgroupParsers.keyed("", "usage_usec"));
        assertNull(CgroupParsers.keyed(null, "usage_usec"));
    }

    @Test
    void cpuMax() {
        assertArrayEquals(new Long[] {50000L, 100000L}, CgroupParsers.cpuMax("50000 100000\n"));
        assertArrayEquals(new Long[] {null, 100000L}, CgroupParsers.cpuMax("max 100000\n"));
        assertArrayEquals(new Long[] {null, null}, CgroupParsers.cpuMax(""));
        assertArrayEquals(new Long[] {null, null}, CgroupParsers.cpuMax(null));
    }

    @Test
    void psiSomeAvg10() {
        assertEquals(24.70, CgroupParsers.psiSomeAvg10("""
                some avg10=24.70 avg60=5.19 avg300=1.11 total=4031616
                full avg10=24.19 avg60=5.07 avg300=1.08 total=3943815
                """));
        assertEquals(0.0, CgroupParsers.psiSomeAvg10("some avg10=0.00 avg60=0.00 avg300=0.00 total=0\n"));
        assertEquals(1.5, CgroupParsers.psiSomeAvg10("some avg10=1.50"));
    }

    @Test
    void psiWithoutASomeLineOrGarbledIsNull() {
        assertNull(CgroupParsers.psiSomeAvg10("full avg10=24.19 avg60=5.07 avg300=1.08 total=3943815\n"));
        assertNull(CgroupParsers.psiSomeAvg10("some avg60=5.19 total=4031616\n"));
        assertNull(CgroupParsers.psiSomeAvg10("some avg10=x avg60=5.19\n"));
        assertNull(CgroupParsers.psiSomeAvg10(""));
        assertNull(CgroupParsers.psiSomeAvg10(null));
    }

    @Test
    void ioStatSumsOverDevices() {
        String one = "254:16 rbytes=6488064 wbytes=262144 rios=82 wios=64 dbytes=0 dios=0\n";
        assertEquals(6488064L, CgroupParsers.ioStatSum(one, "rbytes"));
        assertEquals(262144L, CgroupParsers.ioStatSum(one, "wbytes"));
        String two = one + "8:0 rbytes=1000 wbytes=24 rios=1 wios=1 dbytes=0 dios=0\n";
        assertEquals(6489064L, CgroupParsers.ioStatSum(two, "rbytes"));
        assertEquals(262168L, CgroupParsers.ioStatSum(two, "wbytes"));
    }

    @Test
    void ioStatEmptyFileIsNoIoYet() {
        assertEquals(0L, CgroupParsers.ioStatSum("", "rbytes"));
        assertNull(CgroupParsers.ioStatSum(null, "rbytes"));
    }

    @Test
    void blkioSumsOneOperationAndIgnoresTotals() {
        String text = """
                8:0 Read 4096
                8:0 Write 512
                8:0 Sync 4608
                8:0 Async 0
                8:0 Total 4608
                8:16 Read 100
                8:16 Write 0
                8:16 Total 100
                Total 4708
                """;
        assertEquals(4196L, CgroupParsers.blkioSum(text, "Read"));
        assertEquals(512L, CgroupParsers.blkioSum(text, "Write"));
        assertEquals(0L, CgroupParsers.blkioSum("Total 0\n", "Read"));  // a container with no I/O yet
        assertNull(CgroupParsers.blkioSum(null, "Read"));
    }

    @Test
    void v1Frozen() {
        assertFalse(CgroupParsers.v1Frozen("THAWED\n"));
        assertTrue(CgroupParsers.v1Frozen("FROZEN\n"));
        assertTrue(CgroupParsers.v1Frozen("FREEZING\n"));
        assertNull(CgroupParsers.v1Frozen("frozen"));
        assertNull(CgroupParsers.v1Frozen(""));
        assertNull(CgroupParsers.v1Frozen(null));
    }

    @Test
    void v2Frozen() {
        assertFalse(CgroupParsers.v2Frozen("populated 1\nfrozen 0\n"));
        assertTrue(CgroupParsers.v2Frozen("populated 1\nfrozen 1\n"));
        assertNull(CgroupParsers.v2Frozen("populated 1\n"));  // kernel < 5.2
        assertNull(CgroupParsers.v2Frozen(null));
    }

    @Test
    void cpuset() {
        assertEquals("0-1", CgroupParsers.cpuset("0-1\n"));
        assertEquals("0,2-3", CgroupParsers.cpuset("0,2-3"));
        assertNull(CgroupParsers.cpuset("\n"));  // cpuset.cpus of a container that sets none
        assertNull(CgroupParsers.cpuset(""));
        assertNull(CgroupParsers.cpuset(null));
    }
}
