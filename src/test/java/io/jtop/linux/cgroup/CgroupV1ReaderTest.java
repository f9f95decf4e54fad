package io.jtop.linux.cgroup;

import io.jtop.linux.proc.KernelFiles;
import io.jtop.testing.Trees;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** The contract on the real v1 hybrid capture of this build host (kernel 6.18, Docker 20.10 cgroupfs). */
class CgroupV1ReaderTest extends CgroupReaderContract {

    static final Path ROOT = Path.of("src/test/resources/fixtures/cgroup-v1-debian12-hybrid");
    static final String BUSY = "c25eaf14dec461eb1264a85f2f65849ebdb3cd351babab411da776fab6526b99";

    @Override
    Path root() {
        return ROOT;
    }

    @Override
    int version() {
        return 1;
    }

    @Override
    Path pidsFile(Path copy) {
        return copy.resolve("sys/fs/cgroup/pids/docker/" + BUSY + "/pids.current");
    }

    @Override
    Path memoryUsageFile(Path copy) {
        return copy.resolve("sys/fs/cgroup/memory/docker/" + BUSY + "/memory.usage_in_bytes");
    }

    @Override
    void addCpuTime(Path copy) throws IOException {
        Path f = copy.resolve("sys/fs/cgroup/cpuacct/docker/" + BUSY + "/cpuacct.usage");
        Files.writeString(f, (Long.parseLong(Files.readString(f).trim()) + 1_000_000) + "\n");
    }

    @Override
    String limitedDocker() {
        return "/docker/" + BUSY;
    }

    @Override
    int limitedDockerPid() {
        return 16992;
    }

    @Override
    Path thawFile(Path copy) {
        return copy.resolve("sys/fs/cgroup/freezer" + frozen() + "/freezer.state");
    }

    @Override
    String thawed() {
        return "THAWED";
    }

    @Override
    String frozen() {
        return "/docker/bbca1cb50c721612ef295a02a41104d4dc63131fc0e2958cceaba3d980f5c6f9";
    }

    @Override
    Map<String, String> containers() {
        return Map.of(
                BUSY, "docker",
                "a0fdeb04c01ed567018b581154369964b56a54cd314d950c9761a0ead01aec5a", "docker",
                "bbca1cb50c721612ef295a02a41104d4dc63131fc0e2958cceaba3d980f5c6f9", "docker",
                "jtopfixture1", "jtop");
    }

    @Test
    void hybridHostIsV1DespiteTheUnifiedMount() {
        assertEquals(1, cgroup.version());
        assertEquals(true, cgroup.mounts().stream().noneMatch(CgroupMount::v2));
    }

    @Test
    void v1HasNoPerCgroupPressureAndCountsSwapFromMemsw() {
        CgroupStats s = cgroup.stats(limitedDocker());
        assertNull(s.psiCpuSome10());
        assertEquals(1024L, s.limits().cpuShares());
        assertNull(s.limits().cpuWeight());
    }

    @Test
    void workingSetOfThePageCacheContainerMatchesDockerStats() {
        // meta/docker-stats-memory.txt: usage_in_bytes=8957952 total_inactive_file=7340032 → 1.543MiB
        CgroupStats s = cgroup.stats("/docker/a0fdeb04c01ed567018b581154369964b56a54cd314d950c9761a0ead01aec5a");
        assertEquals(s.memoryUsage() - s.memoryInactiveFile(), s.memoryWorkingSet());
        assertEquals(true, s.memoryInactiveFile() > 0, "the dd left inactive page cache");
    }

    @Test
    void breakdownOfTheBusyContainer() {
        CgroupBreakdown b = cgroup.stats("/docker/" + BUSY).breakdown();
        // cpuacct.stat user 276 system 1, in USER_HZ (100: the fixture has no aux vector)
        assertEquals(2_760_000_000L, b.cpuUserNanos());
        assertEquals(10_000_000L, b.cpuSystemNanos());
        assertEquals(61440L, b.memoryRss(), "memory.stat total_rss");
        assertEquals(0L, b.memoryCache(), "memory.stat total_cache");
        assertEquals(1L, b.processes());
        assertEquals(List.of(), b.devices(), "blkio: Total 0, no device yet");
        // the hybrid host's unified hierarchy, same path
        assertEquals(new CgroupBreakdown.Pressure(11616728L, 11616051L), b.cpuPressure());
        assertEquals(new CgroupBreakdown.Pressure(0L, 0L), b.ioPressure());
    }

    @Test
    void devicesAreNamedAsCadvisorNamesThem(@TempDir Path copy) throws IOException {
        Trees.copy(ROOT, copy);
        Files.writeString(copy.resolve("sys/fs/cgroup/blkio/docker/" + BUSY + "/blkio.throttle.io_service_bytes_recursive"),
                "254:0 Read 4096\n254:0 Write 8192\n254:0 Total 12288\n7:9 Read 1\n7:9 Write 2\nTotal 12291\n");
        Files.createDirectories(copy.resolve("sys/dev/block"));
        Files.createSymbolicLink(copy.resolve("sys/dev/block/254:0"),
                Path.of("../../devices/pci0000:00/0000:00:02.0/virtio1/block/vda"));
        try (KernelFiles own = new KernelFiles(64)) {
            CgroupBreakdown b = Cgroups.open(copy, own).stats("/docker/" + BUSY).breakdown();
            assertEquals(List.of(new CgroupBreakdown.IoDevice("/dev/vda", 4096, 8192),
                    new CgroupBreakdown.IoDevice("7:9", 1, 2)), b.devices());
        }
    }

    @Test
    void garbledFilesGiveNoBreakdownFigures(@TempDir Path copy) throws IOException {
        Trees.copy(ROOT, copy);
        Path cg = copy.resolve("sys/fs/cgroup");
        Files.writeString(cg.resolve("cpuacct/docker/" + BUSY + "/cpuacct.stat"), "user 99999999999999999999\nsys");
        Files.writeString(cg.resolve("blkio/docker/" + BUSY + "/blkio.throttle.io_service_bytes_recursive"), "254:0 Read 40");
        Files.writeString(cg.resolve("memory/docker/" + BUSY + "/cgroup.procs"), "16992\n169");
        Files.writeString(cg.resolve("memory/docker/" + BUSY + "/cgroup.procs"), "16992\nx\n");
        Files.delete(cg.resolve("unified/docker/" + BUSY + "/cpu.pressure"));
        Files.writeString(cg.resolve("unified/docker/" + BUSY + "/io.pressure"), "some avg10=0.00 tot");
        try (KernelFiles own = new KernelFiles(64)) {
            CgroupStats s = Cgroups.open(copy, own).stats("/docker/" + BUSY);
            CgroupBreakdown b = s.breakdown();
            assertNull(b.cpuUserNanos());
            assertNull(b.cpuSystemNanos());
            assertNull(b.devices());
            assertNull(b.processes());
            assertEquals(CgroupBreakdown.Pressure.NONE, b.cpuPressure());
            assertEquals(CgroupBreakdown.Pressure.NONE, b.ioPressure());
            assertEquals(61440L, b.memoryRss(), "the files still whole give their figures");
            assertEquals(1L, s.pidsCurrent());
        }
    }
}
