package io.jtop.linux.cgroup;

import io.jtop.linux.proc.KernelFile;
import io.jtop.linux.proc.KernelFiles;
import io.jtop.linux.proc.ProcCgroup;

import java.io.File;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/** What the v1 and v2 readers share: walking one hierarchy and listing its processes. */
abstract class AbstractCgroup implements Cgroup {

    private static final int MAX_DEPTH = 32;

    protected final Path hostRoot;
    protected final KernelFiles files;
    protected final List<CgroupMount> mounts;
    /** The hierarchy whose tree is walked to find containers. */
    protected final CgroupMount walked;

    /** Listings are made again at least this often, whatever the link counts say. */
    private static final int RELIST_EVERY = 10;
    private long walks;
    private final Map<String, Listing> listings = new HashMap<>();
    /** {@code MAJ:MIN} → device name; block devices keep their numbers while the host runs. */
    private final Map<String, String> deviceNames = new ConcurrentHashMap<>();

    private static final Set<String> CONTROL_PREFIXES = Set.of(
            "cgroup", "cpu", "cpuacct", "cpuset", "memory", "io", "blkio", "pids", "freezer", "devices",
            "hugetlb", "rdma", "misc", "net_cls", "net_prio", "perf_event");
    private static final Set<String> UNIT_SUFFIXES = Set.of(
            "slice", "scope", "service", "socket", "mount", "swap", "target", "device", "path", "timer");

    AbstractCgroup(Path hostRoot, KernelFiles files, List<CgroupMount> mounts, CgroupMount walked) {
        this.hostRoot = hostRoot;
        this.files = files;
        this.mounts = List.copyOf(mounts);
        this.walked = walked;
    }

    @Override
    public List<CgroupMount> mounts() {
        return mounts;
    }

    @Override
    public String pathOf(String procCgroupText) {
        for (ProcCgroup line : ProcCgroup.parse(procCgroupText)) {
            if (walked.v2() ? line.hierarchyId() == 0 && line.controllers().isEmpty()
                    : line.controllers().equals(walked.controllers())) {
                return line.path();
            }
        }
        return null;
    }

    @Override
    public void walk(Predicate<String> visitor, boolean fresh) {
        Path top = walked.dir(hostRoot, walked.root());
        walks++;
        if (fresh || walks % RELIST_EVERY == 0) {
            listings.clear(); // also forgets directories that are gone
        }
        if (top != null && visitor.test(walked.root())) {
            walkDir(new File(top.toString()), walked.root().equals("/") ? "" : walked.root(), visitor, 0,
                    fresh || walks % RELIST_EVERY == 0);
        }
    }

    @Override
    public boolean unchangedSinceLastWalk() {
        walks++;
        if (walks % RELIST_EVERY == 0 || listings.isEmpty()) {
            return false;
        }
        for (Map.Entry<String, Listing> e : listings.entrySet()) {
            long links = e.getValue().links();
            if (links < 2 || links != links(e.getValue().dir())) {
                return false;
            }
        }
        return true;
    }

    /** A directory's child entries (control files left out) as of a link count. */
    private record Listing(File dir, long links, String[] paths, File[] files) {
    }

    /**
     * Visits the children of a directory. Runs every tick over every cgroup, so it avoids work:
     * a directory whose link count (2 + its subdirectories, on kernfs as on ext4 and tmpfs) has
     * not changed is not listed again; control files are skipped by name; and a child is stat'ed
     * (to tell a directory from a file) only when the visitor wants to descend into it, never for
     * a container's cgroup.
     */
    private void walkDir(File dir, String path, Predicate<String> visitor, int depth, boolean fresh) {
        if (depth >= MAX_DEPTH) {
            return;
        }
        Listing listing = listing(dir, path, fresh);
        if (listing == null) {
            return; // removed while we looked
        }
        String[] paths = listing.paths();
        for (int i = 0; i < paths.length; i++) {
            if (visitor.test(paths[i])) {
                File f = listing.files()[i];
                if (f.isDirectory()) {
                    walkDir(f, paths[i], visitor, depth + 1, fresh);
                }
            }
        }
    }

    private Listing listing(File dir, String path, boolean fresh) {
        long links = links(dir);
        Listing cached = listings.get(path);
        if (!fresh && cached != null && links >= 2 && links == cached.links()) {
            return cached;
        }
        String[] names = dir.list();
        if (names == null) {
            listings.remove(path);
            return null;
        }
        Arrays.sort(names);
        List<String> paths = new ArrayList<>(names.length);
        List<File> files = new ArrayList<>(names.length);
        for (String name : names) {
            if (!isControlFileName(name)) {
                paths.add(path + "/" + name);
                files.add(new File(dir, name));
            }
        }
        Listing fresher = new Listing(dir, links, paths.toArray(String[]::new), files.toArray(File[]::new));
        listings.put(path, fresher);
        return fresher;
    }

    private static long links(File dir) {
        try {
            Object n = Files.getAttribute(dir.toPath(), "unix:nlink", LinkOption.NOFOLLOW_LINKS);
            return n instanceof Integer i ? i : -1;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    @Override
    public List<Integer> procs(String path) {
        Path dir = walked.dir(hostRoot, path);
        List<Integer> pids = new ArrayList<>();
        if (dir != null) {
            collectProcs(dir, pids, 0);
        }
        return pids;
    }

    private void collectProcs(Path dir, List<Integer> into, int depth) {
        String text = files.readOnce(dir.resolve("cgroup.procs"));
        if (text == null) {
            return;
        }
        for (String line : text.split("\n")) {
            if (!line.isEmpty()) {
                try {
                    into.add(Integer.parseInt(line.trim()));
                } catch (NumberFormatException ignored) {
                    // garbled line
                }
            }
        }
        if (depth < MAX_DEPTH) {
            for (Path child : subdirectories(dir)) {
                collectProcs(child, into, depth + 1);
            }
        }
    }

    /**
     * Child cgroups of a directory. A cgroup directory holds dozens of control files; telling them
     * from child cgroups by name spares a stat of each on every walk.
     */
    private static List<Path> subdirectories(Path dir) {
        List<Path> out = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path p : ds) {
                if (!isControlFileName(p.getFileName().toString()) && Files.isDirectory(p)) {
                    out.add(p);
                }
            }
        } catch (IOException e) {
            // Removed while we looked: nothing below it.
        }
        out.sort(null);
        return out;
    }

    /** Whether a name is a cgroup control file ({@code memory.stat}, {@code tasks}…) rather than a child. */
    static boolean isControlFileName(String name) {
        if (name.equals("tasks") || name.equals("notify_on_release") || name.equals("release_agent")) {
            return true;
        }
        int dot = name.indexOf('.');
        if (dot <= 0 || !CONTROL_PREFIXES.contains(name.substring(0, dot))) {
            return false;
        }
        // A systemd unit such as "io.example.slice" is a directory, whatever its prefix.
        return !UNIT_SUFFIXES.contains(name.substring(name.lastIndexOf('.') + 1));
    }

    /** Reads a file of a cgroup once, without keeping it open; null when any part is missing. */
    protected String readOnce(Path dir, String file) {
        return dir == null ? null : files.readOnce(dir.resolve(file));
    }

    /** A handle on a file of a cgroup, or null when the controller is not mounted. */
    protected KernelFileRef file(Path dir, String name) {
        return new KernelFileRef(dir == null ? null : files.file(dir.resolve(name)));
    }

    /**
     * The inactive page cache of a cgroup, from {@code memory.stat}, the costliest file of a
     * cgroup to read (a dozen µs: the kernel sums every counter over the hierarchy). It is read
     * whenever memory usage has moved by {@link #MOVED} or more since it was last read, and at
     * every full read otherwise: page cache is charged to usage, so while usage holds still the working
     * set (usage − inactive file) read with the older figure is off by less than that, short of
     * pages moving between the active and inactive lists. The same read gives the rss and cache
     * figures of {@link CgroupBreakdown}, as fresh as it.
     */
    protected static final class InactiveFile {
        static final long MOVED = 1 << 20;
        private final KernelFileRef memStat;
        private final String key;
        private final String rssKey;
        private final String cacheKey;
        private Long inactive;
        private Long rss;
        private Long cache;
        private Long usageThen;

        InactiveFile(KernelFileRef memStat, String key, String rssKey, String cacheKey) {
            this.memStat = memStat;
            this.key = key;
            this.rssKey = rssKey;
            this.cacheKey = cacheKey;
        }

        Long read(Long usage, boolean full) {
            if (full || usageThen == null || usage == null || Math.abs(usage - usageThen) >= MOVED) {
                CharSequence text = memStat.read();
                inactive = CgroupParsers.keyed(text, key);
                rss = CgroupParsers.keyed(text, rssKey);
                cache = CgroupParsers.keyed(text, cacheKey);
                usageThen = usage;
            }
            return inactive;
        }

        /**
         * Reads {@code memory.stat} only if usage is not what it was at its last read, by however
         * little: for a full read of a cgroup that ran nothing ({@link CgroupReader#readFullUnlessStill}),
         * whose page cache only the kernel moves, and usage with it.
         */
        Long readIfUsageMoved(Long usage) {
            return read(usage, !Objects.equals(usage, usageThen));
        }

        /** The rss figure of the last read (cAdvisor's: v1 {@code total_rss}, v2 {@code anon}). */
        Long rss() {
            return rss;
        }

        /** The cache figure of the last read (v1 {@code total_cache}, v2 {@code file}). */
        Long cache() {
            return cache;
        }

        void close() {
            memStat.close();
        }
    }

    /**
     * The processes in a cgroup and the cgroups below it: its own {@code cgroup.procs} through the
     * reader's descriptor, and those below only when it has child cgroups (its link count says),
     * as a container running systemd has (on v2 its own file is then empty). Null when a file is
     * garbled.
     */
    protected Long processes(KernelFileRef own, Path dir) {
        Long n = BreakdownParsers.processes(own.read());
        if (n == null || dir == null || links(dir.toFile()) <= 2) {
            return n;
        }
        return plusBelow(n, dir, 1);
    }

    private Long processesBelow(Path dir, int depth) {
        String text = files.readOnce(dir.resolve("cgroup.procs"));
        if (text == null) {
            return 0L; // removed while we looked
        }
        Long n = BreakdownParsers.processes(text);
        if (n == null || depth >= MAX_DEPTH) {
            return n;
        }
        return plusBelow(n, dir, depth + 1);
    }

    /** {@code n} and the processes of each cgroup below {@code dir}, those at {@code depth}; null when one is garbled. */
    private Long plusBelow(long n, Path dir, int depth) {
        for (Path child : subdirectories(dir)) {
            Long below = processesBelow(child, depth);
            if (below == null) {
                return null;
            }
            n += below;
        }
        return n;
    }

    /**
     * The devices of an I/O breakdown named as cAdvisor names them: {@code /dev/} and the name the
     * kernel gives {@code MAJ:MIN} under {@code /sys/dev/block}; a number the host has no device
     * for keeps its {@code MAJ:MIN}.
     */
    protected List<CgroupBreakdown.IoDevice> named(List<CgroupBreakdown.IoDevice> devices) {
        if (devices == null || devices.isEmpty()) {
            return devices;
        }
        List<CgroupBreakdown.IoDevice> out = new ArrayList<>(devices.size());
        for (CgroupBreakdown.IoDevice d : devices) {
            out.add(new CgroupBreakdown.IoDevice(deviceNames.computeIfAbsent(d.device(), this::deviceName),
                    d.readBytes(), d.writeBytes()));
        }
        return List.copyOf(out);
    }

    private String deviceName(String majorMinor) {
        try {
            Path target = Files.readSymbolicLink(hostRoot.resolve("sys/dev/block").resolve(majorMinor));
            Path name = target.getFileName();
            return name == null ? majorMinor : "/dev/" + name;
        } catch (IOException | UnsupportedOperationException e) {
            return majorMinor;
        }
    }

    /** Whether the CPU time and pids count just read are those of {@code still} (see {@link CgroupReader#readUnlessStill}). */
    static boolean still(CgroupStats still, Long cpu, Long pids) {
        return still != null && cpu != null && cpu.equals(still.cpuUsageNanos())
                && Objects.equals(pids, still.pidsCurrent());
    }

    /** A handle that may be absent (controller not mounted): reads give null then. */
    protected record KernelFileRef(KernelFile file) {
        CharSequence read() {
            return file == null ? null : file.read();
        }

        void close() {
            if (file != null) {
                file.close();
            }
        }
    }

    protected CgroupMount mountWith(String controller) {
        for (CgroupMount m : mounts) {
            if (m.v2() || m.has(controller)) {
                return m;
            }
        }
        return null;
    }

    protected Path dirOf(String controller, String path) {
        CgroupMount m = mountWith(controller);
        return m == null ? null : m.dir(hostRoot, path);
    }
}
