package io.jtop.cli;

import io.jtop.backend.local.LocalRuntime;
import io.jtop.engine.bundle.RunOptions;
import io.jtop.engine.lifecycle.ContainerRecord;
import io.jtop.engine.lifecycle.LogReader;
import io.jtop.engine.lifecycle.LogOptions;

import java.io.IOException;
import java.util.List;

/**
 * {@code jtop run}, once its options are known: from picocli ({@link RunCommand}) or from
 * {@link #plain} without it. No picocli type is named here: picocli's classes cannot be held by
 * the start-up archive, and building the model of {@code run}'s options with them costs a cold
 * {@code run} more than creating the container does.
 */
final class ContainerRun {

    private ContainerRun() {
    }

    /** The options of a plain {@code run} line; the others are their defaults. */
    record Plain(String name, boolean remove, boolean detach, String image, List<String> command) {
    }

    /**
     * A plain {@code run} line ({@code run [--rm] [-d|--detach] [--name NAME] IMAGE [CMD…]}, each
     * option at most once, before the image); null for anything else, which picocli then parses.
     * Everything after the image is the container's command, as picocli takes it for {@code run}.
     */
    static Plain plain(String[] args) {
        if (args.length < 2 || !args[0].equals("run")) {
            return null;
        }
        String name = null;
        boolean remove = false;
        boolean detach = false;
        for (int i = 1; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--rm" -> {
                    if (remove) {
                        return null;
                    }
                    remove = true;
                }
                case "-d", "--detach" -> {
                    if (detach) {
                        return null;
                    }
                    detach = true;
                }
                case "--name" -> {
                    if (name != null || i + 1 >= args.length || args[i + 1].startsWith("-")) {
                        return null;
                    }
                    name = args[++i];
                }
                default -> {
                    if (a.startsWith("-")) {
                        return null;
                    }
                    return new Plain(name, remove, detach, a, List.of(args).subList(i + 1, args.length));
                }
            }
        }
        return null; // no image
    }

    /** A plain line's options: its name and command, the rest as picocli's defaults leave them. */
    static RunOptions options(Plain p) {
        return RunOptions.builder().name(p.name()).args(p.command().toArray(String[]::new)).build();
    }

    /**
     * Creates and starts the container. With {@code detach}, prints its id; else streams its output
     * until it exits, then removes it with {@code remove}, and returns its exit code.
     */
    static int run(Main main, LocalRuntime rt, String image, RunOptions opts, LogOptions log, boolean detach,
            boolean remove) throws Exception {
        if (detach) {
            main.console.out.println(rt.run(image, opts, log).id());
            return 0;
        }
        // Attached: the log is opened before the container starts, so that all of its output is
        // there even if conmon has replaced a full log file by the time this reads it. Then stream
        // the output until it exits, and exit with its code, whatever became of the output (a
        // reader that went away, a log that could not be read).
        LogReader[] opened = new LogReader[1];
        ContainerRecord r;
        try {
            r = rt.run(image, opts, log, id -> opened[0] = rt.openLog(id));
        } catch (IOException | RuntimeException e) {
            if (opened[0] != null) {
                opened[0].close(); // the container did not start: nothing to read
            }
            throw e;
        }
        try (LogReader reader = opened[0]; LogPrinter printer = LogPrinter.of(main.console, false)) {
            rt.follow(r.id(), reader, printer);
        } catch (LogPrinter.OutputClosed e) {
            // nobody reads the output any more: wait for the exit all the same
        } catch (IOException e) {
            main.console.err.println("jtop: cannot read the output of " + r.name() + " ("
                    + e.getMessage() + "); waiting for it to exit");
        }
        while (!rt.awaitExit(r.id(), 1000)) {
            // still running after its output ended (a log that could not be read)
        }
        int code = rt.get(r.id()).exitCode();
        if (remove) {
            rt.remove(r.id(), true);
        }
        return code;
    }
}
