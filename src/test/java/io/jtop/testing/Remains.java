package io.jtop.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What is left on the host of one of jtop's containers, by its id: the one place that says
 * "nothing of container ID is left". It looks for a mount naming it, its cgroup {@code /jtop/ID}
 * in every hierarchy under /sys/fs/cgroup (or the unified one, cgroup v2), any OCI runtime's state
 * under its root in the run directory ({@code runc/ID}, {@code crun/ID}),
 * conmon's files, its exit file and attach socket's link, its directory in the store and its
 * snapshot, and any process that names it on its command line (its conmon, a runtime call) or
 * runs in its cgroup.
 */
public final class Remains {

    private static final Path CGROUPS = Path.of("/sys/fs/cgroup");
    private static final Path PROC = Path.of("/proc");
    /** Processes killed a moment ago may still be on their way out: what stays longer than this is left. */
    private static final long SETTLE_NANOS = 5_000_000_000L;

    private Remains() {
    }

    /**
     * Everything of container {@code id} still on the host, one short line each; empty when nothing is.
     *
     * @param store  jtop's store ({@code --root})
     * @param runDir jtop's run directory ({@code --run-dir})
     */
    public static List<String> of(String id, Path store, Path runDir) {
        List<String> left = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(PROC.resolve("self/mountinfo"))) {
                if (line.contains(id)) {
                    left.add("mount " + line.split(" ")[4]);
                }
            }
            if (Files.isDirectory(CGROUPS.resolve("jtop").resolve(id), LinkOption.NOFOLLOW_LINKS)) {
                left.add("cgroup /jtop/" + id.substring(0, 12));
            }
            try (DirectoryStream<Path> hierarchies = Files.newDirectoryStream(CGROUPS)) {
                for (Path h : hierarchies) {
                    if (Files.isDirectory(h.resolve("jtop").resolve(id), LinkOption.NOFOLLOW_LINKS)) {
                        left.add("cgroup " + h.getFileName() + ":/jtop/" + id.substring(0, 12));
                    }
                }
            }
            List<Path> places = new ArrayList<>(List.of(runDir.resolve(id), store.resolve("containers").resolve(id),
                    store.resolve("snapshots").resolve(id)));
            if (Files.isDirectory(runDir)) {
                try (DirectoryStream<Path> entries = Files.newDirectoryStream(runDir, Files::isDirectory)) {
                    for (Path e : entries) {
                        places.add(e.resolve(id)); // a runtime's root, the exit files, the attach sockets
                    }
                }
            }
            for (Path p : places) {
                if (Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
                    left.add("file " + (p.startsWith(runDir) ? "RUN/" + runDir.relativize(p)
                            : "STORE/" + store.relativize(p)).replace(id, id.substring(0, 12)));
                }
            }
            left.addAll(processes(id));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot look for what is left of " + id, e);
        }
        return left;
    }

    /**
     * Fails, listing what is left, unless nothing of container {@code id} is on the host within a
     * few seconds (what was killed a moment ago may still be on its way out).
     */
    public static void assertNone(String id, Path store, Path runDir) {
        List<String> left = awaitNone(id, store, runDir);
        if (!left.isEmpty()) {
            throw new AssertionError("left of " + id.substring(0, 12) + ": " + left);
        }
    }

    /** What is left of container {@code id} once it stops changing or is gone, waiting a few seconds at most. */
    public static List<String> awaitNone(String id, Path store, Path runDir) {
        long deadline = System.nanoTime() + SETTLE_NANOS;
        List<String> left = of(id, store, runDir);
        while (!left.isEmpty() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            left = of(id, store, runDir);
        }
        return left;
    }

    /** Processes that name the container on their command line or run in its cgroup. */
    private static List<String> processes(String id) throws IOException {
        List<String> out = new ArrayList<>();
        String self = String.valueOf(ProcessHandle.current().pid());
        try (DirectoryStream<Path> all = Files.newDirectoryStream(PROC, p -> p.getFileName().toString().matches("\\d+"))) {
            for (Path p : all) {
                if (p.getFileName().toString().equals(self)) {
                    continue;
                }
                try {
                    String cmdline = new String(Files.readAllBytes(p.resolve("cmdline")), StandardCharsets.UTF_8)
                            .replace('\0', ' ').strip();
                    boolean named = cmdline.contains(id);
                    boolean inside = Files.readString(p.resolve("cgroup")).contains("/jtop/" + id);
                    if ((named || inside) && !zombie(p)) {
                        String comm = Files.readString(p.resolve("comm")).strip();
                        out.add("process " + p.getFileName() + " " + comm);
                    }
                } catch (NoSuchFileException e) {
                    // ended meanwhile
                }
            }
        }
        return out;
    }

    private static boolean zombie(Path proc) throws IOException {
        String stat = Files.readString(proc.resolve("stat"));
        return stat.substring(stat.lastIndexOf(')') + 2).startsWith("Z");
    }
}
