package io.jtop.backend.discovery;

import com.fasterxml.jackson.databind.JsonNode;
import io.jtop.testing.Host;
import io.jtop.testing.Jtop;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * A real LXC container (Debian's lxc 5: {@code lxc-create -t busybox}, {@code lxc-start}) as jtop
 * finds it in the cgroup tree, as root on a cgroup v1 host: named, its image the template,
 * figures as its {@code lxc.payload.<name>} cgroup's files, and killed from jtop.
 */
class LxcDiscoveryIT {

    @TempDir
    Path dir;

    @Test
    void anLxcContainerIsNamedMeasuredAsItsCgroupAndKilledFromJtop() throws Exception {
        Host.requireRoot();
        Host.requireCgroupV1();
        Host.requireCommand("lxc-create");
        Host.requireCommand("busybox"); // what the busybox template copies into the rootfs
        String name = "jtop-test-lxc-" + ProcessHandle.current().pid();
        String lxcPath = dir.resolve("lxc").toString();
        String cgroup = "/lxc.payload." + name;
        Path conf = Files.writeString(dir.resolve("lxc.conf"), "lxc.net.0.type = empty\n"); // no bridge needed
        try {
            Host.run("lxc-create", "-P", lxcPath, "-n", name, "-t", "busybox", "-f", conf.toString());
            try {
                Host.run("lxc-start", "-P", lxcPath, "-n", name, "-o", dir.resolve("lxc.log").toString(),
                        "-s", "lxc.cgroup.memory.limit_in_bytes=67108864", "-s", "lxc.cgroup.pids.max=40",
                        "-s", "lxc.cgroup.cpu.cfs_quota_us=50000", "-s", "lxc.cgroup.cpu.cfs_period_us=100000",
                        "--", "/bin/sh", "-c", CgroupFigures.LOAD);
            } catch (AssertionError e) {
                Path log = dir.resolve("lxc.log");
                Host.require(false, "LXC cannot run a container on this host: " + e.getMessage()
                        + (Files.exists(log) ? "; " + Files.readString(log).strip() : ""));
            }
            CgroupFigures.awaitLoad(cgroup, name);
            int init = Integer.parseInt(Host.run("lxc-info", "-P", lxcPath, "-n", name, "-p", "-H").strip());

            JsonNode row = CgroupFigures.assertAsItsCgroup(dir, name, cgroup);
            assertEquals("lxc", row.path("runtime").asText());
            assertEquals(name, row.path("name").asText());
            assertEquals(cgroup, row.path("cgroup").asText());
            assertEquals(init, row.path("pid").asInt(), "the init lxc-info names");
            assertEquals("busybox", row.path("image").asText(), "the template, from the container's config");
            assertEquals(67108864, row.path("memory_limit_bytes").asLong());
            assertEquals(40, row.path("pids_limit").asLong());

            Jtop.Result kill = Jtop.run("--root", dir.resolve("root").toString(), "--run-dir",
                    dir.resolve("run").toString(), "kill", name).assertOk();
            CgroupFigures.await(() -> Host.run("lxc-info", "-P", lxcPath, "-n", name, "-s", "-H").strip()
                    .equals("STOPPED"), 30, name + " stopped after jtop kill: " + kill.out());
            assertNull(CgroupFigures.psRow(dir, name, "0"), "no longer listed");
        } finally {
            quietly("lxc-stop", "-P", lxcPath, "-n", name, "-k");
            quietly("lxc-destroy", "-P", lxcPath, "-n", name, "-f");
            CgroupFigures.removeCgroup(cgroup);
            CgroupFigures.removeCgroup("/lxc.monitor." + name);
            CgroupFigures.removeCgroup("/lxc.pivot"); // where lxc-start moves its monitor to end; kept while in use
        }
    }

    /** Runs a clean-up command whose failure (nothing left to clean) must not hide the test's own. */
    private static void quietly(String... argv) {
        try {
            Host.run(argv);
        } catch (AssertionError e) {
            // already stopped or gone
        }
    }
}
