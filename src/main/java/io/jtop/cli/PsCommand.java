package io.jtop.cli;

import io.jtop.metrics.Snapshot;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

import java.io.PrintWriter;
import java.util.ArrayList;
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

    @picocli.CommandLine.Mixin
    Window window;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        long millis = window.millis();
        PrintWriter out = spec.commandLine().getOut();
        try (Host host = main.openHost()) {
            Snapshot snap = TopCommand.measure(host, millis, all);
            print(out, snap, json);
            Output.hiddenNotice(spec.commandLine().getErr(), snap.hidden(), !host.files.deniedPaths().isEmpty());
            Output.backendProblems(spec.commandLine().getErr(), host);
        }
        return 0;
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
        out.sort(java.util.Comparator.comparing((Snapshot.Row r) -> r.container().startedAt(),
                        java.util.Comparator.nullsLast(java.util.Comparator.reverseOrder()))
                .thenComparing(r -> r.container().id()));
        return out;
    }
}
