import io.jtop.backend.local.LocalRuntime;
import io.jtop.engine.bundle.RunOptions;
import io.jtop.engine.lifecycle.ContainerRecord;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Start-to-exit of a container through jtop's engine in this process, warm (start.sh, peer a).
 * A benchmark, not a test: it prints figures, it asserts nothing.
 *
 * <p>Usage: {@code java -cp jtop.jar:DIR StartBench ROOT RUN_DIR RUNTIME IMAGE}. For each line read
 * on standard input (a container name) it does what an attached {@code jtop run --rm NAME IMAGE true}
 * asks of the engine, without printing the output: {@link LocalRuntime#run}, waits for the exit
 * ({@link LocalRuntime#awaitExit}), reads the exit code from the record and removes the container
 * ({@link LocalRuntime#remove}). It answers one line: {@code OK US EXIT} (wall microseconds of the
 * whole, and the container's exit code), or {@code ERROR MESSAGE}.
 */
public final class StartBench {

    private StartBench() {
    }

    public static void main(String[] args) throws Exception {
        LocalRuntime rt = new LocalRuntime(Path.of(args[0]), Path.of(args[1]), Path.of(args[2]), Path.of("/proc"));
        String image = args[3];
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String name; (name = in.readLine()) != null; ) {
            try {
                long start = System.nanoTime();
                ContainerRecord r = rt.run(image, RunOptions.builder().name(name).args("true").build());
                while (!rt.awaitExit(r.id(), 1000)) {
                    // as jtop run: until it has exited
                }
                int exit = rt.get(r.id()).exitCode();
                rt.remove(r.id(), true);
                long nanos = System.nanoTime() - start;
                System.out.printf("OK %d %d%n", nanos / 1000, exit);
            } catch (Exception e) {
                System.out.println("ERROR " + String.valueOf(e).replace('\n', ' '));
            }
            System.out.flush();
        }
    }
}
