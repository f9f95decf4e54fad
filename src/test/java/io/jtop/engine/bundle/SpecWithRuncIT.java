package io.jtop.engine.bundle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.jtop.linux.proc.ProcLimits;
import io.jtop.testing.Busybox;
import io.jtop.testing.Host;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A generated spec that real runc accepts: limits applied, cgroup {@code /jtop/ID}, output and exit 0. */
class SpecWithRuncIT {

    @Test
    void runcRunsTheGeneratedSpec(@TempDir Path bundle) throws Exception {
        Host.requireRoot();
        Host.requireCommand("runc");
        Busybox.rootfs(bundle.resolve("rootfs"));
        String id = "jtop-spec-it-" + ProcessHandle.current().pid();
        boolean v2 = Files.exists(Path.of("/sys/fs/cgroup/cgroup.controllers"));
        SpecGenerator generator = new SpecGenerator(SpecGenerator.readCapLastCap(Path.of("/proc")), v2,
                SpecGenerator.ENGINE_SOCKETS);
        long hard = ProcLimits.parseOpenFilesHard(Files.readString(Path.of("/proc/self/limits")));
        long hardNofile = hard > 0 ? hard : Long.MAX_VALUE; // -1: unlimited
        RunOptions opts = RunOptions.builder().memory(32L << 20).pidsLimit(20L)
                .args("sh", "-c", "echo hi; cat /proc/self/cgroup; cat " + (v2 ? "/sys/fs/cgroup/pids.max" : "/sys/fs/cgroup/pids/pids.max")).build();
        BundleWriter.write(bundle, generator.generate(id, ImageConfig.empty(), opts, hardNofile));

        Path out = bundle.resolve("stdout");
        Path err = bundle.resolve("stderr");
        Process runc = new ProcessBuilder("runc", "run", "--bundle", bundle.toString(), id)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(out.toFile())
                .redirectError(err.toFile())
                .start();
        try {
            assertTrue(runc.waitFor(60, TimeUnit.SECONDS), "runc run did not finish within 60 s");
            String stdout = Files.readString(out);
            System.out.println("runc run " + id + " said:\n" + stdout + Files.readString(err));
            assertEquals(0, runc.exitValue(), "stdout: " + stdout + "\nstderr: " + Files.readString(err));
            List<String> lines = stdout.lines().toList();
            assertEquals("hi", lines.get(0), stdout);
            // With a cgroup namespace (v2) the container sees its own cgroup as "/".
            String expected = v2 ? "0::/" : ":/jtop/" + id;
            assertTrue(lines.stream().anyMatch(l -> l.endsWith(expected)), "no line ending in " + expected + ":\n" + stdout);
            assertEquals("20", lines.get(lines.size() - 1), "pids.max seen inside:\n" + stdout);
        } finally {
            runc.destroyForcibly();
            try {
                Host.run("runc", "delete", "-f", id);
            } catch (AssertionError e) {
                if (!e.getMessage().contains("does not exist")) {
                    throw e;
                }
            }
        }
    }
}
