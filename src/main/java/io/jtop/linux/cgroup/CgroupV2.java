package io.jtop.linux.cgroup;

import io.jtop.linux.proc.KernelFiles;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static io.jtop.linux.cgroup.CgroupParsers.keyed;
import static io.jtop.linux.cgroup.CgroupParsers.psiSomeAvg10;
import static io.jtop.linux.cgroup.CgroupParsers.single;

/** cgroup v2: one unified hierarchy; every controller's files sit in the cgroup's one directory. */
final class CgroupV2 extends AbstractCgroup {

    /** The one signal the v2 freezer lets end a frozen process. */
    private static final int SIGKILL = 9;

    CgroupV2(Path hostRoot, KernelFiles files, List<CgroupMount> mounts, CgroupMount unified) {
        super(hostRoot, files, mounts, unified);
    }

    @Override
    public int version() {
        return 2;
    }

    @Override
    public CgroupReader reader(String path) {
        return new Reader(walked.dir(hostRoot, path), true);
    }

    @Override
    public CgroupReader reader(String path, boolean breakdown) {
        return new Reader(walked.dir(hostRoot, path), breakdown);
    }

    /** The files of one cgroup, opened on first read and kept open. */
    private final class Reader implements CgroupReader {
        private final Path dir;
        private final KernelFileRef cpuStat;
        private final KernelFileRef memCurrent;
        private final InactiveFile inactiveFile;
        private final KernelFileRef pidsCurrent;
        private final KernelFileRef swapCurrent;
        private final KernelFileRef memEvents;
        private final KernelFileRef ioStat;
        private final KernelFileRef cpuPressure;
        private final KernelFileRef memPressure;
        private final KernelFileRef ioPressure;
        private final KernelFileRef events;
        private final KernelFileRef cpuMax;
        private final KernelFileRef cpuWeight;
        private final KernelFileRef memMax;
        private final KernelFileRef swapMax;
        private final KernelFileRef pidsMax;
        private final KernelFileRef procs;
        /** Whether its full reads read the breakdown too (see {@link Cgroup#reader(String, boolean)}). */
        private final boolean breakdown;
        private CgroupStats last;

        Reader(Path dir, boolean breakdown) {
            this.dir = dir;
            this.breakdown = breakdown;
            cpuStat = file(dir, "cpu.stat");
            memCurrent = file(dir, "memory.current");
            inactiveFile = new InactiveFile(file(dir, "memory.stat"), "inactive_file", "anon", "file");
            pidsCurrent = file(dir, "pids.current");
            swapCurrent = file(dir, "memory.swap.current");
            memEvents = file(dir, "memory.events");
            ioStat = file(dir, "io.stat");
            // *.pressure: kernel >= 4.20 with CONFIG_PSI (and not psi=0 on the command line)
            cpuPressure = file(dir, "cpu.pressure");
            memPressure = file(dir, "memory.pressure");
            ioPressure = file(dir, "io.pressure");
            // cgroup.events "frozen": kernel >= 5.2
            events = file(dir, "cgroup.events");
            cpuMax = file(dir, "cpu.max");
            cpuWeight = file(dir, "cpu.weight");
            memMax = file(dir, "memory.max");
            swapMax = file(dir, "memory.swap.max");
            pidsMax = file(dir, "pids.max");
            procs = file(dir, "cgroup.procs");
        }

        @Override
        public Long cpuUsageNanos() {
            return dir == null ? null : cpuNanos(cpuStat.read());
        }

        /** The CPU time in {@code cpu.stat}, which counts µs, in ns. */
        private static Long cpuNanos(CharSequence cpuStat) {
            Long usec = keyed(cpuStat, "usage_usec");
            return usec == null ? null : usec * 1000;
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
            return read(true, false, still);
        }

        private CgroupStats read(boolean full, boolean limits, CgroupStats still) {
            if (dir == null) {
                return null;
            }
            CharSequence cs = cpuStat.read();
            Long cpu = cpuNanos(cs);
            Long periods = keyed(cs, "nr_periods");
            Long throttled = keyed(cs, "nr_throttled");
            Long throttledUsec = keyed(cs, "throttled_usec");
            // Parsed before the next read reuses the buffer, for the full figures alone.
            boolean modes = breakdown && (full || last == null);
            Long user = modes ? keyed(cs, "user_usec") : null;
            Long system = modes ? keyed(cs, "system_usec") : null;
            Long pids = single(pidsCurrent.read());
            boolean ranNothing = still(still, cpu, pids);
            if (ranNothing && !full) {
                return still;
            }
            Long mem = single(memCurrent.read());
            if (cs == null && mem == null && !Files.isDirectory(dir)) {
                return null;
            }
            Long inactive = ranNothing ? inactiveFile.readIfUsageMoved(mem) : inactiveFile.read(mem, full || last == null);
            Long throttledNanos = throttledUsec == null ? null : throttledUsec * 1000;
            CgroupStats prev = last;
            CgroupLimits l = limits || prev == null ? readLimits() : prev.limits();
            if (full || prev == null) {
                CharSequence io = ioStat.read();
                Long ioRead = CgroupParsers.ioStatSum(io, "rbytes");
                Long ioWrite = CgroupParsers.ioStatSum(io, "wbytes");
                List<CgroupBreakdown.IoDevice> devices = breakdown ? named(BreakdownParsers.ioStatDevices(io)) : null;
                CharSequence cpuPsi = cpuPressure.read();
                Double cpuSome = psiSomeAvg10(cpuPsi);
                CgroupBreakdown.Pressure cpuTotals = breakdown ? BreakdownParsers.pressure(cpuPsi) : null;
                CharSequence memPsi = memPressure.read();
                Double memSome = psiSomeAvg10(memPsi);
                CgroupBreakdown.Pressure memTotals = breakdown ? BreakdownParsers.pressure(memPsi) : null;
                CharSequence ioPsi = ioPressure.read();
                Double ioSome = psiSomeAvg10(ioPsi);
                CgroupBreakdown.Pressure ioTotals = breakdown ? BreakdownParsers.pressure(ioPsi) : null;
                // What only moves while it runs (its OOM kills, its processes) stands if it ran nothing.
                CgroupBreakdown b = !breakdown ? CgroupBreakdown.NONE : new CgroupBreakdown(
                        BreakdownParsers.microsToNanos(user), BreakdownParsers.microsToNanos(system),
                        inactiveFile.rss(), inactiveFile.cache(),
                        ranNothing && still.breakdown() != null ? still.breakdown().processes() : processes(procs, dir), devices,
                        cpuTotals, memTotals, ioTotals);
                last = new CgroupStats(cpu, periods, throttled, throttledNanos, mem, inactive,
                        single(swapCurrent.read()), ranNothing ? still.oomKills() : keyed(memEvents.read(), "oom_kill"),
                        pids, ioRead, ioWrite, cpuSome, memSome, ioSome, CgroupParsers.v2Frozen(events.read()), l, b);
            } else {
                last = new CgroupStats(cpu, periods, throttled, throttledNanos, mem, inactive, prev.swapUsage(),
                        prev.oomKills(), pids, prev.ioReadBytes(), prev.ioWriteBytes(), prev.psiCpuSome10(),
                        prev.psiMemorySome10(), prev.psiIoSome10(), prev.frozen(), l, prev.breakdown());
            }
            return last;
        }

        private CgroupLimits readLimits() {
            Long[] max = CgroupParsers.cpuMax(cpuMax.read());
            return new CgroupLimits(max[0], max[1], null, single(cpuWeight.read()),
                    single(memMax.read()), null, null, single(swapMax.read()), single(pidsMax.read()), null, null);
        }

        @Override
        public void close() {
            inactiveFile.close();
            for (KernelFileRef f : List.of(cpuStat, memCurrent, pidsCurrent, swapCurrent, memEvents, ioStat,
                    cpuPressure, memPressure, ioPressure, events, cpuMax, cpuWeight, memMax, swapMax, pidsMax, procs)) {
                f.close();
            }
        }
    }

    @Override
    public Boolean frozen(String path) {
        return CgroupParsers.v2Frozen(readOnce(walked.dir(hostRoot, path), "cgroup.events"));
    }

    @Override
    public boolean thaw(String path) throws IOException {
        Files.writeString(walked.dir(hostRoot, path).resolve("cgroup.freeze"), "0");
        return !Boolean.TRUE.equals(frozen(path)); // an ancestor's cgroup.freeze 1 keeps it frozen
    }

    @Override
    public boolean signalWaitsForThaw(int signal) {
        return signal != SIGKILL;
    }

    @Override
    public Long memoryPeak(String path) {
        return single(readOnce(walked.dir(hostRoot, path), "memory.peak")); // kernel >= 5.19
    }

    @Override
    public Long pidsRefused(String path) {
        return keyed(readOnce(walked.dir(hostRoot, path), "pids.events"), "max");
    }

    @Override
    public CgroupLimits limits(String path) {
        Path dir = walked.dir(hostRoot, path);
        Long[] cpuMax = CgroupParsers.cpuMax(readOnce(dir, "cpu.max"));
        Long low = single(readOnce(dir, "memory.low"));
        return new CgroupLimits(
                cpuMax[0],
                cpuMax[1],
                null,
                single(readOnce(dir, "cpu.weight")),
                single(readOnce(dir, "memory.max")),
                single(readOnce(dir, "memory.high")),
                low == null || low == 0 ? null : low,
                single(readOnce(dir, "memory.swap.max")),
                single(readOnce(dir, "pids.max")),
                CgroupParsers.cpuset(readOnce(dir, "cpuset.cpus")),
                CgroupParsers.cpuset(readOnce(dir, "cpuset.mems")));
    }

    @Override
    public Map<String, Path> directories(String path) {
        Path dir = walked.dir(hostRoot, path);
        return dir == null || !Files.isDirectory(dir) ? Map.of() : Map.of("unified", dir);
    }
}
