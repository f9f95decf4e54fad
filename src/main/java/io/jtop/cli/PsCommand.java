package io.jtop.cli;

import io.jtop.metrics.Grouping;
import io.jtop.metrics.Snapshot;
import io.jtop.text.TerminalText;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code jtop ps}: every container on the host with its figures, as a table or JSON. */
@Command(name = "ps", mixinStandardHelpOptions = true,
        description = "List containers of every runtime, with CPU, memory and pids from the cgroup files.")
final class PsCommand implements Callable<Integer> {

    @ParentCommand
    Main main;

    @Option(names = {"-a", "--all"}, description = "Also show created and exited containers where a runtime keeps them.")
    boolean all;

    @Option(names = "--json", description = "Print a JSON array (schema in README).")
    boolean json;

    @Option(names = "--group", paramLabel = "pod|runtime|image",
            description = "Group the rows: by pod (Kubernetes, Podman) or Compose project, by runtime or by image; "
                    + "each group's line has its members' sums, or its pod cgroup's figures and limits.")
    String group;

    @Mixin
    Window window;

    @Spec
    CommandSpec spec;

    /** {@link Window}'s default, 0.5 s. */
    static final long DEFAULT_MILLIS = 500;

    @Override
    public Integer call() throws InterruptedException {
        Grouping grouping = Grouping.NONE;
        if (group != null) {
            grouping = Grouping.of(group);
            if (grouping == null) {
                throw new ParameterException(spec.commandLine(),
                        "--group must be pod, runtime or image, not '" + TerminalText.line(group) + "'");
            }
        }
        return run(main, all, json, grouping, window.millis(), spec.commandLine().getOut(),
                spec.commandLine().getErr());
    }

    /** The command, once its options are known: from picocli, or from {@link #plain} without it. */
    static int run(Main main, boolean all, boolean json, Grouping grouping, long millis, PrintWriter out,
                   PrintWriter err) throws InterruptedException {
        try (Host host = main.openHost()) {
            host.sampler.readPodCgroups(grouping == Grouping.POD);
            Snapshot snap = TopCommand.measure(host, millis, all);
            if (grouping == Grouping.NONE) {
                print(out, snap, json);
            } else {
                GroupedPs.print(out, snap, grouping, json);
            }
            Output.notices(err, snap.hidden(), host);
        }
        return 0;
    }

    /**
     * A plain {@code ps} line ({@code ps [-a|--all] [--json] [-d|--delay SECONDS]}, each at most
     * once, the seconds a plain decimal from 0 to 60); null for anything else (e.g. {@code --group}),
     * which picocli then parses. picocli's classes are compiled for Java 5, which the start-up archive cannot hold:
     * parsing with it would load them from the jar at every {@code ps}.
     */
    static Plain plain(String[] args) {
        if (args.length == 0 || !args[0].equals("ps")) {
            return null;
        }
        boolean all = false, json = false;
        Long millis = null;
        for (int i = 1; i < args.length; i++) {
            switch (args[i]) {
                case "-a", "--all" -> {
                    if (all) {
                        return null;
                    }
                    all = true;
                }
                case "--json" -> {
                    if (json) {
                        return null;
                    }
                    json = true;
                }
                case "-d", "--delay" -> {
                    if (millis != null || i + 1 >= args.length || !args[i + 1].matches("[0-9]{1,2}(\\.[0-9]{1,3})?")) {
                        return null;
                    }
                    double seconds = Double.parseDouble(args[++i]);
                    if (seconds > 60) {
                        return null;
                    }
                    millis = Math.round(seconds * 1000);
                }
                default -> {
                    return null;
                }
            }
        }
        return new Plain(all, json, millis != null ? millis : DEFAULT_MILLIS);
    }

    /** The options of a plain {@code ps} line. */
    record Plain(boolean all, boolean json, long millis) {
    }

    static void print(PrintWriter out, Snapshot snap, boolean json) {
        List<Snapshot.Row> sorted = newestFirst(snap.rows());
        if (json) {
            List<Map<String, Object>> rows = new ArrayList<>();
            for (Snapshot.Row r : sorted) {
                rows.add(Views.psJson(r));
            }
            out.println(Output.json(rows, true));
        } else {
            out.print(Views.psTable(sorted, snap.time()).render());
        }
        out.flush();
    }

    /** Newest container first, as docker ps; unknown start times last, then by id. */
    static List<Snapshot.Row> newestFirst(List<Snapshot.Row> rows) {
        List<Snapshot.Row> out = new ArrayList<>(rows);
        out.sort(Comparator.comparing((Snapshot.Row r) -> r.container().startedAt(),
                        Comparator.nullsLast(Comparator.reverseOrder()))
                .thenComparing(r -> r.container().id()));
        return out;
    }
}
