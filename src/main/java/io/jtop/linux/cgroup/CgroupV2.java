package io.jtop.linux.cgroup;

import io.jtop.linux.proc.KernelFiles;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static io.jtop.linux.cgroup.CgroupParsers.keyed;
import static io.jtop.linux.cgroup.CgroupParsers.psiSomeAvg10;
import static io.jtop.linux.cgroup.CgroupParsers.single;

/** cgroup v2: one unified hierarchy; every controller's files sit in the cgroup's one directory. */
final class CgroupV2 extends AbstractCgroup {

    CgroupV2(Path hostRoot, KernelFiles files, List<CgroupMount> mounts, CgroupMount unified) {
        super(hostRoot, files, mounts, unified);
    }

    @Override
    public int version() {
        return 2;
    }

    @Override
    public CgroupStats stats(String path) {
        Path dir = walked.dir(hostRoot, path);
        if (dir == null) {
            return null;
        }
        String cpuStat = read(dir, "cpu.stat");
        Long memCurrent = single(read(dir, "memory.current"));
        if (cpuStat == null && memCurrent == null && !Files.isDirectory(dir)) {
            return null;
        }
        Long usageUsec = keyed(cpuStat, "usage_usec");
        Long throttledUsec = keyed(cpuStat, "throttled_usec");
        String io = read(dir, "io.stat");
        return new CgroupStats(
                usageUsec == null ? null : usageUsec * 1000,
                keyed(cpuStat, "nr_periods"),
                keyed(cpuStat, "nr_throttled"),
                throttledUsec == null ? null : throttledUsec * 1000,
                memCurrent,
                keyed(read(dir, "memory.stat"), "inactive_file"),
                single(read(dir, "memory.swap.current")),
                keyed(read(dir, "memory.events"), "oom_kill"),
                single(read(dir, "pids.current")),
                CgroupParsers.ioStatSum(io, "rbytes"),
                CgroupParsers.ioStatSum(io, "wbytes"),
                // *.pressure: kernel >= 4.20 with CONFIG_PSI (and not psi=0 on the command line)
                psiSomeAvg10(read(dir, "cpu.pressure")),
                psiSomeAvg10(read(dir, "memory.pressure")),
                psiSomeAvg10(read(dir, "io.pressure")),
                // cgroup.events "frozen": kernel >= 5.2
                CgroupParsers.v2Frozen(read(dir, "cgroup.events")),
                readLimits(dir, false));
    }

    @Override
    public Boolean frozen(String path) {
        return CgroupParsers.v2Frozen(read(walked.dir(hostRoot, path), "cgroup.events"));
    }

    @Override
    public CgroupLimits limits(String path) {
        return readLimits(walked.dir(hostRoot, path), true);
    }

    private CgroupLimits readLimits(Path dir, boolean full) {
        Long[] cpuMax = CgroupParsers.cpuMax(read(dir, "cpu.max"));
        return new CgroupLimits(
                cpuMax[0],
                cpuMax[1],
                null,
                single(read(dir, "cpu.weight")),
                single(read(dir, "memory.max")),
                full ? single(read(dir, "memory.high")) : null,
                full ? nonZero(single(read(dir, "memory.low"))) : null,
                single(read(dir, "memory.swap.max")),
                single(read(dir, "pids.max")),
                full ? CgroupParsers.cpuset(read(dir, "cpuset.cpus")) : null,
                full ? CgroupParsers.cpuset(read(dir, "cpuset.mems")) : null);
    }

    private static Long nonZero(Long v) {
        return v == null || v == 0 ? null : v;
    }

    @Override
    public Map<String, Path> directories(String path) {
        Path dir = walked.dir(hostRoot, path);
        return dir == null || !Files.isDirectory(dir) ? Map.of() : Map.of("unified", dir);
    }
}
