package io.jtop.linux.cgroup;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The host's cgroup tree, v1 or v2, behind one interface chosen once at start
 * ({@link Cgroups#open}). Callers never branch on the version.
 *
 * <p>Paths are cgroup paths as {@code /proc/<pid>/cgroup} shows them, e.g. {@code /docker/<id>}
 * or {@code /system.slice/docker-<id>.scope}.
 */
public interface Cgroup {

    /** 1 or 2. */
    int version();

    /** The hierarchies this reader uses, for the header and for inspect. */
    List<CgroupMount> mounts();

    /**
     * The path of a process's cgroup in the hierarchy this reader walks, from the text of
     * {@code /proc/<pid>/cgroup}; null when the process has none there.
     */
    String pathOf(String procCgroupText);

    /**
     * Visits every cgroup path, parents before children. The visitor returns whether to descend
     * into the cgroup's children. Cgroups removed during the walk are skipped.
     *
     * <p>A directory whose subdirectory count has not changed since the last walk is not listed
     * again, except on every 10th walk or when {@code fresh}: a removal and a creation in the same
     * directory between two walks may be seen one walk late, or up to 10 walks late unless the
     * caller asks for a fresh walk when it learns a cgroup is gone.
     */
    void walk(Predicate<String> visitor, boolean fresh);

    /**
     * Whether a walk now would visit exactly what the last one did: every directory it listed
     * still has the same subdirectory count and no listing is due to be made again. One stat per
     * directory, none per container; counts as a walk for the every-10th relisting.
     */
    boolean unchangedSinceLastWalk();

    /** A fresh walk: every directory listed again. */
    default void walk(Predicate<String> visitor) {
        walk(visitor, true);
    }

    /** PIDs of the processes in a cgroup and its descendants; empty if it is gone. */
    List<Integer> procs(String path);

    /** The cgroup's counters and the limits most views need, read once; null if the cgroup is gone. */
    default CgroupStats stats(String path) {
        try (CgroupReader r = reader(path)) {
            return r.read();
        }
    }

    /** A reader bound to one cgroup that keeps its files open between reads. */
    CgroupReader reader(String path);

    /**
     * A reader as {@link #reader(String)}, which with {@code breakdown} false leaves out at its full
     * reads what only {@link CgroupBreakdown} holds (CPU time by mode, processes, block I/O by
     * device, pressure totals): its figures then have {@link CgroupBreakdown#NONE}. For a caller
     * that keeps none of it, such as a recording. A tree that cannot leave it out reads it.
     */
    default CgroupReader reader(String path, boolean breakdown) {
        return reader(path);
    }

    /** Whether the freezer has stopped the cgroup; null when unknown. */
    Boolean frozen(String path);

    /**
     * Thaws a frozen cgroup (v1 {@code freezer.state} THAWED, v2 {@code cgroup.freeze} 0), as
     * runc's resume does, whoever froze it; whether it is thawed now: not while a parent cgroup is
     * frozen, which holds its children frozen.
     *
     * @throws IOException when the freezer cannot be written (the cgroup is gone, or not root)
     */
    boolean thaw(String path) throws IOException;

    /**
     * Whether a signal sent to a process of a frozen cgroup waits until the cgroup is thawed:
     * every signal in v1, even SIGKILL; in v2 all but SIGKILL, which kills a frozen process.
     */
    boolean signalWaitsForThaw(int signal);

    /** Every limit jtop knows, including the cpuset ones that {@link #stats} leaves out. */
    CgroupLimits limits(String path);

    /**
     * The most memory the cgroup has used since it was made, in bytes (v1
     * {@code memory.max_usage_in_bytes}; v2 {@code memory.peak}, kernel >= 5.19); null when the
     * kernel has no such file or the cgroup is gone. Read only when asked (inspect, the detail view).
     */
    Long memoryPeak(String path);

    /**
     * How many forks the cgroup refused at its pids limit since it was made ({@code max} of
     * {@code pids.events}, v1 and v2, kernel >= 4.8); null when the kernel has no such file or the
     * cgroup is gone. Read only when asked (inspect, the detail view): it is not in any tick's read.
     */
    Long pidsRefused(String path);

    /** Directory per controller (v1) or {@code unified} → directory (v2). */
    Map<String, Path> directories(String path);
}
