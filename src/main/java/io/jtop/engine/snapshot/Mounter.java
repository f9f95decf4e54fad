package io.jtop.engine.snapshot;

import io.jtop.linux.mount.MountInfo;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The one place that performs mounts that snapshots describe.
 *
 * <p>It runs mount(8) and umount(8) rather than calling mount(2) itself: that keeps jnr (slow to
 * load) off this path, and lets an overlay's relative {@code lowerdir} names
 * resolve against {@link Mount#workingDirectory()}, the directory mount(8) is started in.
 */
public final class Mounter {

    private static final long TIMEOUT_SECONDS = 60;

    private final Path mountInfo;

    /** A mounter that reads this process's mount table, {@code /proc/self/mountinfo}. */
    public Mounter() {
        this(Path.of("/proc/self/mountinfo"));
    }

    /** A mounter that reads the mount table at {@code mountInfo}. */
    public Mounter(Path mountInfo) {
        this.mountInfo = mountInfo;
    }

    /** Performs {@code m}; an error carries mount(8)'s message. */
    public void mount(Mount m) throws IOException {
        run(m.workingDirectory(), "mount", "-t", m.type(), m.source(), "-o", m.optionString(), m.target().toString());
    }

    /** Unmounts {@code target} if something is mounted there; nothing mounted is not an error. */
    public void unmount(Path target) throws IOException {
        if (isMountPoint(mountInfo, target)) {
            run(null, "umount", target.toString());
        }
    }

    /** Whether {@code path} (resolved through symbolic links when it exists) is a mount point. */
    static boolean isMountPoint(Path mountInfo, Path path) throws IOException {
        String p = canonical(path).toString();
        return MountInfo.parse(Files.readString(mountInfo)).stream().anyMatch(m -> m.mountPoint().equals(p));
    }

    /** The mount points at or below {@code dir}. */
    static List<String> mountsUnder(Path mountInfo, Path dir) throws IOException {
        Path d = canonical(dir);
        List<String> out = new ArrayList<>();
        for (MountInfo m : MountInfo.parse(Files.readString(mountInfo))) {
            if (Path.of(m.mountPoint()).startsWith(d)) {
                out.add(m.mountPoint());
            }
        }
        return out;
    }

    private static Path canonical(Path p) throws IOException {
        return Files.exists(p) ? p.toRealPath() : p.toAbsolutePath().normalize();
    }

    private static void run(Path dir, String... argv) throws IOException {
        String what = argv[0] + " " + argv[argv.length - 1];
        // stderr to a file, not a pipe: a mount that hangs must not hang the reader past the timeout
        Path err = Files.createTempFile("jtop-" + argv[0] + "-", ".err");
        try {
            ProcessBuilder pb = new ProcessBuilder(argv)
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(err.toFile());
            if (dir != null) {
                pb.directory(dir.toFile());
            }
            Process p = pb.start();
            if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException(what + ": no answer after " + TIMEOUT_SECONDS + " s");
            }
            if (p.exitValue() != 0) {
                String message = Files.readString(err).strip().replaceAll("\\s*\n\\s*", "; ");
                throw new IOException(what + " failed (exit " + p.exitValue() + "): " + message);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(what + ": interrupted", e);
        } finally {
            Files.deleteIfExists(err);
        }
    }
}
