package io.jtop.cli;

import io.jtop.ui.Format;
import io.jtop.backend.local.LocalRuntime;
import io.jtop.container.Container;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code jtop exec} and {@code jtop shell}. */
final class ShellCommands {

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

    @Command(name = "shell", mixinStandardHelpOptions = true,
            description = "An interactive shell in any container: runc exec for jtop's own, nsenter (from the host's "
                    + "util-linux) into all namespaces of the container's init for the others.")
    static final class Shell implements Callable<Integer> {
        @ParentCommand
        Main main;

        @Parameters(paramLabel = "CONTAINER")
        String container;

        @Override
        public Integer call() throws Exception {
            boolean tty = System.console() != null;
            LocalRuntime rt = main.runtime(null);
            if (rt.knows(container)) {
                return rt.exec(container, tty, List.of("/bin/sh"));
            }
            Container c;
            try (Host host = main.openHost()) {
                c = Resolver.resolve(host.backend.list(false), container);
            }
            if (c.pid() <= 0) {
                throw new IllegalStateException(Format.text(c.name()) + " has no running process to enter");
            }
            // nsenter is the host's binary; the shell it starts is the container's, inside its mount namespace.
            Process p = new ProcessBuilder("nsenter", "--target", Integer.toString(c.pid()), "--all", "/bin/sh")
                    .inheritIO().start();
            return p.waitFor();
        }
    }
}
