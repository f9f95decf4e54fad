import io.jtop.backend.discovery.CgroupDiscovery;
import io.jtop.container.Container;
import io.jtop.linux.cgroup.Cgroup;
import io.jtop.linux.cgroup.Cgroups;
import io.jtop.linux.proc.KernelFile;
import io.jtop.linux.proc.KernelFiles;
import io.jtop.linux.proc.ProcFs;
import io.jtop.metrics.Sampler;
import io.jtop.metrics.Snapshot;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.IntConsumer;

/**
 * Sampling cost of jtop's monitor over the cgroups that exist now (run.sh makes 1,000 of them).
 * A benchmark, not a test: it prints figures, it asserts nothing.
 *
 * <p>Usage: {@code java -cp jtop.jar:DIR SampleBench REPLAY_OUT PREFIXES [TICKS] [DISCOVERY_TICKS] [CLK_TCK] [FULL_EVERY]}.
 * PREFIXES: the bench's containers are those whose cgroup path starts with one of these
 * comma-separated prefixes (run.sh: {@code /jtop/jtopbench-} and its pods under {@code /kubepods}).
 * Lines starting with {@code RESULT key value} are read by run.sh; the rest is for humans.
 */
public final class SampleBench {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static long clkTck = 100;

    public static void main(String[] args) throws Exception {
        Path pathsOut = Path.of(args[0]);
        String prefix = args.length > 1 ? args[1] : "/jtop/jtopbench-";
        List<String> prefixes = List.of(prefix.split(","));
        int ticks = args.length > 2 ? Integer.parseInt(args[2]) : 200;
        int discoveryTicks = args.length > 3 ? Integer.parseInt(args[3]) : 40;
        if (args.length > 4) {
            clkTck = Long.parseLong(args[4]);
        }

        int every = args.length > 5 ? Integer.parseInt(args[5]) : 5;

        // Wired as `jtop top` wires it: counters every tick, the rest every `every` ticks, staggered.
        KernelFiles files = KernelFiles.forThisProcess();
        ProcFs proc = new ProcFs(Path.of("/"), files);
        Cgroup cgroup = Cgroups.open(Path.of("/"), files);
        CgroupDiscovery discovery = new CgroupDiscovery(cgroup, proc, every * 6); // as cli.Host
        Sampler sampler = new Sampler(discovery, cgroup, proc, System::nanoTime, Clock.systemUTC(), every);

        List<Container> all = discovery.list(false);
        List<Container> containers = new ArrayList<>();
        for (Container c : all) {
            for (String p : prefixes) {
                if (c.cgroup() != null && c.cgroup().startsWith(p)) {
                    containers.add(c);
                    break;
                }
            }
        }
        int n = containers.size();
        System.out.printf("discovered %d containers, %d of them the bench's (%s*), cgroup v%d, full read every %d ticks%n",
                all.size(), n, prefix, cgroup.version(), every);
        if (n == 0) {
            System.err.println("SampleBench: no container whose cgroup path starts with " + prefix);
            System.exit(1);
        }
        result("containers", n);
        result("discovered", all.size());
        result("full_every", every);

        // 1. What `jtop top` does each tick: walk the tree, then read. Reads per file are counted
        // over the timed ticks so the C floor can replay exactly the same reads.
        int discovered = all.size();
        int[] rows = new int[1];
        // A whole number of discovery rechecks (every * 6 ticks), so every file's share is timed.
        int timedTicks = Math.max(every * 6, ticks / (every * 6) * (every * 6));
        for (int i = 0; i < 12 * every; i++) {
            sampler.sample();
        }
        Map<KernelFile, Long> before = new HashMap<>();
        for (KernelFile f : files.openFiles()) {
            before.put(f, f.reads());
        }
        Timing disc = time("sampler.sample() (discovery + read)", 0, timedTicks, discovered,
                t -> rows[0] = sampler.sample().rows().size());
        disc.report("discovery");
        List<String> replay = new ArrayList<>();
        long reads = 0;
        for (KernelFile f : files.openFiles()) {
            long r = f.reads() - before.getOrDefault(f, 0L);
            if (r > 0) {
                replay.add(r + " " + f.path());
                reads += r;
            }
        }
        replay.sort(null);
        Files.write(pathsOut, replay);
        result("open_files", files.openFiles().size());
        result("timed_ticks", timedTicks);
        result("reads_per_container_tick", String.format("%.2f", reads / (double) timedTicks / discovered));
        System.out.printf("files held open: %d; %.2f reads per container per tick; replay list written to %s%n",
                files.openFiles().size(), reads / (double) timedTicks / discovered, pathsOut);

        // 2. Reading only: the sampler given the list (no walk).
        Timing read = time("sampler.sample(list)", every, timedTicks, n,
                t -> rows[0] = sampler.sample(containers).rows().size());
        if (rows[0] != n) {
            System.out.printf("warning: last tick had %d rows for %d containers%n", rows[0], n);
        }
        read.report("read");
        List<String> paths = new ArrayList<>();
        for (KernelFile f : files.openFiles()) {
            paths.add(f.path().toString());
        }
        paths.sort(null);

        // 3. Where the time goes (same JVM, same flags): each layer alone.
        int pticks = Math.max(20, ticks / 2);
        time("discovery.list() alone", 5, Math.max(5, discoveryTicks / 2), discovered,
                t -> discovery.list(false)).report("p_discovery_list");
        List<Path> open = new ArrayList<>();
        for (String s : paths) {
            open.add(Path.of(s));
        }
        // Raw channels below re-open every file: close jtop's descriptors first (RLIMIT_NOFILE).
        files.close();
        FileChannel[] chans = new FileChannel[open.size()];
        for (int i = 0; i < chans.length; i++) {
            chans[i] = FileChannel.open(open.get(i), StandardOpenOption.READ);
        }
        ByteBuffer heap = ByteBuffer.allocate(16 * 1024);
        ByteBuffer direct = ByteBuffer.allocateDirect(16 * 1024);
        time("FileChannel 1 read at 0, heap buffer", 20, pticks, n, t -> {
            for (FileChannel ch : chans) {
                heap.clear();
                readAt0(ch, heap);
            }
        }).report("p_fc_heap_1read");
        time("FileChannel 1 read at 0, direct buffer", 20, pticks, n, t -> {
            for (FileChannel ch : chans) {
                direct.clear();
                readAt0(ch, direct);
            }
        }).report("p_fc_direct_1read");
        time("FileChannel read until EOF (2 preads), heap", 20, pticks, n, t -> {
            for (FileChannel ch : chans) {
                heap.clear();
                long pos = 0;
                int r;
                while ((r = readAt(ch, heap, pos)) > 0) {
                    pos += r;
                }
            }
        }).report("p_fc_heap_eof");
        time("FileChannel 1 read + ISO-8859-1 String", 20, pticks, n, t -> {
            for (FileChannel ch : chans) {
                heap.clear();
                int r = readAt0(ch, heap);
                new String(heap.array(), 0, Math.max(0, r), StandardCharsets.ISO_8859_1);
            }
        }).report("p_fc_heap_1read_string");

        // Per file name, one read at offset 0 each (which files cost most).
        Map<String, List<FileChannel>> byName = new TreeMap<>();
        for (int i = 0; i < chans.length; i++) {
            String name = open.get(i).getFileName().toString();
            if (open.get(i).startsWith("/proc")) {
                name = "/proc/<pid>/" + name;
            }
            byName.computeIfAbsent(name, k -> new ArrayList<>()).add(chans[i]);
        }
        System.out.println("per file, FileChannel 1 read at 0 (µs per container per tick; CPU):");
        for (Map.Entry<String, List<FileChannel>> e : byName.entrySet()) {
            List<FileChannel> group = e.getValue();
            Timing tm = time(null, 10, pticks, n, t -> {
                for (FileChannel ch : group) {
                    heap.clear();
                    readAt0(ch, heap);
                }
            });
            System.out.printf("  %-48s %5d files  wall %7.3f  cpu %7.3f%n", e.getKey(), group.size(),
                    tm.wallUs(), tm.threadCpuUs());
            result("file:" + e.getKey().replace(' ', '_'), String.format("%.3f", tm.wallUs()));
        }

        for (FileChannel ch : chans) {
            ch.close();
        }
    }

    /** What CgroupParsers.keyed does, in spirit: find a key's line and parse its number. */
    private static Long keyedLookup(String text, String key) {
        for (String line : text.split("\n")) {
            int sp = line.indexOf(' ');
            if (sp > 0 && line.regionMatches(0, key, 0, sp) && sp == key.length()) {
                return Long.parseLong(line.substring(sp + 1).trim());
            }
        }
        return null;
    }

    private static int readAt0(FileChannel ch, ByteBuffer b) {
        return readAt(ch, b, 0);
    }

    private static int readAt(FileChannel ch, ByteBuffer b, long pos) {
        try {
            return ch.read(b, pos);
        } catch (IOException e) {
            return -1;
        }
    }

    private record Timing(String label, int ticks, int per, long wallNs, long threadCpuNs, long procCpuNs,
                          long procTicks) {
        double wallUs() {
            return wallNs / 1e3 / ticks / per;
        }

        double threadCpuUs() {
            return threadCpuNs / 1e3 / ticks / per;
        }

        double procCpuUs() {
            return procCpuNs / 1e3 / ticks / per;
        }

        double procStatUs() {
            return procTicks * 1e6 / clkTck / ticks / per;
        }

        void report(String key) {
            System.out.printf("%-56s %4d ticks x %4d: wall %8.3f  thread-cpu %8.3f  process-cpu %8.3f"
                            + " (/proc/self/stat %8.3f) µs/container/tick; %.2f ms/tick%n",
                    label, ticks, per, wallUs(), threadCpuUs(), procCpuUs(), procStatUs(), wallNs / 1e6 / ticks);
            result(key + "_wall_us", String.format("%.3f", wallUs()));
            result(key + "_thread_cpu_us", String.format("%.3f", threadCpuUs()));
            result(key + "_process_cpu_us", String.format("%.3f", procCpuUs()));
            result(key + "_procstat_cpu_us", String.format("%.3f", procStatUs()));
        }
    }

    private static Timing time(String label, int warmup, int ticks, int per, IntConsumer tick) {
        for (int i = 0; i < warmup; i++) {
            tick.accept(i);
        }
        long ticks0 = procStatTicks();
        long pcpu0 = processCpuNs();
        long tcpu0 = THREADS.getCurrentThreadCpuTime();
        long w0 = System.nanoTime();
        for (int i = 0; i < ticks; i++) {
            tick.accept(i);
        }
        long w1 = System.nanoTime();
        long tcpu1 = THREADS.getCurrentThreadCpuTime();
        long pcpu1 = processCpuNs();
        long ticks1 = procStatTicks();
        return new Timing(label, ticks, per, w1 - w0, tcpu1 - tcpu0, pcpu1 - pcpu0, ticks1 - ticks0);
    }

    /**
     * Whole-process CPU (all threads: JIT, GC too) in nanoseconds: the sum of the first field of
     * /proc/self/task/<tid>/schedstat (getProcessCpuTime() has only clock-tick resolution here).
     */
    private static long processCpuNs() {
        long total = 0;
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc/self/task"))) {
            for (Path t : tasks) {
                try {
                    String s = Files.readString(t.resolve("schedstat"));
                    total += Long.parseLong(s.substring(0, s.indexOf(' ')));
                } catch (Exception e) {
                    // thread exited meanwhile
                }
            }
        } catch (Exception e) {
            return -1;
        }
        return total;
    }

    /** utime + stime of this process from /proc/self/stat, in clock ticks. */
    private static long procStatTicks() {
        try {
            String s = Files.readString(Path.of("/proc/self/stat"));
            String[] f = s.substring(s.lastIndexOf(')') + 2).split(" ");
            // after "pid (comm) ": field 3 is state (index 0); utime is field 14 (index 11), stime 15.
            return Long.parseLong(f[11]) + Long.parseLong(f[12]);
        } catch (Exception e) {
            return -1;
        }
    }

    private static void result(String key, Object value) {
        System.out.println("RESULT " + key + " " + value);
    }
}
