package io.jtop.engine.bundle;

import io.jtop.engine.image.ImageConfig;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Turns an image config and the options of {@code jtop run} into an OCI spec, with Docker's
 * defaults: its capability set, masked and read-only paths, mounts and cgroup-namespace rule.
 *
 * <p>It only describes; {@link BundleWriter} writes. It reads the host only to check bind sources
 * (they must exist and must not be a container engine's socket).
 *
 * <p>User names are refused rather than looked up: resolving one needs the rootfs' /etc/passwd,
 * which the generator does not see; the caller gives {@code UID[:GID]}.
 */
public final class SpecGenerator {
    /** runc's rule for container ids; they also name the cgroup, so no slash. */
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]*");
    private static final Pattern NUMERIC_USER = Pattern.compile("(\\d+)(?::(\\d+))?");
    static final String DEFAULT_PATH = "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
    static final long NOFILE = 1_048_576;
    static final long CPU_PERIOD_US = 100_000;

    /** Capability names by number (linux/capability.h); the kernel's cap_last_cap says how many apply. */
    private static final List<String> CAPABILITIES = List.of("CHOWN", "DAC_OVERRIDE", "DAC_READ_SEARCH",
            "FOWNER", "FSETID", "KILL", "SETGID", "SETUID", "SETPCAP", "LINUX_IMMUTABLE", "NET_BIND_SERVICE",
            "NET_BROADCAST", "NET_ADMIN", "NET_RAW", "IPC_LOCK", "IPC_OWNER", "SYS_MODULE", "SYS_RAWIO",
            "SYS_CHROOT", "SYS_PTRACE", "SYS_PACCT", "SYS_ADMIN", "SYS_BOOT", "SYS_NICE", "SYS_RESOURCE",
            "SYS_TIME", "SYS_TTY_CONFIG", "MKNOD", "LEASE", "AUDIT_WRITE", "AUDIT_CONTROL", "SETFCAP",
            "MAC_OVERRIDE", "MAC_ADMIN", "SYSLOG", "WAKE_ALARM", "BLOCK_SUSPEND", "AUDIT_READ", "PERFMON", "BPF",
            "CHECKPOINT_RESTORE");

    static final List<String> DEFAULT_CAPABILITIES = List.of("CHOWN", "DAC_OVERRIDE", "FSETID", "FOWNER",
            "MKNOD", "NET_RAW", "SETGID", "SETUID", "SETFCAP", "SETPCAP", "NET_BIND_SERVICE", "SYS_CHROOT", "KILL",
            "AUDIT_WRITE");

    static final List<String> MASKED_PATHS = List.of("/proc/acpi", "/proc/kcore", "/proc/keys",
            "/proc/latency_stats", "/proc/timer_list", "/proc/timer_stats", "/proc/sched_debug", "/proc/scsi",
            "/sys/firmware");

    static final List<String> READONLY_PATHS = List.of("/proc/asound", "/proc/bus", "/proc/fs", "/proc/irq",
            "/proc/sys", "/proc/sysrq-trigger");

    /** Sockets that give whoever can write them root on the host. */
    public static final List<Path> ENGINE_SOCKETS = List.of(Path.of("/var/run/docker.sock"),
            Path.of("/run/docker.sock"), Path.of("/run/podman/podman.sock"),
            Path.of("/run/containerd/containerd.sock"), Path.of("/run/crio/crio.sock"));

    private final int capLastCap;
    private final boolean cgroupV2;
    private final List<Path> engineSockets;

    /**
     * @param capLastCap    the kernel's highest capability number ({@link #readCapLastCap})
     * @param cgroupV2      whether the host runs the unified hierarchy: only then does a container
     *                      get its own cgroup namespace, as with Docker (on v1 it shares the host's)
     * @param engineSockets sockets a bind may not expose without {@code --allow-socket}
     */
    public SpecGenerator(int capLastCap, boolean cgroupV2, List<Path> engineSockets) {
        if (capLastCap < 0) {
            throw new IllegalArgumentException("cap_last_cap must be >= 0, got " + capLastCap);
        }
        this.capLastCap = capLastCap;
        this.cgroupV2 = cgroupV2;
        this.engineSockets = List.copyOf(engineSockets);
    }

    /** Reads {@code sys/kernel/cap_last_cap} below {@code procRoot} (normally {@code /proc}). */
    public static int readCapLastCap(Path procRoot) throws IOException {
        Path file = procRoot.resolve("sys/kernel/cap_last_cap");
        String text = Files.readString(file).strip();
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new IOException("unable to parse " + file + ": '" + text + "'", e);
        }
    }

    /**
     * Describes container {@code id}.
     *
     * @param hardNofile the caller's hard RLIMIT_NOFILE: runc refuses a container limit above it
     * @throws IllegalArgumentException with a one-line message when the options make no sense
     */
    public Spec generate(String id, ImageConfig image, RunOptions opts, long hardNofile) {
        require(id != null && ID.matcher(id).matches(), "invalid container id '" + id + "'");
        require(hardNofile > 0, "hard RLIMIT_NOFILE must be positive, got " + hardNofile);
        List<String> capabilities = opts.privileged() ? allCapabilities() : DEFAULT_CAPABILITIES;
        capabilities = capabilities.stream().map(c -> "CAP_" + c).toList();
        long nofile = Math.min(NOFILE, hardNofile);
        Spec.Process process = new Spec.Process(false, user(image, opts), args(image, opts), env(image, opts),
                cwd(image, opts), new Spec.Capabilities(capabilities, capabilities, capabilities),
                List.of(new Spec.Rlimit("RLIMIT_NOFILE", nofile, nofile)), false);
        String hostname = opts.hostname() != null ? opts.hostname() : id.substring(0, Math.min(12, id.length()));
        Spec.Linux linux = new Spec.Linux(namespaces(opts), "/jtop/" + id, resources(opts),
                opts.privileged() ? null : MASKED_PATHS, opts.privileged() ? null : READONLY_PATHS);
        return new Spec(Spec.OCI_VERSION, process, new Spec.Root("rootfs", opts.readOnly()), hostname,
                mounts(opts), linux);
    }

    private List<String> allCapabilities() {
        // A kernel newer than this table has capabilities we cannot name; runc could not either.
        return CAPABILITIES.subList(0, Math.min(capLastCap + 1, CAPABILITIES.size()));
    }

    private static List<String> args(ImageConfig image, RunOptions opts) {
        // Docker's rule: the command replaces Cmd, never Entrypoint.
        List<String> args = new ArrayList<>(orEmpty(image.entrypoint()));
        args.addAll(opts.args().isEmpty() ? orEmpty(image.cmd()) : opts.args());
        require(!args.isEmpty(), "no command: the image has no Entrypoint or Cmd and none was given");
        return List.copyOf(args);
    }

    /** The image's env, each {@code -e} replacing the same key or appended; PATH if nobody set one. */
    private static List<String> env(ImageConfig image, RunOptions opts) {
        Map<String, String> env = new LinkedHashMap<>();
        for (String kv : orEmpty(image.env())) {
            env.put(key(kv), kv);
        }
        for (String kv : opts.env()) {
            require(kv.indexOf('=') > 0, "environment entry '" + kv + "' is not KEY=VALUE");
            env.put(key(kv), kv);
        }
        env.putIfAbsent("PATH", DEFAULT_PATH);
        return List.copyOf(env.values());
    }

    private static String key(String kv) {
        int eq = kv.indexOf('=');
        return eq < 0 ? kv : kv.substring(0, eq);
    }

    private static String cwd(ImageConfig image, RunOptions opts) {
        String cwd = opts.workdir() != null ? opts.workdir()
                : image.workingDir() != null && !image.workingDir().isEmpty() ? image.workingDir() : "/";
        require(cwd.startsWith("/"), "working directory '" + cwd + "' is not absolute");
        return cwd;
    }

    private static Spec.User user(ImageConfig image, RunOptions opts) {
        if (opts.uid() != null) {
            return new Spec.User(opts.uid(), opts.gid() == null ? 0 : opts.gid(), null);
        }
        String user = image.user() == null ? "" : image.user().strip();
        if (user.isEmpty()) {
            return new Spec.User(0, 0, null);
        }
        var m = NUMERIC_USER.matcher(user);
        require(m.matches(), "image user '" + user + "': user names need /etc/passwd lookup: give UID[:GID]");
        return new Spec.User(Long.parseLong(m.group(1)), m.group(2) == null ? 0 : Long.parseLong(m.group(2)), null);
    }

    private List<Spec.Namespace> namespaces(RunOptions opts) {
        List<Spec.Namespace> ns = new ArrayList<>();
        if (!opts.hostPid()) {
            ns.add(new Spec.Namespace("pid", null));
        }
        if (opts.network() != RunOptions.Network.HOST) {
            ns.add(new Spec.Namespace("network", null));
        }
        for (String type : List.of("mount", "uts", "ipc")) {
            ns.add(new Spec.Namespace(type, null));
        }
        if (cgroupV2) {
            ns.add(new Spec.Namespace("cgroup", null));
        }
        return ns;
    }

    private List<Spec.Mount> mounts(RunOptions opts) {
        // Privileged containers may write /sys and the cgroup tree, as with Docker.
        String sysMode = opts.privileged() ? "rw" : "ro";
        List<Spec.Mount> mounts = new ArrayList<>(List.of(
                new Spec.Mount("/proc", "proc", "proc", List.of("nosuid", "noexec", "nodev")),
                new Spec.Mount("/dev", "tmpfs", "tmpfs", List.of("nosuid", "strictatime", "mode=755", "size=65536k")),
                new Spec.Mount("/dev/pts", "devpts", "devpts",
                        List.of("nosuid", "noexec", "newinstance", "ptmxmode=0666", "mode=0620", "gid=5")),
                new Spec.Mount("/dev/shm", "tmpfs", "shm", List.of("nosuid", "noexec", "nodev", "mode=1777", "size=65536k")),
                new Spec.Mount("/dev/mqueue", "mqueue", "mqueue", List.of("nosuid", "noexec", "nodev")),
                new Spec.Mount("/sys", "sysfs", "sysfs", List.of("nosuid", "noexec", "nodev", sysMode)),
                new Spec.Mount("/sys/fs/cgroup", "cgroup", "cgroup", List.of("nosuid", "noexec", "nodev", "relatime", sysMode))));
        for (RunOptions.Bind b : opts.binds()) {
            requireAbsolute(b.containerPath(), "bind");
            Path source = bindSource(b.hostPath(), opts.allowSocket());
            mounts.add(new Spec.Mount(b.containerPath(), "bind", source.toString(),
                    b.readOnly() ? List.of("rbind", "ro") : List.of("rbind")));
        }
        for (RunOptions.Tmpfs t : opts.tmpfs()) {
            requireAbsolute(t.path(), "tmpfs");
            require(t.sizeBytes() == null || t.sizeBytes() > 0, "tmpfs " + t.path() + ": size must be positive");
            List<String> options = new ArrayList<>(List.of("nosuid", "nodev", "noexec"));
            if (t.sizeBytes() != null) {
                options.add("size=" + t.sizeBytes());
            }
            mounts.add(new Spec.Mount(t.path(), "tmpfs", "tmpfs", options));
        }
        return mounts;
    }

    private Path bindSource(Path host, boolean allowSocket) {
        require(host.isAbsolute(), "bind source " + host + " is not absolute");
        Path real;
        try {
            real = host.toRealPath();
        } catch (IOException e) {
            throw new IllegalArgumentException("bind source " + host + " does not exist", e);
        }
        if (!allowSocket) {
            for (Path socket : engineSockets) {
                if (real.equals(socket) || real.equals(realOrNull(socket))) {
                    throw new IllegalArgumentException("refusing to bind " + host + " (" + socket
                            + "): that socket is root on the host; add --allow-socket if you mean it");
                }
            }
        }
        return host;
    }

    private static Path realOrNull(Path p) {
        try {
            return p.toRealPath();
        } catch (IOException e) {
            return null;
        }
    }

    private static Spec.Resources resources(RunOptions opts) {
        Long mem = opts.memoryBytes();
        Long swap = opts.memorySwapBytes();
        require(mem == null || mem > 0, "memory limit must be positive, got " + mem);
        require(swap == null || mem != null, "--memory-swap needs --memory");
        require(swap == null || swap == -1 || swap >= mem,
                "--memory-swap (" + swap + ") must be at least --memory (" + mem + "), or -1 for unlimited");
        Spec.Memory memory = mem == null ? null : new Spec.Memory(mem, swap);

        Spec.Cpu cpu = null;
        if (opts.cpus() != null || opts.cpuShares() != null) {
            Long quota = null;
            if (opts.cpus() != null) {
                require(opts.cpus() > 0, "--cpus must be positive, got " + opts.cpus());
                quota = Math.round(opts.cpus() * CPU_PERIOD_US);
            }
            require(opts.cpuShares() == null || opts.cpuShares() > 0, "--cpu-shares must be positive");
            cpu = new Spec.Cpu(opts.cpuShares(), quota, quota == null ? null : CPU_PERIOD_US);
        }
        Spec.Pids pids = opts.pidsLimit() == null ? null : new Spec.Pids(opts.pidsLimit());
        // Deny every device, then runc appends its default allow list; privileged allows all.
        var devices = List.of(new Spec.DeviceRule(opts.privileged(), null, null, null, "rwm"));
        return new Spec.Resources(devices, memory, cpu, pids);
    }

    private static void requireAbsolute(String path, String what) {
        require(path != null && path.startsWith("/"), what + " target '" + path + "' is not an absolute container path");
    }

    private static <T> List<T> orEmpty(List<T> list) {
        return list == null ? List.of() : list;
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }
}
