package io.jtop.linux.cgroup;

import io.jtop.linux.proc.KernelFiles;
import io.jtop.linux.proc.ProcFs;

import java.io.IOException;
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

    /** The unified hierarchy a hybrid host mounts beside the controllers (its pressure files), or null. */
    private final CgroupMount unified;
    /** USER_HZ, the unit of {@code cpuacct.stat}; 0 until first asked (by any reader's thread: the same figure). */
    private volatile long hz;

    CgroupV1(Path hostRoot, KernelFiles files, List<CgroupMount> mounts, CgroupMount walked, CgroupMount unified) {
        super(hostRoot, files, mounts, walked);
        this.unified = unified;
    }

    /** Clock ticks per second as the kernel tells this process: {@code cpuacct.stat} counts in them. */
    private long hz() {
        if (hz == 0) {
            hz = new ProcFs(hostRoot, files).clockTicks();
        }
        return hz;
    }

    @Override
    public int version() {
        return 1;
    }

    @Override
    public CgroupReader reader(String path) {
        return new Reader(path, true);
    }

    @Override
    public CgroupReader reader(String path, boolean breakdown) {
        return new Reader(path, breakdown);
    }

    /** The files of one cgroup, opened on first read and kept open. */
    private final class Reader implements CgroupReader {
        private final Path walkedDir;
        private final KernelFileRef usage;
        private final KernelFileRef cpuStat;
        private final KernelFileRef memUsage;
        private final InactiveFile inactiveFile;
        private final KernelFileRef pidsCurrent;
        private final KernelFileRef memswUsage;
        private final KernelFileRef oomControl;
        private final KernelFileRef blkio;
        private final KernelFileRef blkioOld;
        private final KernelFileRef freezer;
        private final KernelFileRef quota;
        private final KernelFileRef period;
        private final KernelFileRef shares;
        private final KernelFileRef memLimit;
        private final KernelFileRef memswLimit;
        private final KernelFileRef pidsMax;
        private final KernelFileRef cpuacctStat;
        private final KernelFileRef procs;
        private final KernelFileRef cpuPressure;
        private final KernelFileRef memPressure;
        private final KernelFileRef ioPressure;
        /** Whether its full reads read the breakdown too (see {@link Cgroup#reader(String, boolean)}). */
        private final boolean breakdown;
        private CgroupStats last;

        Reader(String path, boolean breakdown) {
            this.breakdown = breakdown;
            walkedDir = walked.dir(hostRoot, path);
            Path cpuacct = dirOf("cpuacct", path);
            Path cpu = dirOf("cpu", path);
            Path mem = dirOf("memory", path);
            Path pids = dirOf("pids", path);
            Path blk = dirOf("blkio", path);
            usage = file(cpuacct, "cpuacct.usage");
            cpuStat = file(cpu, "cpu.stat");
            memUsage = file(mem, "memory.usage_in_bytes");
            inactiveFile = new InactiveFile(file(mem, "memory.stat"), "total_inactive_file", "total_rss", "total_cache");
            pidsCurrent = file(pids, "pids.current");
            memswUsage = file(mem, "memory.memsw.usage_in_bytes");
            oomControl = file(mem, "memory.oom_control");
            blkio = file(blk, "blkio.throttle.io_service_bytes_recursive");
            blkioOld = file(blk, "blkio.throttle.io_service_bytes"); // before 4.x there was no _recursive
            freezer = file(dirOf("freezer", path), "freezer.state");
            quota = file(cpu, "cpu.cfs_quota_us");
            period = file(cpu, "cpu.cfs_period_us");
            shares = file(cpu, "cpu.shares");
            memLimit = file(mem, "memory.limit_in_bytes");
            memswLimit = file(mem, "memory.memsw.limit_in_bytes");
            pidsMax = file(pids, "pids.max");
            cpuacctStat = file(cpuacct, "cpuacct.stat");
            procs = file(walkedDir, "cgroup.procs");
            // A hybrid host's unified hierarchy holds the same path with its *.pressure files
            // (kernel >= 4.20 with CONFIG_PSI), though no controller is enabled there.
            Path psi = unified == null ? null : unified.dir(hostRoot, path);
            cpuPressure = file(psi, "cpu.pressure");
            memPressure = file(psi, "memory.pressure");
            ioPressure = file(psi, "io.pressure");
        }

        @Override
        public CgroupStats read(boolean full, boolean limits) {
            return read(full, limits, null);
        }

        @Override
        public CgroupStats readUnlessStill(CgroupStats still) {
            return read(false, false, still);
        }

        @Override
        public CgroupStats readFullUnlessStill(CgroupStats still) {
            Long cpu = single(usage.read());
            Long pids = single(pidsCurrent.read());
            return still(still, cpu, pids) ? outside(still) : read(true, false, cpu, pids);
        }

        private CgroupStats read(boolean full, boolean limits, CgroupStats still) {
            Long cpu = single(usage.read());
            Long pids = single(pidsCurrent.read());
            if (still(still, cpu, pids)) {
                return still;
            }
            return read(full, limits, cpu, pids);
        }

        /**
         * {@code s}, a full read's figures, with what can move while the cgroup runs nothing read
         * again (see {@link CgroupReader#readFullUnlessStill}); {@code memory.stat} if usage moved.
         */
        private CgroupStats outside(CgroupStats s) {
            Long mem = single(memUsage.read());
            Long inactive = inactiveFile.readIfUsageMoved(mem);
            Long memsw = single(memswUsage.read());
            Boolean frozen = CgroupParsers.v1Frozen(freezer.read());
            CgroupBreakdown b = s.breakdown() == null ? CgroupBreakdown.NONE : s.breakdown();
            if (breakdown) {
                b = new CgroupBreakdown(b.cpuUserNanos(), b.cpuSystemNanos(), inactiveFile.rss(), inactiveFile.cache(),
                        b.processes(), b.devices(), BreakdownParsers.pressure(cpuPressure.read()),
                        BreakdownParsers.pressure(memPressure.read()), BreakdownParsers.pressure(ioPressure.read()));
            }
            last = new CgroupStats(s.cpuUsageNanos(), s.cpuPeriods(), s.cpuThrottledPeriods(), s.cpuThrottledNanos(),
                    mem, inactive, memsw == null || mem == null ? null : Math.max(0, memsw - mem), s.oomKills(),
                    s.pidsCurrent(), s.ioReadBytes(), s.ioWriteBytes(), null, null, null, frozen, s.limits(), b);
            return last;
        }

        /** The read on from its CPU time and pids count, read just before. */
        private CgroupStats read(boolean full, boolean limits, Long cpu, Long pids) {
            Long mem = single(memUsage.read());
            if (cpu == null && mem == null && (walkedDir == null || !Files.isDirectory(walkedDir))) {
                return null;
            }
            CgroupStats prev = last;
            if (full || limits || prev == null) {
                CharSequence cs = cpuStat.read();
                Long periods = keyed(cs, "nr_periods");
                Long throttled = keyed(cs, "nr_throttled");
                Long throttledTime = keyed(cs, "throttled_time");
                Long inactive = inactiveFile.read(mem, true);
                Long memsw = single(memswUsage.read());
                // oom_kill in memory.oom_control: kernel >= 4.13
                Long ooms = keyed(oomControl.read(), "oom_kill");
                CharSequence blk = blkio.read();
                if (blk == null) {
                    blk = blkioOld.read();
                }
                Long ioRead = blkioSum(blk, "Read");
                Long ioWrite = blkioSum(blk, "Write");
                // Each text is parsed before the next read, which reuses its buffer.
                List<CgroupBreakdown.IoDevice> devices = breakdown ? BreakdownParsers.blkioDevices(blk) : null;
                Boolean frozen = CgroupParsers.v1Frozen(freezer.read());
                CgroupLimits l = limits || prev == null ? readLimits() : prev.limits();
                CgroupBreakdown b = breakdown ? readBreakdown(devices) : CgroupBreakdown.NONE;
                last = new CgroupStats(cpu, periods, throttled, throttledTime, mem, inactive,
                        memsw == null || mem == null ? null : Math.max(0, memsw - mem), ooms, pids, ioRead, ioWrite,
                        null, null, null, // top's PSI column stays v2's: its avg10 is not read on v1
                        frozen, l, b);
            } else {
                last = new CgroupStats(cpu, prev.cpuPeriods(), prev.cpuThrottledPeriods(), prev.cpuThrottledNanos(),
                        mem, inactiveFile.read(mem, false), prev.swapUsage(), prev.oomKills(), pids,
                        prev.ioReadBytes(), prev.ioWriteBytes(), null, null, null, prev.frozen(),
                        limits ? readLimits() : prev.limits(), prev.breakdown());
            }
            return last;
        }

        @Override
        public Long cpuUsageNanos() {
            return single(usage.read());
        }

        /** The breakdown's own files, read after the rest of a full read; {@code devices} parsed from it already. */
        private CgroupBreakdown readBreakdown(List<CgroupBreakdown.IoDevice> devices) {
            CharSequence modes = cpuacctStat.read();
            Long user = BreakdownParsers.ticksToNanos(keyed(modes, "user"), hz());
            Long system = BreakdownParsers.ticksToNanos(keyed(modes, "system"), hz());
            return new CgroupBreakdown(user, system, inactiveFile.rss(), inactiveFile.cache(),
                    processes(procs, walkedDir), named(devices), BreakdownParsers.pressure(cpuPressure.read()),
                    BreakdownParsers.pressure(memPressure.read()), BreakdownParsers.pressure(ioPressure.read()));
        }

        private CgroupLimits readLimits() {
            Long q = single(quota.read());
            Long memMax = v1Limit(memLimit.read());
            Long memswMax = v1Limit(memswLimit.read());
            return new CgroupLimits(q == null || q < 0 ? null : q, single(period.read()),
                    single(shares.read()), null, memMax, null, null,
                    memswMax == null || memMax == null ? null : Math.max(0, memswMax - memMax),
                    single(pidsMax.read()), null, null);
        }

        @Override
        public void close() {
            inactiveFile.close();
            for (KernelFileRef f : List.of(usage, cpuStat, memUsage, pidsCurrent, memswUsage, oomControl,
                    blkio, blkioOld, freezer, quota, period, shares, memLimit, memswLimit, pidsMax, cpuacctStat, procs,
                    cpuPressure, memPressure, ioPressure)) {
                f.close();
            }
        }
    }

    @Override
    public Boolean frozen(String path) {
        return CgroupParsers.v1Frozen(readOnce(dirOf("freezer", path), "freezer.state"));
    }

    @Override
    public boolean thaw(String path) throws IOException {
        Path dir = dirOf("freezer", path);
        if (dir == null) {
            return true; // no freezer mounted: nothing holds it frozen
        }
        Files.writeString(dir.resolve("freezer.state"), "THAWED");
        return !Boolean.TRUE.equals(frozen(path)); // a frozen parent keeps it FROZEN
    }

    @Override
    public boolean signalWaitsForThaw(int signal) {
        return true; // a task in the v1 freezer's refrigerator handles nothing, not even SIGKILL
    }

    @Override
    public Long memoryPeak(String path) {
        return single(readOnce(dirOf("memory", path), "memory.max_usage_in_bytes"));
    }

    @Override
    public Long pidsRefused(String path) {
        return keyed(readOnce(dirOf("pids", path), "pids.events"), "max");
    }

    @Override
    public CgroupLimits limits(String path) {
        Path cpu = dirOf("cpu", path);
        Path mem = dirOf("memory", path);
        Path cpuset = dirOf("cpuset", path);
        Long quota = single(readOnce(cpu, "cpu.cfs_quota_us"));
        Long memMax = v1Limit(readOnce(mem, "memory.limit_in_bytes"));
        Long memswMax = v1Limit(readOnce(mem, "memory.memsw.limit_in_bytes"));
        return new CgroupLimits(
                quota == null || quota < 0 ? null : quota,
                single(readOnce(cpu, "cpu.cfs_period_us")),
                single(readOnce(cpu, "cpu.shares")),
                null,
                memMax,
                null,
                v1Limit(readOnce(mem, "memory.soft_limit_in_bytes")),
                memswMax == null || memMax == null ? null : Math.max(0, memswMax - memMax),
                single(readOnce(dirOf("pids", path), "pids.max")),
                CgroupParsers.cpuset(readOnce(cpuset, "cpuset.cpus")),
                CgroupParsers.cpuset(readOnce(cpuset, "cpuset.mems")));
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
}
