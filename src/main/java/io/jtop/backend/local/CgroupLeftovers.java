package io.jtop.backend.local;

import io.jtop.linux.cgroup.CgroupMount;
import io.jtop.linux.proc.ProcFs;
import io.jtop.linux.proc.ProcStat;
import io.jtop.linux.sys.Signals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * What is left of a container's cgroup when runc no longer knows the container (its state was
 * lost, or its record was): the cgroup's directory in every hierarchy (each v1 controller's, the
 * unified one), and any process still in it. runc's delete kills and removes these for a container
 * it knows; this does the same for one it does not.
 */
final class CgroupLeftovers {

    private static final long EMPTY_NANOS = 10_000_000_000L;
    private static final int SIGKILL = 9;

    private final Path proc;
    private final ProcFs procFs;

    /** @param proc the host's /proc, under the host root whose cgroup mounts are read */
    CgroupLeftovers(Path proc, ProcFs procFs) {
        this.proc = proc;
        this.procFs = procFs;
    }

    /** The directories of cgroup {@code path} (e.g. {@code /jtop/<id>}) in every hierarchy that has it. */
    List<Path> directories(String path) {
        List<Path> out = new ArrayList<>();
        for (CgroupMount m : CgroupMount.fromMountinfo(procFs.selfMountinfoText())) {
            Path d = m.dir(proc.getParent(), path);
            if (d != null && Files.isDirectory(d)) {
                out.add(d);
            }
        }
        return out;
    }

    /**
     * Kills every process in these directories of cgroup {@code path}, thawed first so that it can
     * die (signalled through a pidfd checked against its start time), and waits until none is left.
     *
     * @throws IOException when a process outlives SIGKILL for 10 s
     */
    void empty(String path, List<Path> dirs) throws IOException {
        long deadline = System.nanoTime() + EMPTY_NANOS;
        for (Set<Integer> left = procs(dirs); !left.isEmpty(); left = procs(dirs)) {
            if (System.nanoTime() > deadline) {
                throw new IOException("the processes " + left + " of cgroup " + path + " did not end after SIGKILL");
            }
            for (Path d : dirs) {
                thaw(d);
            }
            for (int pid : left) {
                ProcStat st = procFs.statOnce(pid);
                if (st != null) {
                    try {
                        Signals.send(pid, st.startTimeTicks(), SIGKILL, proc);
                    } catch (Signals.ProcessGoneException | Signals.ProcessChangedException e) {
                        // ended meanwhile
                    }
                }
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while emptying cgroup " + path, e);
            }
        }
    }

    /**
     * Removes these cgroup directories (rmdir: an empty cgroup's files go with it), those the
     * runtime left; the kernel refuses one that still holds a process or a child cgroup.
     */
    static void remove(List<Path> dirs) throws IOException {
        for (Path d : dirs) {
            Files.deleteIfExists(d);
        }
    }

    /** Every process in these cgroup directories. */
    private static Set<Integer> procs(List<Path> dirs) throws IOException {
        Set<Integer> out = new TreeSet<>();
        for (Path d : dirs) {
            try {
                for (String line : Files.readAllLines(d.resolve("cgroup.procs"))) {
                    if (!line.isBlank()) {
                        out.add(Integer.parseInt(line.trim()));
                    }
                }
            } catch (NoSuchFileException e) {
                // removed meanwhile
            }
        }
        return out;
    }

    /** Thaws a frozen cgroup (v1 freezer, v2 cgroup.freeze); the other hierarchies have neither file. */
    private static void thaw(Path dir) throws IOException {
        if (Files.exists(dir.resolve("freezer.state"))) {
            Files.writeString(dir.resolve("freezer.state"), "THAWED");
        }
        if (Files.exists(dir.resolve("cgroup.freeze"))) {
            Files.writeString(dir.resolve("cgroup.freeze"), "0");
        }
    }
}
