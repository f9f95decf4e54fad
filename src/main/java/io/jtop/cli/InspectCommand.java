package io.jtop.cli;

import io.jtop.container.Lookup;
import io.jtop.container.Container;
import io.jtop.container.Inspectable;
import io.jtop.metrics.Inspection;
import io.jtop.metrics.Mounts;
import io.jtop.metrics.Network;
import io.jtop.metrics.Snapshot;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code jtop inspect}: what the kernel shows of one container. */
@Command(name = "inspect", mixinStandardHelpOptions = true,
        description = "Show a container's namespaces, overlay layers, processes, cgroup paths and limits.")
final class InspectCommand implements Callable<Integer> {

    @ParentCommand
    Main main;

    @Parameters(paramLabel = "CONTAINER", description = "Full id, name, or a unique prefix of the id.")
    String query;

    @Option(names = "--json", description = "Print one JSON object (schema in README).")
    boolean json;

    @Mixin
    Window window;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException, IOException {
        long millis = window.millis();
        PrintWriter out = spec.commandLine().getOut();
        try (Host host = main.openHost()) {
            Container c = resolve(host);
            if (millis > 0) {
                host.sampler.sample(List.of(c)); // the start of the window for CPU % and rates
                Thread.sleep(millis);
            }
            Snapshot snap = host.sampler.sample(List.of(c));
            if (snap.rows().isEmpty()) {
                // It exited since it was listed (its cgroup is gone): looked up again, it is shown exited.
                snap = host.sampler.sample(List.of(resolve(host)));
            }
            if (snap.rows().isEmpty()) {
                throw new Lookup.NoMatch("container '" + query + "' exited while it was being inspected");
            }
            // The row's container: its state as the freezer shows it now, as ps shows it.
            Snapshot.Row row = snap.rows().get(0);
            Inspection i = host.inspector().inspect(row.container(), row.sample());
            Mounts mounts = host.inspector().mounts(row.container());
            Network network = host.inspector().network(row.container());
            InspectEvents events = InspectEvents.of(host.backend, row.container());
            if (json) {
                Map<String, Object> m = Views.inspectJson(i);
                m.put("mounts", MountsSection.json(mounts));
                m.put("network", NetworkSection.json(network));
                events.json(m, i);
                out.println(Output.json(m, true));
            } else {
                out.print(Views.inspectText(i, snap.time()));
                out.print(MountsSection.text(mounts));
                out.print(NetworkSection.text(network));
                out.print(events.text(i, snap.time()));
            }
            out.flush();
            Output.notices(spec.commandLine().getErr(), snap.hidden(), host);
        }
        return 0;
    }

    /** The listing's entry, with what only its backend's closer look tells (an engine's restarts, OOM kill). */
    private Container resolve(Host host) throws IOException {
        return Inspectable.detailed(host.backend, Resolver.resolve(host, query, spec.commandLine().getErr()));
    }
}
