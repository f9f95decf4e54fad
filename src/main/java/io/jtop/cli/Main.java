package io.jtop.cli;

import io.jtop.backend.local.LocalRuntime;
import io.jtop.engine.lifecycle.LogOptions;
import io.jtop.engine.lifecycle.RuntimeWaits;
import io.jtop.metrics.Grouping;

import java.io.Writer;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Collection;
import java.util.concurrent.Callable;

/** {@code jtop}'s command line (picocli), for any argument ({@link Jtop} is the entry point). Subcommands are the scriptable face of every action. */
@Command(name = "jtop", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "A top-like container manager: every container on the host, live from the cgroup files.")
public final class Main implements Callable<Integer> {

    /**
     * The subcommands, by name, in the order help lists them. Registered by {@link #run}, not by
     * the annotation: picocli builds the model of every registered command up front, and a command
     * line names one.
     */
    static final Map<String, Class<?>> SUBCOMMANDS = subcommands(
            "ps", PsCommand.class, "inspect", InspectCommand.class, "top", TopCommand.class,
            "images", ImageCommands.Images.class, "image", ImageCommands.ImageGroup.class, "run", RunCommand.class,
            "stop", ContainerCommands.Stop.class, "kill", ContainerCommands.Kill.class,
            "pause", ContainerCommands.Pause.class, "unpause", ContainerCommands.Unpause.class,
            "rm", ContainerCommands.Remove.class, "logs", ContainerCommands.Logs.class,
            "exec", ShellCommands.Exec.class, "shell", ShellCommands.Shell.class,
            "restart", ContainerCommands.Restart.class, "demo", DemoCommand.class,
            "serve", ServeCommand.class, "record", RecordCommand.class, "replay", ReplayCommand.class);

    @Option(names = "--host-root", hidden = true, defaultValue = "${env:JTOP_HOST_ROOT:-" + DEFAULT_HOST_ROOT + "}",
            description = "Read /proc and /sys under this directory instead of / (for fixture trees).")
    Path hostRoot;

    @Option(names = "--root", paramLabel = "DIR", defaultValue = "${env:JTOP_ROOT:-" + DEFAULT_STORE + "}",
            description = "jtop's image and container store (default: $JTOP_ROOT or /var/lib/jtop).")
    Path storeRoot;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** Standard output and error, for the bytes of a container's output ({@link LogPrinter}). */
    Console console;

    @Option(names = "--readonly", description = "Full-screen UI: watch only; no key that changes a container is bound.")
    boolean readonly;

    @Option(names = "--theme", paramLabel = "NAME|FILE",
            description = "Full-screen UI colours: default, light, high-contrast, mono, or a theme file. NO_COLOR means mono.")
    String theme;

    @Option(names = {"-d", "--delay"}, paramLabel = "SECONDS",
            description = "Full-screen UI refresh interval (default 1, or 'interval' in the config file).")
    String delay;

    @Option(names = {"-a", "--all"}, description = "Full-screen UI: list exited containers too.")
    boolean all;

    @Option(names = "--rehearse", hidden = true,
            description = "Drive the UI in a virtual terminal for a few seconds: the start-up archive's training run.")
    boolean rehearse;

    @Option(names = "--run-dir", hidden = true, defaultValue = "${env:JTOP_RUN:-" + DEFAULT_RUN + "}",
            description = "Run-time files (conmon sockets, exit files, runc state).")
    Path runDir;

    /** How long jtop's own runtime waits for each call of the OCI runtime. */
    private final RuntimeWaits waits;

    static final String DEFAULT_HOST_ROOT = "/";
    static final String DEFAULT_STORE = "/var/lib/jtop";
    static final String DEFAULT_RUN = "/run/jtop";

    /** Name, class, name, class …: the names are their {@code @Command}'s (a test checks), not read from it, which would load every class. */
    private static Map<String, Class<?>> subcommands(Object... nameThenClass) {
        Map<String, Class<?>> byName = new LinkedHashMap<>();
        for (int i = 0; i < nameThenClass.length; i += 2) {
            byName.put((String) nameThenClass[i], (Class<?>) nameThenClass[i + 1]);
        }
        return Collections.unmodifiableMap(byName);
    }

    /**
     * The subcommands a command line needs: the first argument that names one, alone. Every one
     * when none is named, or when help or the version may be asked for before it (jtop's help
     * lists them all): picocli then parses, and fails, exactly as with every one registered, since
     * an argument that names no subcommand is parsed the same either way.
     */
    static Collection<Class<?>> subcommandsFor(String[] args) {
        for (String a : args) {
            if (a.equals("--help") || a.equals("--version")
                    || a.startsWith("-") && !a.startsWith("--") && (a.indexOf('h') > 0 || a.indexOf('V') > 0)) {
                return SUBCOMMANDS.values();
            }
            Class<?> c = SUBCOMMANDS.get(a);
            if (c != null) {
                return List.of(c);
            }
        }
        return SUBCOMMANDS.values();
    }

    /** {@code jtop} with options: the full-screen UI ({@link Screen}). */
    @Override
    public Integer call() throws Exception {
        PrintWriter none = new PrintWriter(Writer.nullWriter());
        Screen screen = new Screen(hostRoot, storeRoot, runDir, theme, delay, readonly, all,
                rehearse ? () -> {
                    run(new String[] {"ps", "--json", "-d", "0"}, none, none);
                    LogsRun.rehearse();
                } : null);
        try {
            return screen.run();
        } catch (Screen.UsageError e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    Host openHost() {
        return new Host(hostRoot, 1, storeRoot, runDir, Host.ENGINE_WAIT_MILLIS);
    }

    Host openHost(int fullEvery) {
        return new Host(hostRoot, fullEvery, storeRoot, runDir, Host.ENGINE_WAIT_MILLIS);
    }

    /** @param engineWait how long the first listing waits for Docker and Podman (0: not at all) */
    Host openHost(int fullEvery, long engineWait) {
        return new Host(hostRoot, fullEvery, storeRoot, runDir, engineWait);
    }

    public Main() {
        this(RuntimeWaits.DEFAULT);
    }

    Main(RuntimeWaits waits) {
        this.waits = waits;
    }

    /** jtop's own runtime, for the commands that act on its containers. */
    LocalRuntime runtime(String runtime) {
        return runtimeWith(RunCommand.runtimePath(runtime));
    }

    /** jtop's own runtime, its new containers run by the OCI runtime {@code binary}. */
    LocalRuntime runtimeWith(Path binary) {
        return new LocalRuntime(storeRoot, runDir, binary, hostRoot.resolve("proc"), waits);
    }

    public static void main(String[] args) {
        Host.exitsAfterCommand = true;
        Console console = Console.system();
        PsCommand.Plain ps = PsCommand.plain(args);
        LogsRun.Plain logs = LogsRun.plain(args);
        ContainerRun.Plain container = ContainerRun.plain(args);
        int code;
        if (ps != null) {
            code = ps(ps, console.out, console.err);
        } else if (logs != null) {
            code = logs(logs, console);
        } else if (container != null) {
            code = run(container, console);
        } else {
            code = run(args, console, subcommandsFor(args));
        }
        System.exit(code);
    }

    /** A plain {@code jtop run} ({@link ContainerRun#plain}) without picocli; same defaults, same failures. */
    static int run(ContainerRun.Plain p, Console console) {
        try {
            Main m = withDefaults();
            m.console = console;
            return ContainerRun.run(m, m.runtime(null), p.image(), ContainerRun.options(p), LogOptions.DEFAULT,
                    p.detach(), p.remove());
        } catch (Exception e) {
            return Failures.failure(e, console.err);
        } finally {
            console.out.flush();
            console.err.flush();
        }
    }

    /** A plain {@code jtop logs} ({@link LogsRun#plain}) without picocli; same defaults, same failures. */
    static int logs(LogsRun.Plain o, Console console) {
        try {
            Main m = withDefaults();
            m.console = console;
            return LogsRun.run(m, o.container(), o.tail(), o.follow(), o.timestamps());
        } catch (Exception e) {
            return Failures.failure(e, console.err);
        } finally {
            console.out.flush();
            console.err.flush();
        }
    }

    /** A plain {@code jtop ps} ({@link PsCommand#plain}) without picocli; same defaults, same failures. */
    static int ps(PsCommand.Plain options, PrintWriter out, PrintWriter err) {
        try {
            return PsCommand.run(withDefaults(), options.all(), options.json(), Grouping.NONE, options.millis(), out, err);
        } catch (Exception e) {
            return Failures.failure(e, err);
        } finally {
            out.flush();
            err.flush();
        }
    }

    /** jtop's options as their defaults (and the environment) set them, as picocli would. */
    private static Main withDefaults() {
        Main m = new Main();
        Map<String, String> env = System.getenv();
        m.hostRoot = Host.hostRootOf(env);
        m.storeRoot = Host.storeRootOf(env);
        m.runDir = Host.runDirOf(env);
        return m;
    }

    /** Runs a command line with the given streams; returns the exit code (0 ok, 1 failure, 2 usage). */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        return run(args, out, err, subcommandsFor(args));
    }

    /** {@link #run} with these subcommands registered. */
    static int run(String[] args, PrintWriter out, PrintWriter err, Collection<Class<?>> subcommands) {
        return run(args, Console.of(out, err), subcommands, RuntimeWaits.DEFAULT);
    }

    /** {@link #run} with jtop's runtime waiting this long for the OCI runtime. */
    static int run(String[] args, PrintWriter out, PrintWriter err, RuntimeWaits waits) {
        return run(args, Console.of(out, err), subcommandsFor(args), waits);
    }

    private static int run(String[] args, Console console, Collection<Class<?>> subcommands) {
        return run(args, console, subcommands, RuntimeWaits.DEFAULT);
    }

    private static int run(String[] args, Console console, Collection<Class<?>> subcommands, RuntimeWaits waits) {
        PrintWriter out = console.out;
        PrintWriter err = console.err;
        Main main = new Main(waits);
        main.console = console;
        CommandLine cl = new CommandLine(main);
        for (Class<?> c : subcommands) {
            cl.addSubcommand(c);
        }
        // Plain help: its bold and colours would reach the terminal escaped, as every control does.
        cl.setColorScheme(CommandLine.Help.defaultColorScheme(CommandLine.Help.Ansi.OFF));
        // Everything after the image belongs to the container's command, options included.
        for (String name : List.of("run", "exec")) {
            CommandLine sub = cl.getSubcommands().get(name);
            if (sub != null) {
                sub.setStopAtPositional(true);
            }
        }
        cl.setOut(out);
        cl.setErr(err);
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> Failures.failure(ex, commandLine.getErr()));
        cl.setParameterExceptionHandler((ex, a) -> {
            CommandLine c = ex.getCommandLine();
            return Failures.usage(UsageErrors.describe(ex), c.getCommandSpec().qualifiedName(), c.getErr());
        });
        int code = cl.execute(args);
        out.flush();
        err.flush();
        return code;
    }

    /** Version from the jar's manifest, or "dev". */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"jtop " + (v == null ? "dev" : v)};
        }
    }
}
