package io.jtop.cli;

import io.jtop.linux.proc.Terminals;
import io.jtop.ui.Format;
import io.jtop.backend.local.LocalRuntime;
import io.jtop.container.Container;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;

/** {@code jtop exec} and {@code jtop shell}. */
final class ShellCommands {

    /** The namespaces {@code --ns} names, as /proc/PID/ns does; nsenter's option is --NAME (--mount for mnt). */
    private static final List<String> NAMESPACES = List.of("mnt", "uts", "ipc", "net", "pid", "cgroup", "user", "time");

    /** What {@code --ns all} enters. */
    static final List<String> ALL = List.of("--all");

    private ShellCommands() {
    }

    @Command(name = "exec", mixinStandardHelpOptions = true, description = "Run a command in a running jtop container.")
    static final class Exec implements Callable<Integer> {
        @ParentCommand
        Main main;

        @Option(names = {"-i", "--interactive"}, description = "Keep stdin open (it always is: the command gets this terminal).")
        boolean interactive;

        @Option(names = {"-t", "--tty"}, description = "Give the command a pseudo-terminal.")
        boolean tty;

        @Parameters(index = "0", paramLabel = "CONTAINER")
        String container;

        @Parameters(index = "1..*", arity = "1..*", paramLabel = "CMD")
        List<String> command = new ArrayList<>();

        @Override
        public Integer call() throws Exception {
            return main.runtime(null).exec(container, tty, command);
        }
    }

    /**
     * nsenter's options for {@code --ns}: {@code all}, or a comma list of namespace names.
     *
     * @throws IllegalArgumentException with the one line a user sees for anything else
     */
    static List<String> nsenterFlags(String ns) {
        if (ns.equals("all")) {
            return ALL;
        }
        Set<String> flags = new LinkedHashSet<>();
        for (String name : ns.split(",", -1)) {
            if (!NAMESPACES.contains(name)) {
                throw new IllegalArgumentException("--ns takes 'all' or a comma list of "
                        + String.join(",", NAMESPACES) + ", not '" + ns + "'");
            }
            flags.add(name.equals("mnt") ? "--mount" : "--" + name);
        }
        return List.copyOf(flags);
    }

    /**
     * The command that runs a shell in {@code pid}'s namespaces: {@code containerShell} (from the
     * container's file system) when its mount namespace is entered, else {@code hostShell}.
     */
    static List<String> nsenterArgv(int pid, List<String> flags, String containerShell, String hostShell) {
        List<String> argv = new ArrayList<>(List.of("nsenter", "--target", Integer.toString(pid)));
        argv.addAll(flags);
        argv.add(flags.equals(ALL) || flags.contains("--mount") ? containerShell : hostShell);
        return argv;
    }

    @Command(name = "shell", mixinStandardHelpOptions = true,
            description = "An interactive shell in any container: runc exec for jtop's own, nsenter (from the host's "
                    + "util-linux) into all namespaces of the container's init for the others (Docker and Podman too), "
                    + "running root's login shell from the container's /etc/passwd (else /bin/sh); with --ns, "
                    + "nsenter into those namespaces only, for every container.")
    static final class Shell implements Callable<Integer> {
        @ParentCommand
        Main main;

        @Parameters(paramLabel = "CONTAINER")
        String container;

        @Option(names = "--ns", paramLabel = "LIST", defaultValue = "all",
                description = "Namespaces to enter: all (default), or a comma list of mnt, uts, ipc, net, pid, "
                        + "cgroup, user, time. Without mnt the shell is the host's ($SHELL, else /bin/sh).")
        String ns;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            List<String> flags;
            try {
                flags = nsenterFlags(ns);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
            }
            boolean tty = Terminals.onTerminal();
            LocalRuntime rt = main.runtime(null);
            if (flags.equals(ALL) && rt.knows(container)) {
                return rt.exec(container, tty, List.of("/bin/sh"));
            }
            Container c;
            try (Host host = main.openHost()) {
                c = Resolver.resolve(host, container, spec.commandLine().getErr());
            }
            if (c.pid() <= 0) {
                throw new IllegalStateException(Format.text(c.name()) + " has no running process to enter");
            }
            String hostShell = System.getenv("SHELL");
            // Root's login shell from the container's own /etc/passwd (bash where the image has it).
            String containerShell = LoginShell.forRoot(main.hostRoot.resolve("proc"), c.pid());
            Process p = new ProcessBuilder(nsenterArgv(c.pid(), flags, containerShell,
                    hostShell == null || hostShell.isBlank() ? "/bin/sh" : hostShell))
                    .inheritIO().start();
            return p.waitFor();
        }
    }
}
