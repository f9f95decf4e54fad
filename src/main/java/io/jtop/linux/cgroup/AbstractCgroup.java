package io.jtop.linux.cgroup;

import io.jtop.linux.proc.KernelFiles;
import io.jtop.linux.proc.ProcCgroup;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/** What the v1 and v2 readers share: walking one hierarchy and listing its processes. */
abstract class AbstractCgroup implements Cgroup {

    private static final int MAX_DEPTH = 32;

    protected final Path hostRoot;
    protected final KernelFiles files;
    protected final List<CgroupMount> mounts;
    /** The hierarchy whose tree is walked to find containers. */
    protected final CgroupMount walked;

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
    public void walk(Predicate<String> visitor) {
        Path top = walked.dir(hostRoot, walked.root());
        if (top != null) {
            walkDir(top, visitor, 0);
        }
    }

    private void walkDir(Path dir, Predicate<String> visitor, int depth) {
        if (!visitor.test(walked.pathOf(hostRoot, dir)) || depth >= MAX_DEPTH) {
            return;
        }
        for (Path child : subdirectories(dir)) {
            walkDir(child, visitor, depth + 1);
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

    private static List<Path> subdirectories(Path dir) {
        List<Path> out = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, Files::isDirectory)) {
            ds.forEach(out::add);
        } catch (IOException e) {
            // Removed while we looked: nothing below it.
        }
        out.sort(null);
        return out;
    }

    @Override
    public void forget(String path) {
        for (CgroupMount m : mounts) {
            Path dir = m.dir(hostRoot, path);
            if (dir != null) {
                files.forget(dir);
            }
        }
    }

    /** Reads a file of a controller's directory of a cgroup; null when any part is missing. */
    protected String read(Path dir, String file) {
        return dir == null ? null : files.read(dir.resolve(file));
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
