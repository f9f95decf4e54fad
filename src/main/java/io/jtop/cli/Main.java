package io.jtop.cli;

import io.jtop.container.Lookup;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code jtop}: the entry point. Subcommands are the scriptable face of every action. */
@Command(name = "jtop", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "A top-like container manager: every container on the host, live from the cgroup files.",
        subcommands = {PsCommand.class, InspectCommand.class, TopCommand.class, ImageCommands.Images.class,
                ImageCommands.ImageGroup.class, RunCommand.class, ContainerCommands.Stop.class,
                ContainerCommands.Kill.class, ContainerCommands.Pause.class, ContainerCommands.Unpause.class,
                ContainerCommands.Remove.class, ContainerCommands.Logs.class, ShellCommands.Exec.class,
                ShellCommands.Shell.class, ContainerCommands.Restart.class, DemoCommand.class})
public final class Main implements Callable<Integer> {

    @Option(names = "--host-root", hidden = true, defaultValue = "${env:JTOP_HOST_ROOT:-/}",
            description = "Read /proc and /sys under this directory instead of / (for fixture trees).")
    Path hostRoot;

    @Option(names = "--root", paramLabel = "DIR", defaultValue = "${env:JTOP_ROOT:-/var/lib/jtop}",
            description = "jtop's image and container store (default: $JTOP_ROOT or /var/lib/jtop).")
    Path storeRoot;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        // The full-screen UI arrives with its own issue; until then, say what works.
        spec.commandLine().getOut().println("jtop: the full-screen UI is not built yet; try 'jtop ps' or 'jtop top -b'.");
        spec.commandLine().usage(spec.commandLine().getOut());
        return 0;
    }

    @Option(names = "--run-dir", hidden = true, defaultValue = "${env:JTOP_RUN:-/run/jtop}",
            description = "Run-time files (conmon sockets, exit files, runc state).")
    Path runDir;

    Host openHost() {
        return new Host(hostRoot, 1, storeRoot, runDir);
    }

    Host openHost(int fullEvery) {
        return new Host(hostRoot, fullEvery, storeRoot, runDir);
    }

    /** jtop's own runtime, for the commands that act on its containers. */
    io.jtop.backend.local.LocalRuntime runtime(String runtime) {
        return new io.jtop.backend.local.LocalRuntime(storeRoot, runDir, RunCommand.runtimePath(runtime),
                hostRoot.resolve("proc"));
    }

    public static void main(String[] args) {
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs a command line with the given streams; returns the exit code (0 ok, 1 failure, 2 usage). */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cl = new CommandLine(new Main());
        // Everything after the image belongs to the container's command, options included.
        cl.getSubcommands().get("run").setStopAtPositional(true);
        cl.getSubcommands().get("exec").setStopAtPositional(true);
        cl.setOut(out);
        cl.setErr(err);
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            if (ex instanceof Lookup.NoMatch || ex instanceof IllegalStateException
                    || ex instanceof IllegalArgumentException) {
                commandLine.getErr().println("jtop: " + ex.getMessage());
            } else if (ex instanceof java.io.IOException) {
                commandLine.getErr().println("jtop: " + describe((java.io.IOException) ex));
            } else {
                commandLine.getErr().println("jtop: internal error: " + ex);
                if (System.getenv("JTOP_DEBUG") != null) {
                    ex.printStackTrace(commandLine.getErr());
                } else {
                    commandLine.getErr().println("jtop: set JTOP_DEBUG=1 for details");
                }
            }
            return 1;
        });
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
