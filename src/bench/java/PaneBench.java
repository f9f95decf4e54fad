import io.jtop.backend.discovery.CgroupDiscovery;
import io.jtop.container.Container;
import io.jtop.linux.cgroup.Cgroup;
import io.jtop.linux.cgroup.Cgroups;
import io.jtop.linux.proc.KernelFiles;
import io.jtop.linux.proc.ProcFs;
import io.jtop.metrics.Inspection;
import io.jtop.metrics.Inspector;
import io.jtop.metrics.Network;
import io.jtop.metrics.Sampler;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.function.Supplier;

/**
 * What opening a detail pane costs on the UI's sampling thread: the reads the Poller does for the
 * watched container at each tick while a pane is open. Wired as {@code cli.Host} wires the
 * Inspector, after ten ticks of the table's Sampler (what jtop has done before the detail view is
 * opened). Prints, per read, the first call (the pane opened, its own code not yet loaded) and the median of the later calls (the pane left open, one read per refresh), in ms.
 *
 * <p>usage: java -cp jtop.jar:classes PaneBench CONTAINER_ID RUNS
 */
public final class PaneBench {

    public static void main(String[] args) {
        String id = args[0];
        int runs = Integer.parseInt(args[1]);
        KernelFiles files = KernelFiles.forThisProcess();
        ProcFs proc = new ProcFs(Path.of("/"), files);
        Cgroup cgroup = Cgroups.open(Path.of("/"), files);
        Inspector inspector = new Inspector(Path.of("/"), cgroup, proc);
        CgroupDiscovery discovery = new CgroupDiscovery(cgroup, proc);
        Container c = discovery.list(false).stream()
                .filter(x -> x.id().equals(id)).findFirst()
                .orElseThrow(() -> new IllegalStateException("no running container " + id + " in the cgroup tree"));
        // The table has been sampled for a while when the detail view is opened: the code they share is loaded.
        Sampler sampler = new Sampler(discovery, cgroup, proc, System::nanoTime, Clock.systemUTC(), 5);
        for (int t = 0; t < 10; t++) {
            sampler.sample();
        }

        // The detail view's every-tick read (namespaces, root, processes, security), then each pane's.
        Inspection i = report("inspect (detail view: namespaces, processes, security)", runs,
                () -> inspector.inspect(c, null));
        report("processes pane (CPU, RSS per process)", runs, () -> inspector.processSampler().sample(c));
        report("mounts pane", runs, () -> inspector.mounts(c));
        Network n = report("network pane (listeners and their processes)", runs, () -> inspector.network(c));
        System.out.printf("container %s: %d processes, %d listeners%n", id.substring(0, 12), i.processes().size(),
                n == null ? -1 : n.listeners().size());
        System.out.printf("RESULT count processes %d%nRESULT count listeners %d%n", i.processes().size(),
                n == null ? -1 : n.listeners().size());
    }

    /** One line: the first call in this JVM, and the median of {@code runs} more; returns the first's result. */
    private static <T> T report(String what, int runs, Supplier<T> read) {
        long t0 = System.nanoTime();
        T result = read.get();
        double firstMs = (System.nanoTime() - t0) / 1e6;
        double[] ms = new double[runs];
        for (int i = 0; i < runs; i++) {
            long t = System.nanoTime();
            read.get();
            ms[i] = (System.nanoTime() - t) / 1e6;
        }
        Arrays.sort(ms);
        System.out.printf("%-56s first %8.1f ms   median %8.1f ms   max %8.1f ms%n", what, firstMs, ms[runs / 2],
                ms[runs - 1]);
        System.out.printf("RESULT %s %.1f %.1f%n", key(what), firstMs, ms[runs / 2]);
        return result;
    }

    private static String key(String what) {
        return what.split(" ")[0];
    }

    private PaneBench() {
    }
}
