package io.jtop.linux.cgroup;

import io.jtop.linux.proc.KernelFiles;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.jtop.linux.cgroup.CgroupParsers.blkioSum;
import static io.jtop.linux.cgroup.CgroupParsers.keyed;
import static io.jtop.linux.cgroup.CgroupParsers.single;
import static io.jtop.linux.cgroup.CgroupParsers.v1Limit;

/**
 * cgroup v1: one hierarchy per controller (or co-mounted group). A container normally has the same
 * path in every controller; each figure is read from the controller that owns it.
 */
final class CgroupV1 extends AbstractCgroup {

    CgroupV1(Path hostRoot, KernelFiles files, List<CgroupMount> mounts, CgroupMount walked) {
        super(hostRoot, files, mounts, walked);
    }

    @Override
    public int version() {
        return 1;
    }

    @Override
    public CgroupStats stats(String path) {
        Path cpuacct = dirOf("cpuacct", path);
        Path cpu = dirOf("cpu", path);
        Path mem = dirOf("memory", path);
        Path pids = dirOf("pids", path);
        Path blkio = dirOf("blkio", path);
        Path freezer = dirOf("freezer", path);

        Long usage = single(read(cpuacct, "cpuacct.usage"));
        Long memUsage = single(read(mem, "memory.usage_in_bytes"));
        if (usage == null && memUsage == null && !exists(walked.dir(hostRoot, path))) {
            return null;
        }
        String cpuStat = read(cpu, "cpu.stat");
        String memStat = read(mem, "memory.stat");
        Long memswUsage = single(read(mem, "memory.memsw.usage_in_bytes"));
        String blk = read(blkio, "blkio.throttle.io_service_bytes_recursive");
        if (blk == null) {
            blk = read(blkio, "blkio.throttle.io_service_bytes"); // kernels before 4.x had no _recursive
        }
        return new CgroupStats(
                usage,
                keyed(cpuStat, "nr_periods"),
                keyed(cpuStat, "nr_throttled"),
                keyed(cpuStat, "throttled_time"),
                memUsage,
                keyed(memStat, "total_inactive_file"),
                memswUsage == null || memUsage == null ? null : Math.max(0, memswUsage - memUsage),
                // oom_kill in memory.oom_control: kernel >= 4.13
                keyed(read(mem, "memory.oom_control"), "oom_kill"),
                single(read(pids, "pids.current")),
                blkioSum(blk, "Read"),
                blkioSum(blk, "Write"),
                null, null, null, // PSI exists per cgroup only on the unified hierarchy
                CgroupParsers.v1Frozen(read(freezer, "freezer.state")),
                readLimits(path, cpu, mem, pids, false));
    }

    @Override
    public Boolean frozen(String path) {
        return CgroupParsers.v1Frozen(read(dirOf("freezer", path), "freezer.state"));
    }

    @Override
    public CgroupLimits limits(String path) {
        return readLimits(path, dirOf("cpu", path), dirOf("memory", path), dirOf("pids", path), true);
    }

    private CgroupLimits readLimits(String path, Path cpu, Path mem, Path pids, boolean full) {
        Long quota = single(read(cpu, "cpu.cfs_quota_us"));
        Long memMax = v1Limit(read(mem, "memory.limit_in_bytes"));
        Long memswMax = v1Limit(read(mem, "memory.memsw.limit_in_bytes"));
        Path cpuset = full ? dirOf("cpuset", path) : null;
        return new CgroupLimits(
                quota == null || quota < 0 ? null : quota,
                single(read(cpu, "cpu.cfs_period_us")),
                single(read(cpu, "cpu.shares")),
                null,
                memMax,
                null,
                full ? v1Limit(read(mem, "memory.soft_limit_in_bytes")) : null,
                memswMax == null || memMax == null ? null : Math.max(0, memswMax - memMax),
                single(read(pids, "pids.max")),
                full ? CgroupParsers.cpuset(read(cpuset, "cpuset.cpus")) : null,
                full ? CgroupParsers.cpuset(read(cpuset, "cpuset.mems")) : null);
    }

    @Override
    public Map<String, Path> directories(String path) {
        Map<String, Path> out = new LinkedHashMap<>();
        for (CgroupMount m : mounts) {
            if (m.v2()) {
                continue;
            }
            Path d = m.dir(hostRoot, path);
            if (d != null && Files.isDirectory(d)) {
                out.put(String.join(",", m.controllers()), d);
            }
        }
        return out;
    }

    private static boolean exists(Path dir) {
        return dir != null && Files.isDirectory(dir);
    }
}
