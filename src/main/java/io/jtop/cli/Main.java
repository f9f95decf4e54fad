package io.jtop.cli;

import io.jtop.ui.App;
import io.jtop.ui.Intervals;
import io.jtop.ui.Sources;
import io.jtop.ui.UiConfig;
import io.jtop.ui.theme.Themes;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import io.jtop.container.Lookup;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code jtop}: the entry point. Subcommands are the scriptable face of every action. */
@Command(name = "jtop", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "A top-like container manager: every container on the host, live from the cgroup files.")
public final class Main implements Callable<Integer> {

    /**
     * The subcommands, by name, in the order help lists them. Registered by {@link #run}, not by
     * the annotation: picocli builds the model of every registered command up front (~0.2 s for
     * all of them in a new JVM), and a command line names one.
     */
    static final Map<String, Class<?>> SUBCOMMANDS = subcommands(
            "ps", PsCommand.class, "inspect", InspectCommand.class, "top", TopCommand.class,
            "images", ImageCommands.Images.class, "image", ImageCommands.ImageGroup.class, "run", RunCommand.class,
            "stop", ContainerCommands.Stop.class, "kill", ContainerCommands.Kill.class,
            "pause", ContainerCommands.Pause.class, "unpause", ContainerCommands.Unpause.class,
            "rm", ContainerCommands.Remove.class, "logs", ContainerCommands.Logs.class,
            "exec", ShellCommands.Exec.class, "shell", ShellCommands.Shell.class,
            "restart", ContainerCommands.Restart.class, "demo", DemoCommand.class);

    /** Name, class, name, class …: the names are their {@code @Command}'s (a test checks), not read from it, which would load every class. */
    private static Map<String, Class<?>> subcommands(Object... nameThenClass) {
        Map<String, Class<?>> byName = new java.util.LinkedHashMap<>();
        for (int i = 0; i < nameThenClass.length; i += 2) {
            byName.put((String) nameThenClass[i], (Class<?>) nameThenClass[i + 1]);
        }
        return java.util.Collections.unmodifiableMap(byName);
    }

    /**
     * The subcommands a command line needs: the first argument that names one, alone. Every one
     * when none is named, or when help or the version may be asked for before it (jtop's help
     * lists them all): picocli then parses, and fails, exactly as with every one registered, since
     * an argument that names no subcommand is parsed the same either way.
     */
    static java.util.Collection<Class<?>> subcommandsFor(String[] args) {
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

    @Option(names = "--host-root", hidden = true, defaultValue = "${env:JTOP_HOST_ROOT:-" + DEFAULT_HOST_ROOT + "}",
            description = "Read /proc and /sys under this directory instead of / (for fixture trees).")
    Path hostRoot;

    @Option(names = "--root", paramLabel = "DIR", defaultValue = "${env:JTOP_ROOT:-" + DEFAULT_STORE + "}",
            description = "jtop's image and container store (default: $JTOP_ROOT or /var/lib/jtop).")
    Path storeRoot;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--readonly", description = "Full-screen UI: watch only; every action is refused.")
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

    /** {@code jtop} alone: the full-screen UI. */
    @Override
    public Integer call() throws Exception {
        // The host is wired on a thread of its own from the start: the UI's first frame waits for
        // it, not for the config file, the theme or the terminal's set-up, which go on meanwhile.
        Host[] host = new Host[1];
        java.util.concurrent.FutureTask<Sources> wiring = new java.util.concurrent.FutureTask<>(() -> {
            Host h = openHost(Host.CONTINUOUS_FULL_EVERY, 0);
            host[0] = h;
            return new Sources(h.root, h.backend, h.sampler, h.inspector(), h.proc, h.cgroup,
                    h::problems, (c, namespaces) -> shellArgv(c.id(), namespaces));
        });
        Thread wirer = new Thread(wiring, "jtop-wiring");
        wirer.setDaemon(true);
        wirer.start();
        // The terminal is set up (an stty child) meanwhile too; it is given back if the config fails.
        App.TerminalAhead terminal = rehearse ? null : App.TerminalAhead.open();
        Map<String, String> env = System.getenv();
        UiConfig config;
        long interval;
        io.jtop.ui.theme.Theme colours;
        boolean ran = false;
        try {
            config = UiConfig.load(UiConfig.location(env));
            interval = delay != null ? Intervals.parseMillis(delay)
                    : config.intervalMillis() != null ? config.intervalMillis() : DEFAULT_INTERVAL_MILLIS;
            colours = Themes.choose(theme != null ? theme : env.containsKey("NO_COLOR") ? null : config.theme(), env);
        } catch (IOException | RuntimeException e) {
            if (terminal != null) {
                terminal.abandon(); // the tty gets its settings back before the message
            }
            if (e instanceof IllegalArgumentException) {
                throw new CommandLine.ParameterException(spec == null ? new CommandLine(CommandLine.Model.CommandSpec.create())
                        : spec.commandLine(), e.getMessage());
            }
            throw e;
        }
        App.Options options = new App.Options(colours, config, interval, readonly, all);
        java.util.concurrent.Callable<Sources> wired = () -> {
            try {
                return wiring.get();
            } catch (java.util.concurrent.ExecutionException e) {
                throw e.getCause() instanceof Exception x ? x : e;
            }
        };
        try {
            if (rehearse) {
                // The archive should serve 'jtop ps' as well as the screen: one run of each.
                PrintWriter none = new PrintWriter(java.io.Writer.nullWriter());
                run(new String[] {"ps", "--json", "-d", "0"}, none, none);
                App.rehearse(wired.call(), options);
                return 0;
            }
            ran = true;
            return App.run(wired, options, terminal);
        } finally {
            if (!ran && terminal != null) {
                terminal.abandon();
            }
            wirer.join(2000); // a failure above may come while it still wires: let it finish, then close
            if (host[0] != null) {
                host[0].close();
            }
        }
    }

    static final long DEFAULT_INTERVAL_MILLIS = 1000;

    /** {@code jtop shell ID --ns NS} as a child of this JVM: the same java, jar and stores. */
    private List<String> shellArgv(String id, String namespaces) {
        List<String> argv = new ArrayList<>();
        argv.add(ProcessHandle.current().info().command().orElse("java"));
        argv.add("-XX:TieredStopAtLevel=1");
        argv.add("-XX:+UseSerialGC");
        argv.add("-cp");
        argv.add(System.getProperty("java.class.path"));
        argv.add(Main.class.getName());
        argv.add("--root=" + storeRoot);
        argv.add("--run-dir=" + runDir);
        argv.add("--host-root=" + hostRoot);
        argv.add("shell");
        argv.add(id);
        argv.add("--ns=" + namespaces);
        return argv;
    }

    @Option(names = "--run-dir", hidden = true, defaultValue = "${env:JTOP_RUN:-" + DEFAULT_RUN + "}",
            description = "Run-time files (conmon sockets, exit files, runc state).")
    Path runDir;

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

    /** jtop's own runtime, for the commands that act on its containers. */
    io.jtop.backend.local.LocalRuntime runtime(String runtime) {
        return new io.jtop.backend.local.LocalRuntime(storeRoot, runDir, RunCommand.runtimePath(runtime),
                hostRoot.resolve("proc"));
    }

    static final String DEFAULT_HOST_ROOT = "/";
    static final String DEFAULT_STORE = "/var/lib/jtop";
    static final String DEFAULT_RUN = "/run/jtop";

    public static void main(String[] args) {
        Host.exitsAfterCommand = true;
        PrintWriter out = new PrintWriter(System.out, true);
        PrintWriter err = new PrintWriter(System.err, true);
        PsCommand.Plain ps = PsCommand.plain(args);
        System.exit(args.length == 0 ? screen(err) : ps != null ? ps(ps, out, err) : run(args, out, err));
    }

    /** A plain {@code jtop ps} ({@link PsCommand#plain}) without picocli; same defaults, same failures. */
    static int ps(PsCommand.Plain options, PrintWriter out, PrintWriter err) {
        try {
            return PsCommand.run(withDefaults(), options.all(), options.json(), options.millis(), out, err);
        } catch (Exception e) {
            return failure(e, err);
        } finally {
            out.flush();
            err.flush();
        }
    }

    /** jtop's options as their defaults (and the environment) set them, as picocli would. */
    private static Main withDefaults() {
        Main m = new Main();
        Map<String, String> env = System.getenv();
        m.hostRoot = Path.of(env.getOrDefault("JTOP_HOST_ROOT", DEFAULT_HOST_ROOT));
        m.storeRoot = Path.of(env.getOrDefault("JTOP_ROOT", DEFAULT_STORE));
        m.runDir = Path.of(env.getOrDefault("JTOP_RUN", DEFAULT_RUN));
        return m;
    }

    /**
     * {@code jtop} alone, without picocli: building the command line of every subcommand costs
     * ~0.2 s before the first frame, and there is nothing to parse. Same defaults, same errors.
     */
    static int screen(PrintWriter err) {
        Main m = withDefaults();
        try {
            return m.call();
        } catch (CommandLine.ParameterException e) {
            err.println("jtop: " + e.getMessage());
            err.println("Try 'jtop --help' for more information.");
            return 2;
        } catch (Exception e) {
            return failure(e, err);
        }
    }

    /** Runs a command line with the given streams; returns the exit code (0 ok, 1 failure, 2 usage). */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        return run(args, out, err, subcommandsFor(args));
    }

    /** {@link #run} with these subcommands registered. */
    static int run(String[] args, PrintWriter out, PrintWriter err, java.util.Collection<Class<?>> subcommands) {
        CommandLine cl = new CommandLine(new Main());
        for (Class<?> c : subcommands) {
            cl.addSubcommand(c);
        }
        // Everything after the image belongs to the container's command, options included.
        for (String name : List.of("run", "exec")) {
            CommandLine sub = cl.getSubcommands().get(name);
            if (sub != null) {
                sub.setStopAtPositional(true);
            }
        }
        cl.setOut(out);
        cl.setErr(err);
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> failure(ex, commandLine.getErr()));
        cl.setParameterExceptionHandler((ex, a) -> {
            CommandLine c = ex.getCommandLine();
            c.getErr().println("jtop: " + ex.getMessage());
            c.getErr().println("Try '" + c.getCommandSpec().qualifiedName() + " --help' for more information.");
            return 2;
        });
        int code = cl.execute(args);
        out.flush();
        err.flush();
        return code;
    }

    /** One line for a command that failed (exit 1); the stack trace only with JTOP_DEBUG. */
    static int failure(Exception ex, PrintWriter err) {
        if (ex instanceof Lookup.NoMatch || ex instanceof IllegalStateException
                || ex instanceof IllegalArgumentException || ex instanceof UnsupportedOperationException) {
            err.println("jtop: " + ex.getMessage());
        } else if (ex instanceof java.io.IOException) {
            err.println("jtop: " + describe((java.io.IOException) ex));
        } else {
            err.println("jtop: internal error: " + ex);
            if (System.getenv("JTOP_DEBUG") != null) {
                ex.printStackTrace(err);
            } else {
                err.println("jtop: set JTOP_DEBUG=1 for details");
            }
        }
        return 1;
    }

    /** One line for an I/O failure: what went wrong and on which file. */
    static String describe(java.io.IOException e) {
        if (e instanceof java.nio.file.AccessDeniedException a) {
            return "permission denied: " + a.getFile() + (Output.isRoot() ? "" : " (run as root)");
        }
        if (e instanceof java.nio.file.NoSuchFileException n) {
            return "no such file or directory: " + n.getFile();
        }
        if (e instanceof java.nio.file.FileSystemException f && f.getReason() != null) {
            return f.getReason() + ": " + f.getFile();
        }
        return e.getMessage() == null ? e.toString() : e.getMessage();
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
