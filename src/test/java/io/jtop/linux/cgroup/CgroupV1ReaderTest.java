package io.jtop.linux.cgroup;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
}
