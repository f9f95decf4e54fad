package io.jtop.testing;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A real container started with plain {@code runc run -d}, on an overlay of a busybox rootfs, in
 * the cgroup {@code /jtop/<id>} of every v1 controller (or the v2 tree).
 *
 * <p>Bundle layout: {@code lower/} (busybox rootfs), {@code upper/}, {@code work/}, {@code rootfs/}
 * (the overlay mount point), {@code config.json}, {@code pid}, and the container's stdio in
 * {@code stdout.log} / {@code stderr.log}. {@link #close()} undoes everything that was done, in
 * reverse, and may be called again or after a failed start.
 */
public final class RuncContainer implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final String id;
    private final Path bundle;
    private final Path lower;
    private final Path upper;
    private final Path work;
    private final Path rootfs;
    private long pid = -1;
    private boolean closed;

    /** Starts describing a container that runs {@code args} (e.g. {@code "sleep", "1000"}). */
    public static Builder builder(String... args) {
        return new Builder(List.of(args));
    }

    /** Options of a container; anything left unset is runc's default (no limit, own pid namespace). */
    public static final class Builder {
        private final List<String> args;
        private Long memoryLimitBytes;
        private Long cpuQuotaMicros;
        private Long cpuPeriodMicros;
        private Long pidsLimit;
        private boolean hostPidNamespace;

        private Builder(List<String> args) {
            if (args.isEmpty()) {
                throw new IllegalArgumentException("a container needs a command");
            }
            this.args = args;
        }

        public Builder memoryLimit(long bytes) {
            this.memoryLimitBytes = bytes;
            return this;
        }

        /** CFS quota and period in microseconds; quota/period is the number of CPUs allowed. */
        public Builder cpu(long quotaMicros, long periodMicros) {
            this.cpuQuotaMicros = quotaMicros;
            this.cpuPeriodMicros = periodMicros;
            return this;
        }

        public Builder pidsLimit(long limit) {
            this.pidsLimit = limit;
            return this;
        }

        /** Shares the host's pid namespace, so the container's processes have host PIDs inside too. */
        public Builder hostPidNamespace() {
            this.hostPidNamespace = true;
            return this;
        }

        /** Builds the bundle and runs the container; skips (or in CI fails) without root or runc. */
        public RuncContainer start() {
            Host.requireRoot();
            Host.requireCommand("runc");
            RuncContainer c = new RuncContainer();
            try {
                c.start(this);
                return c;
            } catch (RuntimeException | Error e) {
                try {
                    c.close();
                } catch (RuntimeException | Error cleanup) {
                    e.addSuppressed(cleanup);
                }
                throw e;
            }
        }
    }

    private RuncContainer() {
        byte[] random = new byte[6];
        RANDOM.nextBytes(random);
        this.id = "jtop-it-" + HexFormat.of().formatHex(random);
        try {
            this.bundle = Files.createTempDirectory("jtop-bundle-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.lower = bundle.resolve("lower");
        this.upper = bundle.resolve("upper");
        this.work = bundle.resolve("work");
        this.rootfs = bundle.resolve("rootfs");
    }

    private void start(Builder b) {
        try {
            Busybox.rootfs(lower);
            Files.createDirectories(upper);
            Files.createDirectories(work);
            Files.createDirectories(rootfs);
            Host.run("mount", "-t", "overlay", "overlay", "-o",
                    "lowerdir=" + lower + ",upperdir=" + upper + ",workdir=" + work, rootfs.toString());

            Host.run("runc", "spec", "--bundle", bundle.toString());
            Path config = bundle.resolve("config.json");
            ObjectNode spec = (ObjectNode) JSON.readTree(config.toFile());
            edit(spec, b);
            JSON.writeValue(config.toFile(), spec);

            runDetached();
            pid = Long.parseLong(Files.readString(bundle.resolve("pid")).strip());
        } catch (IOException e) {
            throw new UncheckedIOException("unable to start runc container " + id + " in " + bundle, e);
        }
    }

    private void edit(ObjectNode spec, Builder b) throws IOException {
        ObjectNode process = (ObjectNode) spec.get("process");
        ArrayNode args = process.putArray("args");
        b.args.forEach(args::add);
        process.put("terminal", false);
        clampNofile(process);

        ObjectNode root = (ObjectNode) spec.get("root");
        root.put("path", "rootfs");
        root.put("readonly", false);

        ObjectNode linux = (ObjectNode) spec.get("linux");
        linux.put("cgroupsPath", "/jtop/" + id);
        ObjectNode resources = linux.withObjectProperty("resources");
        if (b.memoryLimitBytes != null) {
            resources.withObjectProperty("memory").put("limit", b.memoryLimitBytes);
        }
        if (b.cpuQuotaMicros != null) {
            resources.withObjectProperty("cpu").put("quota", b.cpuQuotaMicros).put("period", b.cpuPeriodMicros);
        }
        if (b.pidsLimit != null) {
            resources.withObjectProperty("pids").put("limit", b.pidsLimit);
        }
        if (b.hostPidNamespace) {
            ArrayNode namespaces = (ArrayNode) linux.get("namespaces");
            for (int i = namespaces.size() - 1; i >= 0; i--) {
                if ("pid".equals(namespaces.get(i).path("type").asText())) {
                    namespaces.remove(i);
                }
            }
        }
    }

    /** runc refuses an rlimit above the caller's hard limit, so clamp RLIMIT_NOFILE to ours. */
    private static void clampNofile(ObjectNode process) throws IOException {
        if (!(process.get("rlimits") instanceof ArrayNode rlimits)) {
            return;
        }
        long hard = hardNofile();
        for (var node : rlimits) {
            if ("RLIMIT_NOFILE".equals(node.path("type").asText())) {
                ObjectNode r = (ObjectNode) node;
                r.put("hard", Math.min(r.path("hard").asLong(), hard));
                r.put("soft", Math.min(r.path("soft").asLong(), hard));
            }
        }
    }

    private static long hardNofile() throws IOException {
        // "Max open files            20000                20000                files"
        for (String line : Files.readAllLines(Path.of("/proc/self/limits"))) {
            if (line.startsWith("Max open files")) {
                String hard = line.substring("Max open files".length()).trim().split("\\s+")[1];
                return hard.equals("unlimited") ? Long.MAX_VALUE : Long.parseLong(hard);
            }
        }
        throw new IOException("no 'Max open files' line in /proc/self/limits");
    }

    /**
     * Runs {@code runc run -d}. The container inherits runc's stdio, so it must be files, not
     * pipes: a pipe would stay open for the container's lifetime and never reach end-of-file.
     */
    private void runDetached() throws IOException {
        Path out = bundle.resolve("stdout.log");
        Path err = bundle.resolve("stderr.log");
        Process p = new ProcessBuilder("runc", "run", "-d", "--pid-file", bundle.resolve("pid").toString(),
                "--bundle", bundle.toString(), id)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(out.toFile())
                .redirectError(err.toFile())
                .start();
        try {
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("runc run -d " + id + " did not return within 60 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while starting " + id, e);
        }
        if (p.exitValue() != 0) {
            throw new AssertionError("runc run -d " + id + " exited " + p.exitValue() + ": "
                    + Files.readString(err).strip());
        }
    }

    public String id() {
        return id;
    }

    /** The host PID of the container's init process. */
    public long pid() {
        return pid;
    }

    public Path bundle() {
        return bundle;
    }

    /** The overlay mount point, which is the container's root. */
    public Path rootfsMerged() {
        return rootfs;
    }

    public Path lowerDir() {
        return lower;
    }

    public Path upperDir() {
        return upper;
    }

    public Path workDir() {
        return work;
    }

    /** Deletes the container, unmounts the overlay and removes the bundle; each step is tried. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        List<Throwable> failures = new ArrayList<>();
        try {
            Host.run("runc", "delete", "-f", id);
        } catch (AssertionError e) {
            if (!e.getMessage().contains("does not exist")) {
                failures.add(e);
            }
        }
        try {
            if (isMounted(rootfs)) {
                Host.run("umount", rootfs.toString());
            }
        } catch (IOException | AssertionError e) {
            failures.add(e);
        }
        if (failures.isEmpty()) { // never delete below a mount that is still there
            try {
                Host.deleteTree(bundle);
            } catch (UncheckedIOException e) {
                failures.add(e);
            }
        }
        if (!failures.isEmpty()) {
            AssertionError error = new AssertionError("unable to clean up runc container " + id + " in " + bundle);
            failures.forEach(error::addSuppressed);
            throw error;
        }
    }

    private static boolean isMounted(Path dir) throws IOException {
        String target = dir.toAbsolutePath().toString();
        for (String line : Files.readAllLines(Path.of("/proc/self/mountinfo"))) {
            // field 5 is the mount point, with spaces escaped as \040 (temp dirs have none)
            String[] f = line.split(" ");
            if (f.length > 4 && f[4].equals(target)) {
                return true;
            }
        }
        return false;
    }
}
