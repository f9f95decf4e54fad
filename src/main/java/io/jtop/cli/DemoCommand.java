package io.jtop.cli;

import io.jtop.backend.local.LocalRuntime;
import io.jtop.engine.bundle.RunOptions;
import io.jtop.engine.image.AtomicFiles;
import io.jtop.engine.image.BusyboxRootfs;
import io.jtop.engine.image.ImageImporter;
import io.jtop.engine.image.ImageStore;
import io.jtop.engine.lifecycle.ContainerRecord;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code jtop demo}: three containers that show what the kernel does to containers that misbehave:
 * CPU throttling, an OOM kill (exit 137) and a fork bomb stopped by pids.max.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Start demo-cpu (throttled at 0.5 CPU), demo-mem (OOM-killed at 32m) and demo-pids "
                + "(forks until pids.max 20 stops it), from a busybox image built from the host's busybox-static.")
final class DemoCommand implements Callable<Integer> {

    static final String IMAGE = "jtop-demo-busybox:latest";
    static final List<String> NAMES = List.of("demo-cpu", "demo-mem", "demo-pids");

    @ParentCommand
    Main main;

    @Option(names = "--clean", description = "Remove the demo containers, the demo image and jtop's cgroup /jtop "
            + "when no other container is left in it.")
    boolean clean;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        LocalRuntime rt = main.runtime(null);
        for (String n : NAMES) {
            if (rt.knows(n)) {
                rt.remove(n, true);
                if (clean) {
                    out.println("removed " + n);
                }
            }
        }
        if (clean) {
            if (rt.images().find(IMAGE).isPresent()) {
                // Containers of the user's own made from it keep it, nameless, until they go.
                ImageStore.Removal r = rt.removeImage(IMAGE, true);
                out.println(r.deleted() ? "removed " + IMAGE : ImageCommands.said(r));
            }
            rt.removeEmptyCgroupParent();
            return 0;
        }
        if (rt.images().find(IMAGE).isEmpty()) {
            importBusybox(rt);
        }
        run(rt, "demo-cpu", RunOptions.builder().cpus(0.5), "sh", "-c", "while :; do :; done");
        run(rt, "demo-mem", RunOptions.builder().memory(32L << 20), "sh", "-c",
                "x=aaaaaaaaaaaaaaaa; while :; do x=$x$x; done");
        // A failed fork ends a shell that forks for "cmd &" itself; one that forks a subshell lives on.
        run(rt, "demo-pids", RunOptions.builder().pidsLimit(20L), "sh", "-c",
                "exec 2>/dev/null; while :; do (sleep 1000 &); sleep 0.05; done");
        out.println();
        out.println("demo-cpu spins under --cpus 0.5: watch CPU% stay near 50 and FLAGS say throttled.");
        out.println("demo-mem doubles a string under --memory 32m: the OOM killer ends it, exit 137.");
        out.println("demo-pids forks under --pids-limit 20: PIDS stays at 20/20.");
        out.println("See them with: jtop ps -a   (remove them with: jtop demo --clean)");
        return 0;
    }

    private void run(LocalRuntime rt, String name, RunOptions.Builder b, String... cmd) throws Exception {
        ContainerRecord r = rt.run(IMAGE, b.name(name).args(cmd).build());
        spec.commandLine().getOut().println("started " + name + " " + r.id().substring(0, 12));
    }

    /** An image of the host's static busybox with a link for every applet. */
    private void importBusybox(LocalRuntime rt) throws Exception {
        Path dir = Files.createTempDirectory("jtop-demo-rootfs-");
        try {
            BusyboxRootfs.build(BusyboxRootfs.HOST_BUSYBOX, dir);
            PrintWriter err = spec.commandLine().getErr();
            new ImageImporter(rt.images(), line -> Failures.say(line, err)).importFrom(dir, IMAGE);
        } finally {
            AtomicFiles.deleteTree(dir);
        }
    }
}
