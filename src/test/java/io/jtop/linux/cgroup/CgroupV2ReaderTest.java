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
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The contract on the real pure-v2 capture (Debian 12, kernel 6.1 under qemu). */
class CgroupV2ReaderTest extends CgroupReaderContract {

    static final Path ROOT = Path.of("src/test/resources/fixtures/cgroup-v2-debian12-6.1");
    static final String DOCKER = "/system.slice/docker-a01ea2828a4456f3ddbb0f9c132daeee8d65fc3d0804faf35ed272b500bce17e.scope";
    static final String PODMAN = "/machine.slice/libpod-f1e73268c4fdd99534c97da80e159e7a79c78505cb3be970fa10c579a90c3d20.scope";

    @Override
    Path root() {
        return ROOT;
    }

    @Override
    int version() {
        return 2;
    }

    @Override
    String limitedDocker() {
        return DOCKER;
    }

    @Override
    int limitedDockerPid() {
        return 131;
    }

    @Override
    Path thawFile(Path copy) {
        return copy.resolve("sys/fs/cgroup" + frozen() + "/cgroup.freeze");
    }

    @Override
    String thawed() {
        return "0";
    }

    @Override
    String frozen() {
        return "/system.slice/crio-2ea1f0d724fbc414ecce1eeaef2f26406dc2b09220abce931bc9c6fcc38e77f9.scope";
    }

    @Override
    Map<String, String> containers() {
        return Map.of(
                "a01ea2828a4456f3ddbb0f9c132daeee8d65fc3d0804faf35ed272b500bce17e", "docker",
                "f1e73268c4fdd99534c97da80e159e7a79c78505cb3be970fa10c579a90c3d20", "podman",
                "2ea1f0d724fbc414ecce1eeaef2f26406dc2b09220abce931bc9c6fcc38e77f9", "cri-o",
                "342d78442ac36ff20347a08fc0dfecef045b2157b385fb9287548d5bb5cf3fbb", "containerd");
    }

    @Override
    Path pidsFile(Path copy) {
        return copy.resolve("sys/fs/cgroup" + DOCKER + "/pids.current");
    }

    @Override
    Path memoryUsageFile(Path copy) {
        return copy.resolve("sys/fs/cgroup" + DOCKER + "/memory.current");
    }

    @Override
    void addCpuTime(Path copy) throws IOException {
        Path f = copy.resolve("sys/fs/cgroup" + DOCKER + "/cpu.stat");
        String text = Files.readString(f);
        long usec = Long.parseLong(text.lines().filter(l -> l.startsWith("usage_usec ")).findFirst().orElseThrow()
                .substring("usage_usec ".length()).trim());
        Files.writeString(f, text.replace("usage_usec " + usec, "usage_usec " + (usec + 1000)));
    }

    @Test
    void oomKillOfThePodmanScopeIsCounted() {
        CgroupStats s = cgroup.stats(PODMAN);
        assertEquals(1L, s.oomKills());
        assertEquals(32L << 20, s.limits().memoryMax());
        assertEquals(2048L, s.limits().pidsMax());
    }

    @Test
    void pressureWeightAndIoAreRead() {
        CgroupStats s = cgroup.stats(DOCKER);
        assertNotNull(s.psiCpuSome10());
        assertTrue(s.psiCpuSome10() > 0, "the busy loop waits for CPU under its quota");
        assertEquals(100L, s.limits().cpuWeight());
        assertNull(s.limits().cpuShares());
        assertEquals(6488064L, s.ioReadBytes());
        assertEquals(262144L, s.ioWriteBytes());
    }

    @Test
    void unsetCpusetAndUnlimitedHighAreNull() {
        CgroupLimits l = cgroup.limits(DOCKER);
        assertNull(l.cpusetCpus());
        assertNull(l.memoryHigh());
        assertEquals("0", cgroup.limits(frozen()).cpusetCpus());
    }

    @Test
    void breakdownOfTheDockerContainer() {
        CgroupBreakdown b = cgroup.stats(DOCKER).breakdown();
        assertEquals(3_070_137_000L, b.cpuUserNanos(), "cpu.stat user_usec");
        assertEquals(666_906_000L, b.cpuSystemNanos(), "cpu.stat system_usec");
        assertEquals(57344L, b.memoryRss(), "memory.stat anon, as cAdvisor maps it");
        assertEquals(225280L, b.memoryCache(), "memory.stat file");
        assertEquals(1L, b.processes());
        // no /sys/dev/block in the capture: the device keeps its number
        assertEquals(List.of(new CgroupBreakdown.IoDevice("254:16", 6488064, 262144)), b.devices());
        assertEquals(new CgroupBreakdown.Pressure(4031616L, 3943815L), b.cpuPressure());
        assertEquals(new CgroupBreakdown.Pressure(0L, 0L), b.memoryPressure());
        assertEquals(new CgroupBreakdown.Pressure(451672L, 262542L), b.ioPressure());
    }

    /** A container running systemd: on v2 its processes sit in the cgroups below its own, whose cgroup.procs is empty. */
    @Test
    void processesBelowTheContainersCgroupCount(@TempDir Path copy) throws IOException {
        Trees.copy(ROOT, copy);
        Path dir = copy.resolve("sys/fs/cgroup" + DOCKER);
        Files.writeString(dir.resolve("cgroup.procs"), "");
        Files.createDirectories(dir.resolve("init.scope"));
        Files.writeString(dir.resolve("init.scope/cgroup.procs"), "1\n");
        Files.createDirectories(dir.resolve("system.slice/nginx.service"));
        Files.writeString(dir.resolve("system.slice/cgroup.procs"), "");
        Files.writeString(dir.resolve("system.slice/nginx.service/cgroup.procs"), "40\n41\n42\n");
        Files.createDirectories(copy.resolve("sys/dev/block"));
        Files.createSymbolicLink(copy.resolve("sys/dev/block/254:16"), Path.of("../../devices/virtual/block/vdb"));
        try (KernelFiles own = new KernelFiles(64)) {
            CgroupBreakdown b = Cgroups.open(copy, own).stats(DOCKER).breakdown();
            assertEquals(4L, b.processes());
            assertEquals("/dev/vdb", b.devices().get(0).device());
        }
    }
}
