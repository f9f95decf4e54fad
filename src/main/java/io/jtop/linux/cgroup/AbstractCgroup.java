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
     * whenever memory usage has moved by {@link #MOVED} or more since it was last read, and with
     * the limits otherwise: page cache is charged to usage, so while usage holds still the working
     * set (usage − inactive file) read with the older figure is off by less than that, short of
     * pages moving between the active and inactive lists.
     */
    protected static final class InactiveFile {
        static final long MOVED = 1 << 20;
        private final KernelFileRef memStat;
        private final String key;
        private Long inactive;
        private Long usageThen;

        InactiveFile(KernelFileRef memStat, String key) {
            this.memStat = memStat;
            this.key = key;
        }

        Long read(Long usage, boolean full) {
            if (full || usageThen == null || usage == null || Math.abs(usage - usageThen) >= MOVED) {
                inactive = CgroupParsers.keyed(memStat.read(), key);
                usageThen = usage;
            }
            return inactive;
        }

        void close() {
            memStat.close();
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
