package io.jtop.cli;

import io.jtop.linux.proc.Terminals;
import io.jtop.metrics.Snapshot;
import io.jtop.record.Frames;
import io.jtop.record.Recording;
import io.jtop.text.TerminalText;
import io.jtop.ui.App;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code jtop replay FILE}: the full-screen UI over a recording, read-only, with time travel; and
 * {@code jtop replay FILE --at TIME ps}: the containers as {@code ps} would have shown them then.
 */
@Command(name = "replay", mixinStandardHelpOptions = true,
        description = "Read a recording of 'jtop record': 'replay FILE [--at TIME]' opens the full-screen UI over it "
                + "(read-only; [ ] a tick, { } a minute, t a time); 'replay FILE --at TIME ps [--json] [-a]' prints "
                + "the containers as 'ps' would have at that time.")
final class ReplayCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "FILE", description = "The recording (its rotated FILE.1 … read too).")
    Path file;

    @Parameters(index = "1", paramLabel = "ps", arity = "0..1", description = "What to print: ps.")
    String view;

    @Option(names = "--at", paramLabel = "TIME",
            description = "An instant (2026-12-06T03:00:00Z), a local date and time (2026-12-06T03:00:00) or a "
                    + "local time on the recording's last day (03:00, 03:00:05); the UI opens there (default: "
                    + "the recording's end).")
    String at;

    @Option(names = {"-a", "--all"}, description = "Also show the containers that were created or exited then.")
    boolean all;

    @Option(names = "--json", description = "Print ps's JSON array (schema in README).")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        if (view != null && !view.equals("ps")) {
            throw new ParameterException(spec.commandLine(), "replay prints ps, not '" + TerminalText.line(view) + "'");
        }
        if (view != null && at == null) {
            throw new ParameterException(spec.commandLine(), "'replay FILE ps' needs --at TIME");
        }
        if (view == null && json) {
            throw new ParameterException(spec.commandLine(), "--json is for 'replay FILE --at TIME ps'");
        }
        PrintWriter err = spec.commandLine().getErr();
        RecordingTape tape;
        try {
            tape = RecordingTape.read(file);
        } catch (IOException e) {
            Failures.say("cannot read " + file + ": " + Failures.describe(e), err);
            return 1;
        } catch (Frames.Unreadable e) {
            Failures.say(file + ": " + e.getMessage(), err);
            return 1;
        }
        Recording r = tape.recording();
        if (r.size() == 0 && (view != null || at != null)) {
            Failures.say(file + ": nothing recorded yet", err);
            return 1;
        }
        int i = r.size() - 1;
        if (at != null) {
            Instant when = time(at, r.time(r.size() - 1));
            if (when == null) {
                throw new ParameterException(spec.commandLine(), "--at must be a time such as 2026-12-06T03:00:00Z, "
                        + "2026-12-06T03:00:00 or 03:00:05, not '" + TerminalText.line(at) + "'");
            }
            i = r.indexAt(when);
            if (i < 0) {
                Failures.say(file + " starts at " + r.time(0) + ", after " + when, err);
                return 1;
            }
        }
        if (view == null) {
            return screen(tape, i, err);
        }
        if (r.damaged() > 0) {
            Failures.say(file + ": " + tape.damage(), err);
        }
        Snapshot s = r.snapshot(i);
        List<Snapshot.Row> rows = all ? s.rows() : s.rows().stream().filter(ReplayCommand::listed).toList();
        PsCommand.print(spec.commandLine().getOut(), new Snapshot(s.time(), rows, s.hidden()), json);
        return 0;
    }

    /** The full-screen UI over the recording, at tick {@code index}, until the user quits. */
    private int screen(RecordingTape tape, int index, PrintWriter err) {
        if (!Terminals.onTerminal()) {
            Failures.say("the full-screen replay needs a terminal on stdin and stdout; in scripts use "
                    + "'jtop replay FILE --at TIME ps'", err);
            return 1;
        }
        App.TerminalAhead terminal = App.TerminalAhead.open();
        try {
            App.Options options = Screen.options(null, null, true, all, terminal);
            return App.replay(tape, index, options, terminal);
        } catch (Screen.UsageError e) {
            return Failures.usage(e.getMessage(), "jtop replay", err);
        } catch (Exception e) {
            return Failures.failure(e, err); // the UI gave the terminal back on its way out
        }
    }

    /** What {@code ps} without {@code -a} lists: the containers that have processes. */
    private static boolean listed(Snapshot.Row row) {
        return row.container().state().mayRun();
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
