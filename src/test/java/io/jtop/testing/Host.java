package io.jtop.testing;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import io.jtop.linux.mount.MountInfo;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * Capability checks and command running for tests that need the real host.
 *
 * <p>A missing capability skips the test on a developer's machine but fails it in CI
 * ({@code CI=true}), where .ci/run installs everything and a skip would hide a broken set-up.
 */
public final class Host {
    private static final long TIMEOUT_SECONDS = 60;
    private static final ExecutorService READERS = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "host-run-reader");
        t.setDaemon(true);
        return t;
    });

    private Host() {}

    /** Requires that the tests run as uid 0. */
    public static void requireRoot() {
        String uid;
        try {
            uid = Files.readAllLines(Path.of("/proc/self/status")).stream()
                    .filter(l -> l.startsWith("Uid:"))
                    .map(l -> l.split("\\s+")[2]) // effective uid
                    .findFirst().orElse("?");
        } catch (IOException e) {
            uid = "?";
        }
        require("0".equals(uid), "needs root (effective uid is " + uid + ")");
    }

    /** Requires that {@code name} is an executable on PATH. */
    public static void requireCommand(String name) {
        require(findOnPath(name), "needs command '" + name + "' on PATH");
    }

    /** Requires the cgroup v1 freezer (a v1 or hybrid host), whose files a test writes to freeze by hand. */
    public static void requireV1Freezer() {
        require(Files.isDirectory(Path.of("/sys/fs/cgroup/freezer")), "needs the cgroup v1 freezer at /sys/fs/cgroup/freezer");
    }

    /** Requires cgroup v1 resource controllers (a v1 or hybrid host), whose files a test reads and writes by path. */
    public static void requireCgroupV1() {
        require(Files.isRegularFile(Path.of("/sys/fs/cgroup/memory/memory.usage_in_bytes")),
                "needs the cgroup v1 memory controller at /sys/fs/cgroup/memory");
    }

    /**
     * Requires a host on cgroup v2 alone: cgroup2 mounted at /sys/fs/cgroup, as in the v2 lane's
     * guest (src/test/v2), where the *V2IT tests run.
     */
    public static void requireCgroupV2() {
        String type = "nothing";
        try {
            for (MountInfo m : MountInfo.parse(Files.readString(Path.of("/proc/self/mountinfo")))) {
                if (m.mountPoint().equals("/sys/fs/cgroup")) {
                    type = m.fsType(); // the last one is on top
                }
            }
        } catch (IOException e) {
            type = "unreadable /proc/self/mountinfo: " + e.getMessage();
        }
        require(type.equals("cgroup2"), "needs cgroup v2 alone at /sys/fs/cgroup (found: " + type
                + "); the v2 lane runs this test in its guest: see src/test/v2/README.md");
    }

    /** Requires loop block devices (the kernel's loop driver, /dev/loop-control), for a block device of a test's own. */
    public static void requireLoopDevices() {
        require(Files.exists(Path.of("/dev/loop-control")), "needs loop block devices (/dev/loop-control; module loop)");
    }

    /** Requires a docker client on PATH and a daemon that answers {@code docker info}. */
    public static void requireDocker() {
        requireCommand("docker");
        Result r = dockerInfo();
        require(r.ok(), "needs a running dockerd: docker info said " + r.describe());
    }

    /** Whether {@code docker info} answers, for clean-up code that must not skip or fail. */
    static boolean dockerAnswers() {
        return findOnPath("docker") && dockerInfo().ok();
    }

    private static Result dockerInfo() {
        return exec(20, null, "docker", "info", "--format", "{{.ServerVersion}}");
    }

    /**
     * Runs {@code argv} with a 60 s timeout and returns its stdout.
     *
     * @throws AssertionError if it cannot start, times out or exits non-zero; the message has
     *     the exit code and stderr
     */
    public static String run(String... argv) {
        return run(null, argv);
    }

    /** Like {@link #run(String...)}, feeding {@code stdin} (or /dev/null if null) to the command. */
    public static String run(byte[] stdin, String... argv) {
        Result r = exec(TIMEOUT_SECONDS, stdin, argv);
        if (!r.ok()) {
            throw new AssertionError(String.join(" ", argv) + ": " + r.describe());
        }
        return r.stdout();
    }

    /** What a finished (or abandoned) command left; {@code exit} is -1 if it never ran to the end. */
    private record Result(int exit, String stdout, String stderr, String problem) {
        boolean ok() {
            return problem == null && exit == 0;
        }

        String describe() {
            return problem != null ? problem : "exit " + exit + ", stderr: " + stderr.strip();
        }
    }

    private static Result exec(long timeoutSeconds, byte[] stdin, String... argv) {
        try {
            ProcessBuilder pb = new ProcessBuilder(argv);
            if (stdin == null) {
                pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            }
            Process p = pb.start();
            CompletableFuture<String> out = readAsync(p.getInputStream());
            CompletableFuture<String> err = readAsync(p.getErrorStream());
            if (stdin != null) {
                try (OutputStream in = p.getOutputStream()) {
                    in.write(stdin);
                }
            }
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return new Result(-1, "", "", "timed out after " + timeoutSeconds + " s");
            }
            return new Result(p.exitValue(), out.join(), err.join(), null);
        } catch (IOException e) {
            return new Result(-1, "", "", "could not run: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(-1, "", "", "interrupted");
        }
    }

    /** Stops a process a test started: SIGTERM, then SIGKILL when it has not ended within 10 s. */
    public static void stop(Process p) throws InterruptedException {
        p.destroy();
        if (!p.waitFor(10, TimeUnit.SECONDS)) {
            p.destroyForcibly();
        }
    }

    static boolean inCi() {
        return "true".equals(System.getenv("CI"));
    }

    /** Skips (or in CI fails) the current test with {@code reason} unless {@code ok}. */
    public static void require(boolean ok, String reason) {
        if (ok) {
            return;
        }
        if (inCi()) {
            Assertions.fail("CI=true and the host lacks a capability: " + reason);
        }
        Assumptions.abort(reason);
    }

    /**
     * Freezes a v1 freezer cgroup as a hand other than jtop's would, and waits (up to 10 s) until
     * every task is frozen: the kernel answers the write at once and shows FREEZING meanwhile.
     */
    public static void freeze(Path freezerState) throws IOException, InterruptedException {
        Files.writeString(freezerState, "FROZEN");
        long deadline = System.nanoTime() + 10_000_000_000L;
        String state;
        while (!(state = Files.readString(freezerState).strip()).equals("FROZEN")) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(freezerState + " is still " + state + " 10 s after FROZEN was written");
            }
            Thread.sleep(10);
        }
    }

    /** Deletes {@code dir} and everything below it, without following symbolic links. */
    public static void deleteTree(Path dir) {
        if (dir == null || Files.notExists(dir, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) walk.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("unable to delete " + dir, e);
        }
    }

    private static boolean findOnPath(String name) {
        String path = System.getenv().getOrDefault("PATH", "/usr/bin:/bin");
        List<String> dirs = List.of(path.split(":"));
        return dirs.stream().anyMatch(d -> Files.isExecutable(Path.of(d.isEmpty() ? "." : d, name)));
    }

    private static CompletableFuture<String> readAsync(InputStream in) {
        // Own threads, not the common pool: with 2 cores it has one worker and the second
        // stream would wait for the first, so a chatty stderr could stall the child.
        return CompletableFuture.supplyAsync(() -> {
            try (in) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                return "(unreadable: " + e.getMessage() + ")";
            }
        }, READERS);
    }
}
