package io.jtop.cli;

import io.jtop.metrics.Snapshot;
import io.jtop.record.Frames;
import io.jtop.text.TerminalText;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.FileSystemException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;

/** {@code jtop record FILE}: every container's figures each interval, appended to a recording. */
@Command(name = "record", mixinStandardHelpOptions = true,
        description = "Record every container's figures and state each interval into FILE (format in README); "
                + "read it back with 'jtop replay'.")
final class RecordCommand implements Callable<Integer> {

    @ParentCommand
    Main main;

    @Option(names = {"-d", "--delay"}, paramLabel = "SECONDS", defaultValue = "1",
            description = "Seconds between samples (default: ${DEFAULT-VALUE}).")
    double delay;

    @Option(names = "--retain", paramLabel = "DURATION",
            description = "Keep about this much history (e.g. 90s, 30m, 6h, 7d): FILE rotates into FILE.1 … FILE."
                    + RecordFile.SEGMENTS + ", each a quarter of it, and the oldest is dropped.")
    String retain;

    @Parameters(index = "0", paramLabel = "FILE", description = "The recording, created or continued.")
    Path file;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        if (!(delay >= 0.1 && delay <= 3600)) {
            throw new ParameterException(spec.commandLine(), "-d must be between 0.1 and 3600 seconds, not " + delay);
        }
        Duration keep = null;
        if (retain != null) {
            keep = duration(retain);
            if (keep == null) {
                throw new ParameterException(spec.commandLine(), "--retain must be a duration such as 90s, 30m, 6h "
                        + "or 7d, not '" + TerminalText.line(retain) + "'");
            }
        }
        PrintWriter err = spec.commandLine().getErr();
        long period = Math.round(delay * 1e9);
        try (Host host = main.openHost(Host.CONTINUOUS_FULL_EVERY);
             RecordFile out = open(keep)) {
            // A recording keeps no breakdown figures: their files are left unread.
            host.sampler.readBreakdown(false);
            host.sampler.sample(host.backend.list(true));
            long due = System.nanoTime();
            while (true) {
                due = TopCommand.nextDue(due, System.nanoTime(), period);
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                }
                Snapshot snap = host.sampler.sample(host.backend.list(true));
                try {
                    out.append(snap);
                } catch (IOException e) {
                    Failures.say("cannot write " + file + ": " + reason(e) + " (what was recorded before reads)", err);
                    return 1;
                }
            }
        } catch (IOException e) {
            Failures.say("cannot record to " + file + ": " + reason(e), err);
            return 1;
        } catch (Frames.Unreadable e) {
            Failures.say(file + ": " + e.getMessage() + "; jtop record continues only its own recordings", err);
            return 1;
        }
    }

    private RecordFile open(Duration keep) throws IOException, Frames.Unreadable {
        return new RecordFile(file, keep);
    }

    private static String reason(IOException e) {
        return e instanceof FileSystemException f && f.getReason() != null ? f.getReason()
                : Failures.describe(e);
    }

    /** {@code 90s}, {@code 30m}, {@code 6h}, {@code 7d}, at least a second; null for anything else. */
    static Duration duration(String s) {
        if (!s.matches("[1-9][0-9]{0,8}[smhd]")) {
            return null;
        }
        long n = Long.parseLong(s.substring(0, s.length() - 1));
        return switch (s.charAt(s.length() - 1)) {
            case 's' -> Duration.ofSeconds(n);
            case 'm' -> Duration.ofMinutes(n);
            case 'h' -> Duration.ofHours(n);
            default -> Duration.ofDays(n);
        };
    }
}
