package io.jtop.cli;

import io.jtop.container.ContainerState;
import io.jtop.metrics.Snapshot;
import io.jtop.record.Frames;
import io.jtop.record.Recording;
import io.jtop.text.TerminalText;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code jtop replay FILE --at TIME ps}: the containers as {@code ps} would have shown them then. */
@Command(name = "replay", mixinStandardHelpOptions = true,
        description = "Read a recording of 'jtop record': 'replay FILE --at TIME ps [--json] [-a]' prints the "
                + "containers as 'ps' would have at that time.")
final class ReplayCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "FILE", description = "The recording (its rotated FILE.1 … read too).")
    Path file;

    @Parameters(index = "1", paramLabel = "ps", arity = "0..1", description = "What to print: ps.")
    String view;

    @Option(names = "--at", paramLabel = "TIME",
            description = "An instant (2026-12-06T03:00:00Z), a local date and time (2026-12-06T03:00:00) or a "
                    + "local time on the recording's last day (03:00, 03:00:05).")
    String at;

    @Option(names = {"-a", "--all"}, description = "Also show the containers that were created or exited then.")
    boolean all;

    @Option(names = "--json", description = "Print ps's JSON array (schema in README).")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        if (view == null || at == null) {
            throw new ParameterException(spec.commandLine(),
                    "only 'jtop replay FILE --at TIME ps [--json]' exists yet (the full-screen replay is to come)");
        }
        if (!view.equals("ps")) {
            throw new ParameterException(spec.commandLine(), "replay prints ps, not '" + TerminalText.line(view) + "'");
        }
        PrintWriter err = spec.commandLine().getErr();
        Recording r;
        try {
            List<byte[]> segments = new ArrayList<>();
            for (Path p : RecordFile.segments(file)) {
                segments.add(Files.readAllBytes(p));
            }
            r = Recording.of(segments);
        } catch (IOException e) {
            Failures.say("cannot read " + file + ": " + Failures.describe(e), err);
            return 1;
        } catch (Frames.Unreadable e) {
            Failures.say(file + ": " + e.getMessage(), err);
            return 1;
        }
        if (r.size() == 0) {
            Failures.say(file + ": nothing recorded yet", err);
            return 1;
        }
        Instant when = time(at, r.time(r.size() - 1));
        if (when == null) {
            throw new ParameterException(spec.commandLine(), "--at must be a time such as 2026-12-06T03:00:00Z, "
                    + "2026-12-06T03:00:00 or 03:00:05, not '" + TerminalText.line(at) + "'");
        }
        int i = r.indexAt(when);
        if (i < 0) {
            Failures.say(file + " starts at " + r.time(0) + ", after " + when, err);
            return 1;
        }
        if (r.damaged() > 0) {
            Failures.say(file + ": " + r.damaged() + " damaged records skipped, and " + r.skipped()
                    + " samples after them", err);
        }
        Snapshot s = r.snapshot(i);
        List<Snapshot.Row> rows = all ? s.rows() : s.rows().stream().filter(ReplayCommand::listed).toList();
        PsCommand.print(spec.commandLine().getOut(), new Snapshot(s.time(), rows, s.hidden()), json);
        return 0;
    }

    /** What {@code ps} without {@code -a} lists: the containers that have processes. */
    private static boolean listed(Snapshot.Row row) {
        ContainerState st = row.container().state();
        return st == ContainerState.RUNNING || st == ContainerState.PAUSED || st == ContainerState.UNKNOWN;
    }

    /** TIME as an instant; a local time is on the day of {@code last}, in this host's zone. */
    static Instant time(String s, Instant last) {
        ZoneId zone = ZoneId.systemDefault();
        try {
            return Instant.parse(s);
        } catch (DateTimeParseException e) {
            // not an instant: a local date and time, or a time of day
        }
        try {
            return LocalDateTime.parse(s).atZone(zone).toInstant();
        } catch (DateTimeParseException e) {
            // not a local date and time
        }
        try {
            return LocalTime.parse(s).atDate(last.atZone(zone).toLocalDate()).atZone(zone).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
