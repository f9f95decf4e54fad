package io.jtop.cli;

import io.jtop.backend.local.LocalRuntime;
import io.jtop.container.Container;
import io.jtop.container.Loggable;

import io.jtop.engine.lifecycle.LogFiles;
import io.jtop.engine.lifecycle.LogReader;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code jtop logs}, once its options are known: from picocli ({@link ContainerCommands.Logs}) or
 * from {@link #plain} without it. No picocli type is named here: picocli's classes cannot be held by
 * the start-up archive, and parsing with them costs a cold {@code logs --tail} more than reading the
 * log does.
 */
final class LogsRun {

    /** What {@link #tailLines} answers for a text that is neither a count nor {@code all}. */
    static final int NOT_A_COUNT = Integer.MIN_VALUE;

    private LogsRun() {
    }

    /** The options of a plain {@code logs} line. */
    record Plain(String container, int tail, boolean follow, boolean timestamps) {
    }

    /**
     * A plain {@code logs} line ({@code logs [-f] [-t] [-n|--tail N|all] CONTAINER}, each option at most
     * once, flags not bundled); null for anything else, which picocli then parses.
     */
    static Plain plain(String[] args) {
        if (args.length < 2 || !args[0].equals("logs")) {
            return null;
        }
        String container = null;
        Integer tail = null;
        boolean follow = false;
        boolean timestamps = false;
        for (int i = 1; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "-f", "--follow" -> {
                    if (follow) {
                        return null;
                    }
                    follow = true;
                }
                case "-t", "--timestamps" -> {
                    if (timestamps) {
                        return null;
                    }
                    timestamps = true;
                }
                case "-n", "--tail" -> {
                    if (tail != null || i + 1 >= args.length || tailLines(args[i + 1]) == NOT_A_COUNT) {
                        return null;
                    }
                    tail = tailLines(args[++i]);
                }
                default -> {
                    if (a.startsWith("-") || container != null) {
                        return null;
                    }
                    container = a;
                }
            }
        }
        return container == null ? null : new Plain(container, tail == null ? -1 : tail, follow, timestamps);
    }

    /** {@code --tail}: a count, every line (-1) for {@code all}, or {@link #NOT_A_COUNT}. */
    static int tailLines(String tail) {
        if (tail.equals("all")) {
            return -1;
        }
        if (!tail.matches("[0-9]{1,9}")) {
            return NOT_A_COUNT;
        }
        return Integer.parseInt(tail);
    }

    /**
     * For the start-up archive's training run ({@code --rehearse}): reads a small log from its end and
     * prints it nowhere, as {@code logs --tail} does, so that the classes it needs are archived.
     */
    static void rehearse() {
        try {
            Path dir = Files.createTempDirectory("jtop-rehearse-logs");
            try {
                Files.writeString(LogFiles.current(dir), "2026-01-01T00:00:00.000000001+00:00 stdout P re\n"
                        + "2026-01-01T00:00:00.000000002+00:00 stdout F hearsal\n");
                try (LogReader r = new LogReader(LogFiles.kept(dir), LogFiles.current(dir));
                     LogPrinter p = new LogPrinter(OutputStream.nullOutputStream(), OutputStream.nullOutputStream(),
                             false)) {
                    r.skipToLast(5);
                    r.read(p);
                }
            } finally {
                Files.deleteIfExists(LogFiles.current(dir));
                Files.delete(dir);
            }
        } catch (IOException e) {
            // a training run that could not write a temp file only archives less
        }
    }

    /** Prints the container's output; 0, or an exception for {@link Failures}. */
    static int run(Main main, String container, int tail, boolean follow, boolean timestamps) throws Exception {
        LocalRuntime rt = main.runtime(null);
        try (LogPrinter printer = LogPrinter.of(main.console, timestamps)) {
            if (rt.knows(container)) {
                rt.logs(container, tail, follow, printer);
            } else {
                try (Host host = main.openHost()) {
                    Container c = Resolver.resolve(host, container, main.console.err);
                    host.backend.require(c, Loggable.class, follow ? "followed for logs" : "read for logs")
                            .logs(c, tail, follow, printer::line);
                }
            }
        } catch (LogPrinter.OutputClosed e) {
            return 0; // whoever read the output stopped reading (e.g. head): nothing to tell them
        } catch (UncheckedIOException e) {
            if (e.getCause() instanceof LogPrinter.OutputClosed) {
                return 0;
            }
            throw e;
        }
        return 0;
    }
}
