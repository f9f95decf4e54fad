package io.jtop.cli;

import io.jtop.ui.Format;
import io.jtop.engine.bundle.Capabilities;
import io.jtop.engine.bundle.DockerSeccomp;
import io.jtop.engine.bundle.RunOptions;
import io.jtop.engine.lifecycle.LogOptions;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;

/** {@code jtop run}: a container of jtop's own runtime, from an image in its store. */
@Command(name = "run", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Run a command in a new container (overlay snapshot, OCI bundle, conmon + runc).")
final class RunCommand implements Callable<Integer> {
    /** A seccomp profile larger than this is not one (moby's default.json is some 14 KB). */
    private static final int MAX_PROFILE_BYTES = 1 << 20;
    /** The form of an OCI runtime's name, and of the file name of one given by its path. */
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._+-]{0,31}");
    /** Where a runtime given by its name is looked for, in this order. */
    private static final List<String> SYSTEM_DIRS = List.of("/usr/sbin", "/usr/bin", "/usr/local/sbin", "/usr/local/bin",
            "/sbin", "/bin");
    /** jtop's own entries in its run directory, which a runtime's state root would be. */
    private static final List<String> RESERVED = List.of("exits", "sockets");

    @ParentCommand
    Main main;

    @Option(names = {"-d", "--detach"}, description = "Print the id and leave it running.")
    boolean detach;

    @Option(names = "--name", description = "A unique name.")
    String name;

    @Option(names = "--rm", description = "Remove it when it exits (without -d).")
    boolean remove;

    @Option(names = {"-e", "--env"}, paramLabel = "K=V")
    List<String> env = new ArrayList<>();

    @Option(names = {"-w", "--workdir"}, paramLabel = "DIR")
    String workdir;

    @Option(names = {"-u", "--user"}, paramLabel = "UID[:GID]")
    String user;

    @Option(names = "--hostname")
    String hostname;

    @Option(names = "--memory", paramLabel = "SIZE", description = "e.g. 64m, 1g")
    String memory;

    @Option(names = "--memory-swap", paramLabel = "SIZE", description = "memory + swap, or -1 for unlimited")
    String memorySwap;

    @Option(names = "--cpus", paramLabel = "CPUS")
    Double cpus;

    @Option(names = "--cpu-shares")
    Long cpuShares;

    @Option(names = "--pids-limit")
    Long pidsLimit;

    @Option(names = "--read-only")
    boolean readOnly;

    @Option(names = {"-v", "--volume"}, paramLabel = "HOST:CONTAINER[:ro]")
    List<String> volumes = new ArrayList<>();

    @Option(names = "--tmpfs", paramLabel = "PATH[:SIZE]")
    List<String> tmpfs = new ArrayList<>();

    @Option(names = "--network", paramLabel = "none|host", defaultValue = "none")
    String network;

    @Option(names = "--pid", paramLabel = "host")
    String pid;

    @Option(names = "--privileged", description = "Every capability, no seccomp filter, no masked or read-only "
            + "paths, no_new_privileges off: the container can do what root on the host can.")
    boolean privileged;

    @Option(names = "--cap-add", paramLabel = "CAP", description = "Add a capability (CAP_ may be left out; ALL adds all).")
    List<String> capAdd = new ArrayList<>();

    @Option(names = "--cap-drop", paramLabel = "CAP", description = "Drop a capability (CAP_ may be left out; ALL drops all).")
    List<String> capDrop = new ArrayList<>();

    @Option(names = "--security-opt", paramLabel = "OPT", description = "seccomp=unconfined, seccomp=builtin, "
            + "seccomp=FILE (a profile in Docker's JSON format), no-new-privileges[=true|false], systempaths=unconfined.")
    List<String> securityOpts = new ArrayList<>();

    @Option(names = "--allow-socket", description = "Allow binding a container engine's socket (root on the host).")
    boolean allowSocket;

    @Option(names = "--log-opt", paramLabel = "KEY=VALUE",
            description = "max-size=SIZE (default 10m) and max-file=N (default 3) of its log; repeatable, or comma-separated.")
    List<String> logOpts = new ArrayList<>();

    @Option(names = "--runtime", paramLabel = "runc|crun|PATH", defaultValue = "runc", description = "The OCI "
            + "runtime: a name found in /usr/sbin, /usr/bin, /usr/local/sbin, /usr/local/bin, /sbin or /bin, or an "
            + "absolute path to an executable.")
    String runtime;

    @Parameters(index = "0", paramLabel = "IMAGE")
    String image;

    @Parameters(index = "1..*", paramLabel = "CMD")
    List<String> command = new ArrayList<>();

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        RunOptions opts = options();
        LogOptions log = logOptions();
        Path binary;
        try {
            binary = runtimePath(runtime);
        } catch (Malformed e) {
            throw usage(e.getMessage());
        }
        return ContainerRun.run(main, main.runtimeWith(binary), image, opts, log, detach, remove);
    }

    RunOptions options() {
        RunOptions.Builder b = RunOptions.builder().name(name).workdir(workdir).hostname(hostname)
                .memory(size(memory, "--memory")).memorySwap(size(memorySwap, "--memory-swap"))
                .cpus(cpus).cpuShares(cpuShares).pidsLimit(pidsLimit).readOnly(readOnly)
                .privileged(privileged).allowSocket(allowSocket).hostPid("host".equals(pid))
                .args(command.toArray(String[]::new));
        env.forEach(b::env);
        if (user != null) {
            String[] u = user.split(":", 2);
            try {
                b.user(Integer.parseInt(u[0]), u.length > 1 ? Integer.parseInt(u[1]) : null);
            } catch (NumberFormatException e) {
                throw usage("-u takes UID[:GID] as numbers, not '" + user + "'");
            }
        }
        switch (network) {
            case "none" -> b.network(RunOptions.Network.NONE);
            case "host" -> b.network(RunOptions.Network.HOST);
            default -> throw usage("--network must be none or host, not '" + network + "'");
        }
        if (pid != null && !pid.equals("host")) {
            throw usage("--pid takes only 'host'");
        }
        for (String v : volumes) {
            String[] p = v.split(":");
            if (p.length < 2 || p.length > 3 || p.length == 3 && !p[2].equals("ro") && !p[2].equals("rw")) {
                throw usage("-v takes HOST_PATH:CONTAINER_PATH[:ro], not '" + v + "'");
            }
            b.bind(Path.of(p[0]), p[1], p.length == 3 && p[2].equals("ro"));
        }
        for (String t : tmpfs) {
            String[] p = t.split(":", 2);
            b.tmpfs(p[0], p.length > 1 ? size(p[1], "--tmpfs") : null);
        }
        for (String c : capAdd) {
            b.capAdd(capability(c, "--cap-add"));
        }
        for (String c : capDrop) {
            b.capDrop(capability(c, "--cap-drop"));
        }
        for (String o : securityOpts) {
            securityOpt(o, b);
        }
        return b.build();
    }

    /** {@code --log-opt}s over the defaults, as Docker names them. */
    private LogOptions logOptions() {
        long maxSize = LogOptions.DEFAULT.maxSize();
        int maxFiles = LogOptions.DEFAULT.maxFiles();
        for (String opts : logOpts) {
            for (String opt : opts.split(",")) {
                String[] kv = opt.split("=", 2);
                String value = kv.length == 2 ? kv[1] : "";
                switch (kv[0]) {
                    case "max-size" -> {
                        Long size = size(value, "--log-opt max-size");
                        if (size == null || size <= 0) {
                            throw usage("--log-opt max-size takes a size such as 10m, not '" + value + "'");
                        }
                        maxSize = size;
                    }
                    case "max-file" -> {
                        try {
                            maxFiles = Integer.parseInt(value);
                        } catch (NumberFormatException e) {
                            maxFiles = 0;
                        }
                        if (maxFiles < 1) {
                            throw usage("--log-opt max-file takes a number of files, at least 1, not '" + value + "'");
                        }
                    }
                    default -> throw usage("--log-opt takes max-size=SIZE and max-file=N, not '" + opt + "'");
                }
            }
        }
        return new LogOptions(maxSize, maxFiles);
    }

    private static String capability(String name, String option) {
        try {
            return Capabilities.normalize(name);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(option + ": " + e.getMessage(), e);
        }
    }

    /**
     * One {@code --security-opt}, spelt as Docker takes it: {@code KEY=VALUE} or the older
     * {@code KEY:VALUE}, and {@code no-new-privileges} alone for true.
     */
    private void securityOpt(String opt, RunOptions.Builder b) {
        String[] kv = opt.split("=", 2);
        if (kv.length == 1 && !opt.equals("no-new-privileges")) {
            kv = opt.split(":", 2);
        }
        String key = kv[0];
        String value = kv.length > 1 ? kv[1] : null;
        if (key.equals("no-new-privileges")) {
            Boolean on = value == null ? Boolean.TRUE : bool(value);
            if (on == null) {
                throw usage("--security-opt no-new-privileges takes true or false, not '" + value + "'");
            }
            b.noNewPrivileges(on);
        } else if (key.equals("seccomp") && value != null && !value.isEmpty()) {
            switch (value) {
                case "unconfined" -> b.seccompUnconfined();
                case "builtin" -> b.seccompDefault();
                default -> b.seccomp(DockerSeccomp.parse(readProfile(value), value));
            }
        } else if (key.equals("systempaths") && "unconfined".equals(value)) {
            b.systemPathsUnconfined(true);
        } else {
            throw usage("--security-opt takes seccomp=unconfined|builtin|FILE, no-new-privileges[=true|false] or "
                    + "systempaths=unconfined, not '" + opt + "'");
        }
    }

    /** Go's strconv.ParseBool, which Docker uses: null when {@code s} is none of its spellings. */
    private static Boolean bool(String s) {
        return switch (s) {
            case "1", "t", "T", "true", "TRUE", "True" -> Boolean.TRUE;
            case "0", "f", "F", "false", "FALSE", "False" -> Boolean.FALSE;
            default -> null;
        };
    }

    /**
     * A seccomp profile file's text; one line when it cannot be read, is too large or is not UTF-8.
     * Only a regular file is opened: a FIFO or a device would block or never end.
     */
    private static String readProfile(String file) {
        Path path;
        try {
            path = Path.of(file);
        } catch (InvalidPathException e) {
            throw new IllegalArgumentException("seccomp profile '" + file + "': not a file name");
        }
        if (Files.exists(path) && !Files.isRegularFile(path)) {
            throw new IllegalArgumentException("seccomp profile " + file + ": not a regular file");
        }
        try (InputStream in = Files.newInputStream(path)) {
            byte[] bytes = in.readNBytes(MAX_PROFILE_BYTES + 1);
            if (bytes.length > MAX_PROFILE_BYTES) {
                throw new IllegalArgumentException("seccomp profile " + file + ": larger than "
                        + (MAX_PROFILE_BYTES >> 20) + " MiB");
            }
            return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("seccomp profile " + file + ": not UTF-8 text");
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("seccomp profile " + file + ": no such file");
        } catch (AccessDeniedException e) {
            throw new IllegalArgumentException("seccomp profile " + file + ": permission denied");
        } catch (IOException e) {
            String why = e instanceof FileSystemException f && f.getReason() != null ? f.getReason() : e.getMessage();
            throw new IllegalArgumentException("seccomp profile " + file + ": " + why);
        }
    }

    private CommandLine.ParameterException usage(String message) {
        return new CommandLine.ParameterException(spec.commandLine(), message);
    }

    /** A size option through {@link Format#parseBytes}, as a usage error when it is not one. */
    private Long size(String s, String option) {
        try {
            return Format.parseBytes(s);
        } catch (IllegalArgumentException e) {
            throw usage(option + " " + e.getMessage());
        }
    }

    /**
     * The OCI runtime binary {@code --runtime} names: a name ({@code runc}, {@code crun}, or any
     * other of {@link #NAME}'s form) found in {@link #SYSTEM_DIRS}, or an absolute path to an
     * executable file. Nothing else is run: not a relative path (conmon runs the runtime from the
     * container's directory, later calls from anywhere), not a path with {@code .} or {@code ..}
     * in it, not {@code $PATH} (jtop runs as root, and a directory there may be anyone's). The
     * file's name must have {@link #NAME}'s form too: it names the runtime in messages and its state
     * root under the run directory ({@code /run/jtop/crun}), which must not be one of jtop's own
     * entries there.
     *
     * @throws Malformed when {@code runtime} is neither a name nor an absolute path (a usage error)
     * @throws IllegalArgumentException when it names no executable file
     */
    static Path runtimePath(String runtime) {
        String r = runtime == null ? "runc" : runtime;
        if (NAME.matcher(r).matches()) {
            return find(r);
        }
        Path p = r.indexOf('/') < 0 || r.chars().anyMatch(Character::isISOControl) ? null : Path.of(r);
        if (p == null || !p.isAbsolute() || !p.normalize().toString().equals(r)) {
            throw new Malformed("--runtime " + r + ": give a runtime's name (runc, crun) or an absolute path");
        }
        String name = p.getFileName().toString();
        if (!NAME.matcher(name).matches() || RESERVED.contains(name)) {
            throw new Malformed("--runtime " + r + ": the file's name must be letters, digits, '.', '_', '+' or '-' "
                    + "(at most 32), and none of " + String.join(", ", RESERVED));
        }
        if (!Files.isRegularFile(p) || !Files.isExecutable(p)) {
            throw new IllegalArgumentException("--runtime " + r + ": not an executable file");
        }
        return p;
    }

    /** A {@code --runtime} that is neither a name nor an absolute path. */
    static final class Malformed extends IllegalArgumentException {
        Malformed(String message) {
            super(message);
        }
    }

    private static Path find(String name) {
        for (String dir : SYSTEM_DIRS) {
            Path p = Path.of(dir, name);
            if (Files.isRegularFile(p) && Files.isExecutable(p)) {
                return p;
            }
        }
        String hint = name.equals("runc") || name.equals("crun") ? " (Debian: apt-get install " + name + ")" : "";
        throw new IllegalArgumentException("--runtime " + name + ": not installed in " + String.join(", ", SYSTEM_DIRS)
                + hint);
    }
}
