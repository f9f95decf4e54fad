package io.jtop.backend.discovery;

import io.jtop.container.Container;
import io.jtop.container.ContainerState;
import io.jtop.container.Runtime;
import io.jtop.linux.cgroup.Cgroups;
import io.jtop.linux.proc.KernelFiles;
import io.jtop.linux.proc.ProcFs;
import io.jtop.testing.Trees;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** Discovery on a writable copy of the real v2 capture, with a cgroup of jtop's own layout added. */
class CgroupDiscoveryTest {

    private static final Path FIXTURE = Path.of("src/test/resources/fixtures/cgroup-v2-debian12-6.1");
    private static final Path LAYOUTS_V2 = Path.of("src/test/resources/fixtures/layouts/v2-systemd-mixed");
    private static final Path LAYOUTS_V1 = Path.of("src/test/resources/fixtures/layouts/v1-cgroupfs-mixed");
    private static final String DOCKER = "system.slice/docker-a01ea2828a4456f3ddbb0f9c132daeee8d65fc3d0804faf35ed272b500bce17e.scope";
    private static final String JTOP_ID = "c".repeat(64);

    @TempDir
    Path root;

    private KernelFiles files;

    @BeforeEach
    void setUp() throws Exception {
        Trees.copy(FIXTURE, root);
        Path cg = root.resolve("sys/fs/cgroup");
        Trees.copy(cg.resolve(DOCKER), cg.resolve("jtop/" + JTOP_ID));
        // A sub-cgroup that would look like a container of its own: it belongs to the one above it.
        Trees.copy(cg.resolve(DOCKER), cg.resolve("jtop/" + JTOP_ID + "/docker-" + "d".repeat(64) + ".scope"));
        files = new KernelFiles(256);
    }

    @AfterEach
    void tearDown() {
        files.close();
    }

    private Set<String> ids(List<Container> listed) {
        return listed.stream().map(Container::id).collect(Collectors.toSet());
    }

    @Test
    void aContainerListedElsewhereIsNeitherListedAgainNorAreItsSubCgroupsContainers() {
        List<Container> alone = new CgroupDiscovery(Cgroups.open(root, files), new ProcFs(root, files)).list(false);
        assertEquals(5, alone.size(), "the capture's four and jtop's: " + ids(alone));
        Container jtops = new Container(JTOP_ID, "web", Runtime.JTOP, "busybox", 131, ContainerState.RUNNING,
                "/jtop/" + JTOP_ID, Instant.EPOCH, null, false);
        List<Container> merged = new CgroupDiscovery(Cgroups.open(root, files), new ProcFs(root, files))
                .list(false, Map.of(JTOP_ID, jtops));
        Set<String> expected = ids(alone);
        expected.remove(JTOP_ID);
        assertEquals(expected, ids(merged));
    }

    private Container listed(Path host, String id) {
        return new CgroupDiscovery(Cgroups.open(host, files), new ProcFs(host, files)).list(false).stream()
                .filter(c -> c.id().equals(id)).findFirst().orElseThrow(() -> new AssertionError(id + " is not listed"));
    }

    @Test
    void anLxcContainersImageIsTheTemplateItsConfigNamesWhereItsMonitorSays() {
        Container web1 = listed(LAYOUTS_V2, "web1");
        assertEquals(Runtime.LXC, web1.runtime());
        assertEquals("web1", web1.name());
        assertEquals(2007, web1.pid(), "the payload's init, not the monitor");
        assertEquals("busybox", web1.image(), "from /var/lib/lxc/web1/config, the monitor being [lxc monitor] /var/lib/lxc web1");
        Container lxc3 = listed(LAYOUTS_V1, "web1");
        assertEquals(Runtime.LXC, lxc3.runtime());
        assertNull(lxc3.image(), "no monitor process, no config: nothing tells");
    }

    @Test
    void anNspawnMachinesImageIsTheDirectoryNspawnRuns() {
        Container machine = listed(LAYOUTS_V2, "debian-test");
        assertEquals(Runtime.NSPAWN, machine.runtime());
        assertEquals(2009, machine.pid());
        assertEquals("/var/lib/machines/debian-test", machine.image(), "nspawn's -D");
    }

    @Test
    void nspawnLeftInItsMachinesV1CgroupsIsNotTakenForTheMachinesInit() {
        Container machine = listed(LAYOUTS_V1, "jtop-ns");
        assertEquals(Runtime.NSPAWN, machine.runtime());
        assertEquals("jtop-ns", machine.name());
        assertEquals(3011, machine.pid(), "nspawn's child, not nspawn (3010), though nspawn started first");
        assertEquals("/var/lib/machines/jtop-ns", machine.image(), "nspawn's --directory=");
    }

    @Test
    void anNspawnMachineWhoseInitHasGoneIsNotListedWithNspawnAsItsInit() throws Exception {
        Path host = root.resolve("v1");
        Trees.copy(LAYOUTS_V1, host);
        for (String h : List.of("memory", "pids", "cpuacct", "cpu", "blkio", "freezer", "systemd")) {
            // The machine's init has exited; nspawn (3010) is still in the cgroup, about to end.
            Files.writeString(host.resolve("sys/fs/cgroup/" + h + "/machine.slice/machine-jtop\\x2dns.scope/cgroup.procs"),
                    "3010\n");
        }
        List<Container> listed = new CgroupDiscovery(Cgroups.open(host, files), new ProcFs(host, files)).list(false);
        assertEquals(Set.of(), listed.stream().filter(c -> c.runtime() == Runtime.NSPAWN).collect(Collectors.toSet()),
                "a signal to the machine's init must not reach nspawn");
    }

    @Test
    void aMachineStartedByMachinectlIsItsServicesWithTheInitInPayload() {
        Container machine = listed(LAYOUTS_V2, "web2");
        assertEquals(Runtime.NSPAWN, machine.runtime());
        assertEquals("/machine.slice/systemd-nspawn@web2.service", machine.cgroup());
        assertEquals(2014, machine.pid(), "payload's init, not nspawn (2013) in supervisor");
        assertNull(machine.image(), "--machine= alone: nspawn finds the directory by name, the command line does not say");
    }
}
