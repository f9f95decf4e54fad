package io.jtop.metrics;

import io.jtop.backend.discovery.CgroupDiscovery;
import io.jtop.container.Sample;
import io.jtop.linux.cgroup.Cgroup;
import io.jtop.linux.cgroup.CgroupLimits;
import io.jtop.linux.cgroup.CgroupMount;
import io.jtop.linux.cgroup.CgroupReader;
import io.jtop.linux.cgroup.CgroupStats;
import io.jtop.linux.cgroup.Cgroups;
import io.jtop.linux.proc.KernelFiles;
import io.jtop.linux.proc.ProcFs;
import io.jtop.testing.Trees;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.function.LongFunction;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * CPU %, I/O and network rates on a slow or loaded host. On the real v1 and v2 captures, one
 * container runs at its quota of 0.5 CPU and reads 1 MB/s from disk (and on v1, whose capture has
 * its network namespace, receives 1 MB/s), its counters (and its parent's) moving with the test's
 * clock; every read of a cgroup takes {@code lag} ms of that clock. The figures must be the
 * container's own counter delta over the time between its own two reads, however long what was
 * read before it in the same sweep took.
 */
class SamplerClockTest {

    /** A fixture, its container limited to 0.5 CPU, and the files that count what it runs and reads. */
    enum Kernel {
        V1("cgroup-v1-debian12-hybrid", "c25eaf14dec461eb1264a85f2f65849ebdb3cd351babab411da776fab6526b99",
                List.of(new Counter("sys/fs/cgroup/cpuacct/docker/c25eaf14dec461eb1264a85f2f65849ebdb3cd351babab411da776fab6526b99/cpuacct.usage",
                                500_000_000, ns -> ns + "\n"),
                        new Counter("sys/fs/cgroup/cpuacct/docker/cpuacct.usage", 500_000_000, ns -> ns + "\n"),
                        new Counter("sys/fs/cgroup/blkio/docker/c25eaf14dec461eb1264a85f2f65849ebdb3cd351babab411da776fab6526b99/blkio.throttle.io_service_bytes_recursive",
                                1_000_000, b -> "8:0 Read " + b + "\n8:0 Write 0\n8:0 Total " + b + "\nTotal " + b + "\n"),
                        new Counter("proc/16992/net/dev", 1_000_000, b -> "Inter-|   Receive |  Transmit\n face |bytes\n"
                                + "  eth0: " + b + " 1 0 0 0 0 0 0 0 0 0 0 0 0 0 0\n"))),
        V2("cgroup-v2-debian12-6.1", "a01ea2828a4456f3ddbb0f9c132daeee8d65fc3d0804faf35ed272b500bce17e",
                List.of(new Counter("sys/fs/cgroup/system.slice/docker-a01ea2828a4456f3ddbb0f9c132daeee8d65fc3d0804faf35ed272b500bce17e.scope/cpu.stat",
                                500_000, Kernel::cpuStat),
                        new Counter("sys/fs/cgroup/system.slice/cpu.stat", 500_000, Kernel::cpuStat),
                        new Counter("sys/fs/cgroup/system.slice/docker-a01ea2828a4456f3ddbb0f9c132daeee8d65fc3d0804faf35ed272b500bce17e.scope/io.stat",
                                1_000_000, b -> "254:16 rbytes=" + b + " wbytes=0 rios=1 wios=0 dbytes=0 dios=0\n")));

        final Path fixture;
        final String busyId;
        final List<Counter> counters;

        Kernel(String fixture, String busyId, List<Counter> counters) {
            this.fixture = Path.of("src/test/resources/fixtures", fixture);
            this.busyId = busyId;
            this.counters = counters;
        }

        private static String cpuStat(long usec) {
            return "usage_usec " + usec + "\nuser_usec " + usec + "\nsystem_usec 0\nnr_periods 0\nnr_throttled 0\n"
                    + "throttled_usec 0\n";
        }
    }

    /**
     * A counter file (its path under the host's root) that grows by {@code perSecond} of its unit for each
     * second of the test's clock, written as {@code text} makes it.
     */
    record Counter(String file, long perSecond, LongFunction<String> text) {
    }

    @TempDir
    Path root;

    private final KernelFiles files = new KernelFiles(256);
    /** The test's monotonic clock, in ms (the sampler is given it in ns). */
    private long millis = 1_000;
    /** How long each read of a cgroup takes now, in ms. */
    private long lag;
    private Kernel kernel;

    @AfterEach
    void tearDown() {
        files.close();
    }

    @ParameterizedTest
    @EnumSource(Kernel.class)
    void topFramesStayAtTheQuotaWhileTheHostIsSlowForATick(Kernel k) throws IOException {
        Sampler top = sampler(k, 5); // as jtop top has it: full reads (I/O) every 5th tick
        top.sample();
        List<Double> cpu = new ArrayList<>();
        List<Double> io = new ArrayList<>();
        List<Double> net = new ArrayList<>();
        for (int tick = 1; tick <= 10; tick++) {
            elapse(1_000);
            lag = tick == 2 ? 40 : tick == 3 ? 20 : 0; // loaded for two ticks, one with the full read of each fixture
            Sample s = busy(top.sample());
            cpu.add(round(s.cpuPercent()));
            if (s.ioReadBytesPerSecond() != null) {
                io.add(round(s.ioReadBytesPerSecond()));
            }
            if (s.netRxBytesPerSecond() != null) {
                net.add(round(s.netRxBytesPerSecond()));
            }
        }
        assertEquals(Collections.nCopies(10, 50.0), cpu);
        // Rates from the full reads, the last one repeated between them.
        assertEquals(Collections.nCopies(io.size(), 1_000_000.0), io);
        assertTrue(io.size() >= 5, "a rate from the second full read on: " + io);
        assertEquals(Collections.nCopies(k == Kernel.V1 ? io.size() : 0, 1_000_000.0), net);
    }

    @ParameterizedTest
    @EnumSource(Kernel.class)
    void psOneSampleOverItsDelayIsTheContainersOwnInterval(Kernel k) throws IOException {
        List<Double> right = Arrays.asList(50.0, 1_000_000.0, k == Kernel.V1 ? 1_000_000.0 : null);
        // Its first sweep is the slow one (every file opened, every init looked up) …
        assertEquals(right, ps(k, 100, 0));
        // … or its second, on a host that got busier meanwhile.
        assertEquals(right, ps(k, 0, 100));
    }

    /** What {@code jtop ps} shows of the busy container over a 0.5 s delay: CPU %, disk and network read rates. */
    private List<Double> ps(Kernel k, long firstLag, long secondLag) throws IOException {
        Sampler ps = sampler(k, 1);
        lag = firstLag;
        ps.sample();
        lag = 0;
        elapse(500);
        lag = secondLag;
        Sample s = busy(ps.sample());
        return Arrays.asList(round(s.cpuPercent()), round(s.ioReadBytesPerSecond()), round(s.netRxBytesPerSecond()));
    }

    /** To a millionth: what a division leaves in the last bit is no skew. */
    private static Double round(Double rate) {
        return rate == null ? null : Math.round(rate * 1e6) / 1e6;
    }

    /** A sampler over a fresh copy of the fixture, whose reads of cgroups take {@link #lag}. */
    private Sampler sampler(Kernel k, int fullEvery) throws IOException {
        kernel = k;
        if (!Files.exists(root.resolve("sys"))) {
            Trees.copy(k.fixture, root);
        }
        lag = 0;
        elapse(0);
        ProcFs proc = new ProcFs(root, files);
        Cgroup cgroup = Cgroups.open(root, files);
        return new Sampler(new CgroupDiscovery(cgroup, proc, fullEvery), new Slow(cgroup), proc,
                () -> millis * 1_000_000, Clock.systemUTC(), fullEvery);
    }

    private Sample busy(Snapshot snap) {
        return snap.rows().stream().filter(r -> r.container().id().equals(kernel.busyId)).findFirst()
                .orElseThrow().sample();
    }

    /** Time passes: the busy container's counters (and its parent's) grow with it. */
    private void elapse(long ms) {
        millis += ms;
        for (Counter c : kernel.counters) {
            try {
                Files.writeString(root.resolve(c.file()), c.text().apply(c.perSecond() * millis / 1_000));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /**
     * The real tree, read by the real readers, on a host where reading a cgroup takes {@link #lag}
     * after its first counter: its other files (memory.stat above all) are the slow part.
     */
    private final class Slow implements Cgroup {
        private final Cgroup real;

        Slow(Cgroup real) {
            this.real = real;
        }

        @Override
        public CgroupReader reader(String path) {
            CgroupReader r = real.reader(path);
            return new CgroupReader() {
                @Override
                public CgroupStats read(boolean full, boolean limits) {
                    CgroupStats s = r.read(full, limits);
                    elapse(lag);
                    return s;
                }

                @Override
                public Long cpuUsageNanos() {
                    Long cpu = r.cpuUsageNanos();
                    elapse(lag);
                    return cpu;
                }

                @Override
                public void close() {
                    r.close();
                }
            };
        }

        @Override
        public int version() {
            return real.version();
        }

        @Override
        public List<CgroupMount> mounts() {
            return real.mounts();
        }

        @Override
        public String pathOf(String procCgroupText) {
            return real.pathOf(procCgroupText);
        }

        @Override
        public void walk(Predicate<String> visitor, boolean fresh) {
            real.walk(visitor, fresh);
        }

        @Override
        public boolean unchangedSinceLastWalk() {
            return real.unchangedSinceLastWalk();
        }

        @Override
        public List<Integer> procs(String path) {
            return real.procs(path);
        }

        @Override
        public Boolean frozen(String path) {
            return real.frozen(path);
        }

        @Override
        public boolean thaw(String path) throws IOException {
            return real.thaw(path);
        }

        @Override
        public boolean signalWaitsForThaw(int signal) {
            return real.signalWaitsForThaw(signal);
        }

        @Override
        public CgroupLimits limits(String path) {
            return real.limits(path);
        }

        @Override
        public Long memoryPeak(String path) {
            return real.memoryPeak(path);
        }

        @Override
        public Long pidsRefused(String path) {
            return real.pidsRefused(path);
        }

        @Override
        public Map<String, Path> directories(String path) {
            return real.directories(path);
        }
    }
}
