package io.jtop.cli;

import io.jtop.ui.Format;
import io.jtop.container.Container;
import io.jtop.metrics.Snapshot;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code jtop top -b}: one snapshot per interval, like {@code top -b}, as text or one JSON object a line. */
@Command(name = "top", mixinStandardHelpOptions = true,
        description = "Print a snapshot of every container each interval (batch mode, for scripts and logs).")
final class TopCommand implements Callable<Integer> {

    /** How many times a sample that left out an ended container is taken again. */
    private static final int RELISTS = 5;

    @ParentCommand
    Main main;

    @Option(names = {"-b", "--batch"}, description = "Batch mode: plain output, no screen control (required for now).")
    boolean batch;

    @Option(names = {"-n", "--iterations"}, paramLabel = "COUNT", defaultValue = "0",
            description = "Stop after COUNT snapshots (default: run until interrupted).")
    int count;

    @Option(names = {"-d", "--delay"}, paramLabel = "SECONDS", defaultValue = "1",
            description = "Seconds between snapshots (default: ${DEFAULT-VALUE}).")
    double delay;

    @Option(names = "--json", description = "One JSON object per line: {\"time\": …, \"containers\": [ps objects]}.")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        if (!batch) {
            throw new ParameterException(spec.commandLine(), "only batch mode exists yet: use 'jtop top -b'");
        }
        if (count < 0) {
            throw new ParameterException(spec.commandLine(), "-n must be 0 (forever) or more, not " + count);
        }
        if (delay < 0.1 || delay > 3600) {
            throw new ParameterException(spec.commandLine(), "-d must be between 0.1 and 3600 seconds, not " + delay);
        }
        PrintWriter out = spec.commandLine().getOut();
        long period = Math.round(delay * 1e9);
        try (Host host = main.openHost(Host.CONTINUOUS_FULL_EVERY)) {
            host.sampler.sample();
            long due = System.nanoTime();
            boolean noticed = false;
            for (int i = 0; count == 0 || i < count; i++) {
                due = nextDue(due, System.nanoTime(), period);
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                }
                Snapshot snap = host.sampler.sample();
                if (json) {
                    Map<String, Object> line = new LinkedHashMap<>();
                    line.put("time", snap.time().toString());
                    List<Map<String, Object>> rows = new ArrayList<>();
                    PsCommand.newestFirst(snap.rows()).forEach(r -> rows.add(Views.psJson(r)));
                    line.put("containers", rows);
                    out.println(Output.json(line, false));
                } else {
                    if (i > 0) {
                        out.println();
                    }
                    out.println(header(host, snap));
                    out.print(Views.psTable(PsCommand.newestFirst(snap.rows()), snap.time()).render());
                }
                out.flush();
                if (!noticed) {
                    Output.notices(spec.commandLine().getErr(), snap.hidden(), host);
                    noticed = true;
                }
            }
        }
        return 0;
    }

    /**
     * When the next snapshot is due, all in {@link System#nanoTime} ns. At a fixed rate, one period
     * after the last was due, so the time a tick takes does not push the next one back; but after
     * a tick that overran its period, one period from now, not at once: a snapshot taken at once
     * would measure CPU % over the sliver of time since the overrun tick's reads, in which a
     * container under a CPU quota shows 0 % or 100 % by chance (it ran, or was throttled, then).
     */
    static long nextDue(long due, long now, long period) {
        long next = due + period;
        return next - now > 0 ? next : now + period;
    }

    /** A top-like first line: time, uptime, load, containers by state, cgroup version. */
    static String header(Host host, Snapshot snap) {
        String time = LocalTime.ofInstant(snap.time(), ZoneId.systemDefault())
                .format(DateTimeFormatter.ofPattern("HH:mm:ss"));
        double up = host.proc.uptimeSeconds();
        double[] load = host.proc.loadAverage();
        long running = snap.rows().stream().filter(r -> r.container().state().label().equals("running")).count();
        long paused = snap.rows().stream().filter(r -> r.container().state().label().equals("paused")).count();
        return String.format(Locale.ROOT, "jtop - %s up %s, load average: %s, containers: %d total, %d running, %d paused, cgroup v%d",
                time, up < 0 ? "-" : Format.age(Duration.ofSeconds((long) up)),
                load == null ? "-" : String.format(Locale.ROOT, "%.2f, %.2f, %.2f", load[0], load[1], load[2]),
                snap.rows().size(), running, paused, host.cgroup.version());
    }

    /**
     * Two samples {@code millis} apart, so rates and CPU % exist; one sample for a window of 0 (no
     * rates, no CPU %). A container whose processes all ended between its listing and its sample
     * is left out of the sample: the backends are then asked again, a few times at most, so that
     * one that keeps exited containers shows it exited ({@code jtop kill X; jtop ps -a}), not
     * missing.
     */
    static Snapshot measure(Host host, long millis, boolean all) throws InterruptedException {
        if (millis > 0) {
            host.sampler.sample(host.backend.list(all));
            Thread.sleep(millis);
        }
        Snapshot snap;
        int asked = 0;
        do {
            List<Container> listed = host.backend.list(all);
            snap = host.sampler.sample(listed);
            if (snap.rows().size() == listed.size()) {
                break; // every container listed has its row
            }
        } while (++asked < RELISTS);
        return snap;
    }
}
