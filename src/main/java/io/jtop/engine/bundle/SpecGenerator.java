package io.jtop.engine.bundle;

import io.jtop.engine.image.ImageConfig;
import io.jtop.linux.proc.ProcStatus;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Turns an image config and the options of {@code jtop run} into an OCI spec, with Docker's
 * defaults: its capability set, seccomp profile (jtop's {@code default.seccomp}), masked and
 * read-only paths, mounts and cgroup-namespace rule; and no_new_privileges on, which Docker leaves
 * off unless its daemon is told otherwise. {@code --privileged} turns all of that off.
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

    /**
     * Hidden from the container as Docker hides them: kernel memory, keys, timers, hardware, and the
     * interrupt counts and power meters that leak what other tenants compute.
     */
    static final List<String> MASKED_PATHS = List.of("/proc/acpi", "/proc/asound", "/proc/interrupts",
            "/proc/kcore", "/proc/keys", "/proc/latency_stats", "/proc/sched_debug", "/proc/scsi",
            "/proc/timer_list", "/proc/timer_stats", "/sys/devices/virtual/powercap", "/sys/firmware");

    /** Readable but not writable, as with Docker: kernel settings and the triggers that act on the host. */
    static final List<String> READONLY_PATHS = List.of("/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys",
            "/proc/sysrq-trigger");

    private final long available;
    private final boolean cgroupV2;
    private final List<Path> engineSockets;
    private final String arch;
    private final SeccompProfile.Kernel kernel;

    /** For this machine: its architecture and kernel as the JVM reports them. */
    public SpecGenerator(long available, boolean cgroupV2, List<Path> engineSockets) {
        this(available, cgroupV2, engineSockets, SeccompProfile.nativeArch(System.getProperty("os.arch")),
                SeccompProfile.Kernel.ofRelease(System.getProperty("os.version")));
    }

    /**
     * @param available     the capabilities jtop holds, bit N for number N ({@link #readCapabilities})
     * @param cgroupV2      whether the host runs the unified hierarchy: only then does a container
     *                      get its own cgroup namespace, as with Docker (on v1 it shares the host's)
     * @param engineSockets sockets a bind may not expose without {@code --allow-socket}
     * @param arch          the native architecture, as seccomp conditions name it ({@code x86_64}, {@code aarch64})
     * @param kernel        the host kernel's version, for the seccomp rules that need a recent one
     */
    public SpecGenerator(long available, boolean cgroupV2, List<Path> engineSockets, String arch,
            SeccompProfile.Kernel kernel) {
        this.available = available;
        this.cgroupV2 = cgroupV2;
        this.engineSockets = List.copyOf(engineSockets);
        this.arch = arch;
        this.kernel = kernel;
    }

    /**
     * The capabilities this process holds ({@code CapEff} of {@code self/status} below
     * {@code procRoot}, normally {@code /proc}): all a container can be given, since the runtime
     * cannot grant more than its caller has. Where root's own set lacks some (a sandbox that
     * dropped CAP_SYS_RESOURCE, say), a privileged container gets the rest, as with current Docker.
     */
    public static long readCapabilities(Path procRoot) throws IOException {
        Path file = procRoot.resolve("self/status");
        ProcStatus status = ProcStatus.parse(Files.readString(file));
        if (status == null || status.capEff() == -1) {
            throw new IOException("unable to parse " + file + ": no CapEff line");
        }
        return status.capEff();
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
        List<String> capabilities = Capabilities.of(opts.capAdd(), opts.capDrop(), opts.privileged(), available);
        long nofile = Math.min(NOFILE, hardNofile);
        boolean noNewPrivileges = opts.noNewPrivileges() != null ? opts.noNewPrivileges() : !opts.privileged();
        Spec.Process process = new Spec.Process(false, user(image, opts), args(image, opts), env(image, opts),
                cwd(image, opts), new Spec.Capabilities(capabilities, capabilities, capabilities),
                List.of(new Spec.Rlimit("RLIMIT_NOFILE", nofile, nofile)), noNewPrivileges);
        String hostname = opts.hostname() != null ? opts.hostname() : id.substring(0, Math.min(12, id.length()));
        boolean systemPaths = opts.privileged() || opts.systemPathsUnconfined();
        Spec.Linux linux = new Spec.Linux(namespaces(opts), "/jtop/" + id, resources(opts),
                systemPaths ? null : MASKED_PATHS, systemPaths ? null : READONLY_PATHS, seccomp(opts, capabilities));
        return new Spec(Spec.OCI_VERSION, process, new Spec.Root("rootfs", opts.readOnly()), hostname,
                mounts(opts), linux);
    }

    /**
     * The filter, with the rules the container's final capabilities allow: none when asked for, the
     * given profile when there is one (even privileged, as Docker does), none for a privileged
     * container, else jtop's default.
     */
    private Spec.Seccomp seccomp(RunOptions opts, List<String> capabilities) {
        if (opts.seccompUnconfined()) {
            return null;
        }
        if (opts.seccomp() != null) {
            return opts.seccomp().resolve(arch, capabilities, kernel);
        }
        if (opts.privileged()) {
            return null;
        }
        SeccompProfile profile = SeccompText.defaultProfile();
        if (!profile.covers(arch)) {
            throw new IllegalArgumentException("jtop's default seccomp profile is for " + String.join(" and ",
                    new TreeSet<>(profile.archMap().keySet())) + ", not " + arch
                    + ": give one with --security-opt seccomp=FILE, or run with seccomp=unconfined");
        }
        return profile.resolve(arch, capabilities, kernel);
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
                Path realSocket = realOrNull(socket);
                String reached = null;
                if (real.equals(socket) || real.equals(realSocket)) {
                    // Named by the socket it reaches only when the user wrote another path to it.
                    reached = host.equals(socket) ? "" : " (" + socket + ")";
                } else if (realSocket != null && realSocket.startsWith(real)) {
                    // A directory holding it: the container's rbind reaches the socket through it.
                    reached = " (holds " + host.resolve(real.relativize(realSocket)) + ")";
                }
                if (reached != null) {
                    throw new IllegalArgumentException("refusing to bind " + host + reached
                            + ": that socket is root on the host; add --allow-socket if you mean it");
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
