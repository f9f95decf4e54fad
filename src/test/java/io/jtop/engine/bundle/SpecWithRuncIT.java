package io.jtop.engine.bundle;

import io.jtop.engine.image.ImageConfig;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.jtop.linux.mount.EngineSocketFiles;
import io.jtop.linux.proc.ProcLimits;
import io.jtop.testing.Busybox;
import io.jtop.testing.Host;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Generated specs that real runc accepts: limits applied, cgroup {@code /jtop/ID}, output and exit 0. */
class SpecWithRuncIT {
    private static final boolean V2 = Files.exists(Path.of("/sys/fs/cgroup/cgroup.controllers"));

    @TempDir
    Path bundle;

    @BeforeEach
    void requireRunc() {
        Host.requireRoot();
        Host.requireCommand("runc");
        Busybox.rootfs(bundle.resolve("rootfs"));
    }

    @Test
    void runcRunsTheGeneratedSpec() throws Exception {
        String id = "jtop-spec-it-" + ProcessHandle.current().pid();
        String pidsMax = V2 ? "/sys/fs/cgroup/pids.max" : "/sys/fs/cgroup/pids/pids.max";
        List<String> lines = run(id, RunOptions.builder().memory(32L << 20).pidsLimit(20L)
                .args("sh", "-c", "echo hi; cat /proc/self/cgroup; cat " + pidsMax));
        assertEquals("hi", lines.get(0), lines.toString());
        // With a cgroup namespace (v2) the container sees its own cgroup as "/".
        String expected = V2 ? "0::/" : ":/jtop/" + id;
        assertTrue(lines.stream().anyMatch(l -> l.endsWith(expected)), "no line ending in " + expected + ": " + lines);
        assertEquals("20", lines.get(lines.size() - 1), "pids.max seen inside: " + lines);
    }

    @Test
    void runcAcceptsPrivilegedReadOnlyHostNamespacesBindsAndTmpfs() throws Exception {
        String id = "jtop-spec-it-priv-" + ProcessHandle.current().pid();
        Path data = Files.createDirectory(bundle.resolve("data"));
        Files.writeString(data.resolve("f"), "from the host\n");
        List<String> lines = run(id, RunOptions.builder().privileged(true).readOnly(true)
                .network(RunOptions.Network.HOST).hostPid(true).bind(data, "/data", true).tmpfs("/scratch", 1L << 20)
                .args("sh", "-c", "cat /data/f; touch /x 2>/dev/null || echo root-ro; touch /data/g 2>/dev/null"
                        + " || echo bind-ro; touch /scratch/ok && echo tmpfs-rw; grep ' /scratch ' /proc/mounts"));
        assertEquals(List.of("from the host", "root-ro", "bind-ro", "tmpfs-rw"), lines.subList(0, 4), lines.toString());
        assertTrue(lines.get(4).contains("size=1024k"), lines.toString());
    }

    /** {@code runc run} in the foreground; asserts exit 0 and returns the container's stdout lines. */
    private List<String> run(String id, RunOptions.Builder opts) throws Exception {
        SpecGenerator generator = new SpecGenerator(SpecGenerator.readCapabilities(Path.of("/proc")), V2,
                EngineSocketFiles.PATHS);
        long hard = ProcLimits.parseOpenFilesHard(Files.readString(Path.of("/proc/self/limits")));
        long hardNofile = hard > 0 ? hard : Long.MAX_VALUE; // -1: unlimited
        BundleWriter.write(bundle, generator.generate(id, ImageConfig.empty(), opts.build(), hardNofile));

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
            return stdout.lines().toList();
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
