package io.jtop.cli;

import io.jtop.backend.local.LocalBackend;
import io.jtop.container.Backend;
import io.jtop.container.Container;
import io.jtop.container.Killable;
import io.jtop.container.Lifecycle;
import io.jtop.container.Pausable;
import io.jtop.container.Removable;
import io.jtop.text.TerminalText;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

import java.util.List;
import java.util.concurrent.Callable;

/**
 * Actions on containers: stop, restart, kill, pause, unpause, rm, logs. Each names a container as
 * a listing shows it and acts through the same capability the UI's key does ({@link Backend#require}).
 * jtop's own containers are found in its store (no need to list the host) and acted on through its
 * backend; any other name or id is looked up in the merged list of every backend (Docker, Podman,
 * the cgroup tree), which routes the action to the backend that listed it.
 */
final class ContainerCommands {

    private ContainerCommands() {
    }

    /** What every action shares: the parent command and the containers named. */
    abstract static class Action implements Callable<Integer> {
        @ParentCommand
        Main main;

        @Parameters(paramLabel = "CONTAINER", arity = "1..*", description = "Id, name or unique id prefix.")
        List<String> containers;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            LocalBackend local = new LocalBackend(main.runtime(null));
            Host host = null;
            try {
                for (String q : containers) {
                    Container mine = local.container(q); // its record may be corrupt: rm -f still takes it
                    if (mine != null) {
                        act(local, mine);
                        spec.commandLine().getOut().println(TerminalText.line(mine.displayName()));
                        local.runtime().takeNotes().forEach(n -> Failures.say(n, spec.commandLine().getErr()));
                        continue;
                    }
                    if (host == null) {
                        host = main.openHost();
                    }
                    Container c = Resolver.resolve(host, q, spec.commandLine().getErr());
                    act(host.backend, c);
                    spec.commandLine().getOut().println(c.displayName());
                }
            } finally {
                if (host != null) {
                    host.close();
                }
            }
            return 0;
        }

        /** The action on {@code c}, through the backend that listed it. */
        abstract void act(Backend b, Container c) throws Exception;
    }

    @Command(name = "stop", mixinStandardHelpOptions = true, description = "SIGTERM, then SIGKILL after the grace time.")
    static final class Stop extends Action {
        @Option(names = {"-t", "--time"}, defaultValue = "10", description = "Seconds of grace (default ${DEFAULT-VALUE}).")
        int seconds;

        @Override
        void act(Backend b, Container c) throws Exception {
            b.require(c, Lifecycle.class, "stopped").stop(c, seconds);
        }
    }

    @Command(name = "restart", mixinStandardHelpOptions = true, description = "Stop (with grace) and start again.")
    static final class Restart extends Action {
        @Option(names = {"-t", "--time"}, defaultValue = "10", description = "Seconds of grace (default ${DEFAULT-VALUE}).")
        int seconds;

        @Override
        void act(Backend b, Container c) throws Exception {
            b.require(c, Lifecycle.class, "restarted").restart(c, seconds);
        }
    }

    @Command(name = "kill", mixinStandardHelpOptions = true, description = "Send a signal (default KILL).")
    static final class Kill extends Action {
        @Option(names = {"-s", "--signal"}, defaultValue = "KILL")
        String signal;

        @Override
        void act(Backend b, Container c) throws Exception {
            b.require(c, Killable.class, "signalled").kill(c, signal);
        }
    }

    @Command(name = "pause", mixinStandardHelpOptions = true, description = "Freeze every process of a container.")
    static final class Pause extends Action {
        @Override
        void act(Backend b, Container c) throws Exception {
            b.require(c, Pausable.class, "paused").pause(c);
        }
    }

    @Command(name = "unpause", mixinStandardHelpOptions = true, description = "Thaw a paused container.")
    static final class Unpause extends Action {
        @Override
        void act(Backend b, Container c) throws Exception {
            b.require(c, Pausable.class, "resumed").resume(c);
        }
    }

    @Command(name = "rm", mixinStandardHelpOptions = true,
            description = "Remove a container: mount, cgroup, its OCI runtime's state and files.")
    static final class Remove extends Action {
        @Option(names = {"-f", "--force"}, description = "Kill it first if it runs.")
        boolean force;

        @Override
        void act(Backend b, Container c) throws Exception {
            b.require(c, Removable.class, "removed").remove(c, force);
        }
    }

    @Command(name = "logs", mixinStandardHelpOptions = true, description = "Print a container's output.")
    static final class Logs implements Callable<Integer> {
        @ParentCommand
        Main main;

        @Parameters(paramLabel = "CONTAINER")
        String container;

        @Option(names = {"-n", "--tail"}, paramLabel = "N|all", defaultValue = "all",
                description = "Only the last N lines (default: all).")
        String tail;

        @Option(names = {"-f", "--follow"}, description = "Keep printing until it exits.")
        boolean follow;

        @Option(names = {"-t", "--timestamps"}, description = "Start each line with the time it was logged (RFC 3339).")
        boolean timestamps;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            int lines = LogsRun.tailLines(tail);
            if (lines == LogsRun.NOT_A_COUNT) {
                throw new CommandLine.ParameterException(spec.commandLine(),
                        "--tail takes a number of lines or 'all', not '" + tail + "'");
            }
            return LogsRun.run(main, container, lines, follow, timestamps);
        }
    }
}
