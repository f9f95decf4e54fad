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

/** {@code jtop run}: a container of jtop's own runtime, from an image in its store. */
@Command(name = "run", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Run a command in a new container (overlay snapshot, OCI bundle, conmon + runc).")
final class RunCommand implements Callable<Integer> {
    /** A seccomp profile larger than this is not one (moby's default.json is some 14 KB). */
    private static final int MAX_PROFILE_BYTES = 1 << 20;

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

    @Option(names = "--runtime", paramLabel = "runc|crun|PATH", defaultValue = "runc")
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
        return ContainerRun.run(main, main.runtime(runtime), image, opts, log, detach, remove);
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

    /** The OCI runtime binary: runc, crun, or a path. */
    static Path runtimePath(String runtime) {
        if (runtime == null || runtime.equals("runc")) {
            return find("runc");
        }
        if (runtime.equals("crun")) {
            return find("crun");
        }
        Path p = Path.of(runtime);
        if (!Files.isExecutable(p)) {
            throw new IllegalArgumentException("--runtime " + runtime + ": not an executable file");
        }
        // Absolute: conmon runs it from the container's directory, and later commands from anywhere.
        return p.toAbsolutePath().normalize();
    }

    private static Path find(String name) {
        for (String dir : List.of("/usr/sbin", "/usr/bin", "/usr/local/sbin", "/usr/local/bin", "/sbin", "/bin")) {
            Path p = Path.of(dir, name);
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        throw new IllegalArgumentException(name + " is not installed (Debian: apt-get install " + name + ")");
    }
}
