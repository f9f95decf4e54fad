package io.jtop.backend.discovery;

import com.fasterxml.jackson.databind.JsonNode;
import io.jtop.testing.Busybox;
import io.jtop.testing.Host;
import io.jtop.testing.Jtop;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A real systemd-nspawn machine (Debian's systemd-container) as jtop finds it in the cgroup tree,
 * as root on a cgroup v1 host whose PID 1 is not systemd.
 *
 * <p>There {@code systemd-nspawn --register=no -D ROOTFS} alone fails ("Failed to open system
 * bus: No such file or directory": without {@code --keep-unit} it asks systemd over D-Bus for a
 * scope), and with {@code --keep-unit} it stays in its caller's cgroups of every resource
 * controller (it makes {@code payload} and {@code supervisor} only in systemd's own hierarchy),
 * where {@code --property=} and {@code --slice=} have no effect. So the test does what a user must
 * for a machine of its own: start nspawn in a cgroup named as systemd-machined would name it,
 * {@code /machine.slice/machine-<name>.scope}, with the limits written there.
 */
class NspawnDiscoveryIT {

    private static final List<String> CONTROLLERS = List.of("memory", "pids", "cpu", "cpuacct", "blkio", "freezer",
            "systemd", "unified");

    @TempDir
    Path dir;

    @Test
    void anNspawnMachineIsNamedMeasuredAsItsCgroupAndKilledFromJtop() throws Exception {
        Host.requireRoot();
        Host.requireCgroupV1();
        Host.requireCommand("systemd-nspawn");
        String name = "jtop-test-ns-" + ProcessHandle.current().pid(); // the machine's name: its directory's
        Path rootfs = Busybox.rootfs(dir.resolve(name));
        Files.createDirectories(rootfs.resolve("usr")); // nspawn refuses a tree without /usr as no OS
        String cgroup = "/machine.slice/machine-" + name.replace("-", "\\x2d") + ".scope";
        Process nspawn = null;
        try {
            List<String> argv = new ArrayList<>(List.of("sh", "-c",
                    "for f; do echo $$ > \"$f\" || exit 1; done; exec systemd-nspawn --register=no --keep-unit -q"
                            + " -D \"$ROOTFS\" /bin/sh -c \"$LOAD\"", "sh"));
            for (String c : CONTROLLERS) {
                Path d = Path.of("/sys/fs/cgroup", c + cgroup);
                if (Files.isDirectory(d.getParent().getParent())) {
                    Files.createDirectories(d);
                    argv.add(d.resolve("cgroup.procs").toString());
                }
            }
            Files.writeString(Path.of("/sys/fs/cgroup/memory" + cgroup, "memory.limit_in_bytes"), "67108864");
            Files.writeString(Path.of("/sys/fs/cgroup/pids" + cgroup, "pids.max"), "40");
            Files.writeString(Path.of("/sys/fs/cgroup/cpu" + cgroup, "cpu.cfs_quota_us"), "50000");
            ProcessBuilder pb = new ProcessBuilder(argv).redirectErrorStream(true)
                    .redirectOutput(dir.resolve("nspawn.out").toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
            pb.environment().put("ROOTFS", rootfs.toString());
            pb.environment().put("LOAD", CgroupFigures.LOAD);
            nspawn = pb.start();
            // nspawn's own process counts in these cgroups too: one more than the load.
            Process started = nspawn;
            CgroupFigures.await(() -> !started.isAlive() || CgroupFigures.read("pids", cgroup, "pids.current")
                    == CgroupFigures.LOAD_PIDS + 1, 30, name + "'s load running");
            Host.require(nspawn.isAlive(), "systemd-nspawn cannot run a machine on this host: exit "
                    + (nspawn.isAlive() ? "" : nspawn.exitValue()) + ", " + Files.readString(dir.resolve("nspawn.out")).strip());
            CgroupFigures.await(() -> CgroupFigures.read("memory", cgroup, "memory.usage_in_bytes")
                    >= CgroupFigures.LOAD_BYTES, 30, name + "'s load in memory");
            long init = nspawn.toHandle().children().findFirst().orElseThrow().pid();

            JsonNode row = CgroupFigures.assertAsItsCgroup(dir, name, cgroup);
            assertEquals("nspawn", row.path("runtime").asText());
            assertEquals(name, row.path("name").asText());
            assertEquals(cgroup, row.path("cgroup").asText());
            assertEquals(init, row.path("pid").asLong(), "the machine's init (nspawn's child), not nspawn " + nspawn.pid());
            assertEquals(rootfs.toString(), row.path("image").asText(), "the directory nspawn runs");
            assertEquals(67108864, row.path("memory_limit_bytes").asLong());
            assertEquals(40, row.path("pids_limit").asLong());

            Jtop.run("--root", dir.resolve("root").toString(), "--run-dir", dir.resolve("run").toString(),
                    "kill", name).assertOk();
            assertTrue(nspawn.waitFor(30, TimeUnit.SECONDS), "nspawn ended after jtop killed its machine's init");
            assertTrue(Files.readString(dir.resolve("nspawn.out")).contains("terminated by signal KILL"),
                    Files.readString(dir.resolve("nspawn.out")));
            assertNull(CgroupFigures.psRow(dir, name, "0"), "no longer listed");
        } finally {
            if (nspawn != null) {
                nspawn.descendants().forEach(ProcessHandle::destroyForcibly);
                nspawn.destroyForcibly();
                nspawn.waitFor(30, TimeUnit.SECONDS);
            }
            CgroupFigures.removeCgroup(cgroup);
            for (String c : CONTROLLERS) {
                try {
                    Files.deleteIfExists(Path.of("/sys/fs/cgroup", c, "machine.slice")); // only if now empty
                } catch (IOException e) {
                    // another machine's slice, or not ours: left alone
                }
            }
            Host.deleteTree(Path.of("/run/systemd/nspawn/propagate", name));
        }
    }
}
