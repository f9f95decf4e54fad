package io.jtop.metrics;

import io.jtop.backend.discovery.CgroupDiscovery;
import io.jtop.container.Container;
import io.jtop.container.ContainerState;
import io.jtop.container.Details;
import io.jtop.container.Membership;
import io.jtop.container.Runtime;
import io.jtop.container.Sample;
import io.jtop.linux.cgroup.Cgroup;
import io.jtop.linux.cgroup.Cgroups;
import io.jtop.linux.proc.KernelFiles;
import io.jtop.linux.proc.ProcFs;
import io.jtop.testing.Host;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A pod's own cgroup on the real cgroup tree: a pod-like parent
 * ({@code /kubepods/burstable/pod<uid>}) with a memory and a pids limit, and two child cgroups
 * ({@code …/<64-hex>}) with a process in each, as the kubelet lays out a pod and containerd its
 * containers. The "pod" grouping's line reads the parent: its limits, and usage that includes
 * both children. The containers carry the Membership a CRI discovery gives them (built here).
 */
class PodCgroupIT {

    /** The v1 hierarchies a container's figures come from (mounted one by one on this host). */
    private static final List<String> HIERARCHIES = List.of("memory", "cpu", "cpuacct", "pids", "blkio", "freezer");
    private static final long LIMIT = 64L << 20;

    private final String uid = UUID.randomUUID().toString();
    private final String pod = "/kubepods/burstable/pod" + uid;
    private final List<Process> processes = new ArrayList<>();
    private final List<Path> made = new ArrayList<>();

    /**
     * Ends the processes and removes the cgroups this test made, children first; a cgroup
     * empties a moment after its last process is reaped.
     */
    @AfterEach
    void cleanUp() throws Exception {
        for (Process p : processes) {
            p.destroyForcibly().waitFor();
        }
        long deadline = System.nanoTime() + 10_000_000_000L;
        for (int i = made.size() - 1; i >= 0; i--) {
            Path dir = made.get(i);
            while (true) {
                try {
                    Files.deleteIfExists(dir);
                    break;
                } catch (IOException busy) {
                    if (System.nanoTime() > deadline) {
                        throw busy;
                    }
                    Thread.onSpinWait();
                }
            }
        }
    }

    /** Makes a cgroup in each hierarchy; removed afterwards where this test made it (not a /kubepods already there). */
    private void mkdir(String path) throws IOException {
        for (String h : HIERARCHIES) {
            Path root = Path.of("/sys/fs/cgroup", h);
            if (!Files.exists(root.resolve("cgroup.procs"))) {
                throw new IOException(root + " is not a mounted v1 hierarchy");
            }
            Path dir = Path.of(root.toString(), path);
            if (!Files.isDirectory(dir)) {
                Files.createDirectory(dir);
                made.add(dir);
            }
        }
    }

    /** A container's cgroup under the pod with a process in it. */
    private Container container(String name, boolean sandbox) throws IOException {
        String id = HexFormat.of().formatHex(UUID.randomUUID().toString().replace("-", "").getBytes()).substring(0, 64);
        String path = pod + "/" + id;
        mkdir(path);
        Process p = new ProcessBuilder("sleep", "1000").start();
        processes.add(p);
        for (String h : HIERARCHIES) {
            Files.writeString(Path.of("/sys/fs/cgroup", h, path, "cgroup.procs"), Long.toString(p.pid()));
        }
        Membership m = Membership.kubernetes("groups16", "web-0", uid, "burstable", pod, sandbox, sandbox ? null : name);
        return new Container(id, name, Runtime.CONTAINERD, null, (int) p.pid(), ContainerState.RUNNING, path,
                null, null, false, new Details(Map.of(), null, null, null, null, m));
    }

    @Test
    void thePodsLineHasItsCgroupsLimitsAndUsageOfBothContainers() throws Exception {
        Host.requireRoot();
        Host.requireV1Freezer();
        mkdir("/kubepods");
        mkdir("/kubepods/burstable");
        mkdir(pod);
        Files.writeString(Path.of("/sys/fs/cgroup/memory", pod, "memory.limit_in_bytes"), Long.toString(LIMIT));
        Files.writeString(Path.of("/sys/fs/cgroup/pids", pod, "pids.max"), "50");
        List<Container> listed = List.of(container("pause", true), container("web", false));

        KernelFiles files = new KernelFiles(64);
        Cgroup cgroup = Cgroups.open(Path.of("/"), files);
        ProcFs proc = new ProcFs(Path.of("/"), files);
        Sampler sampler = new Sampler(new CgroupDiscovery(cgroup, proc), cgroup, proc, System::nanoTime,
                Clock.systemUTC());
        assertEquals(Map.of(), sampler.sample(listed).cgroups(), "not asked for: not read");
        sampler.readPodCgroups(true);
        Snapshot snap = sampler.sample(listed);
        Group g = Groups.of(Grouping.POD, snap.rows(), snap.cgroups()).groups().get(0);
        assertEquals("groups16/web-0", g.name());
        assertEquals(pod, g.cgroup());
        assertTrue(g.own(), "the pod cgroup's figures");
        Sample s = g.sample();
        assertEquals(LIMIT, s.memoryLimitBytes());
        assertEquals(50L, s.pidsLimit());
        assertEquals(2L, s.pidsCurrent(), "both containers' processes");
        long members = 0;
        for (Snapshot.Row r : snap.rows()) {
            assertNotNull(r.sample(), r.container().name());
            members += r.sample().memoryUsageBytes();
        }
        assertTrue(s.memoryUsageBytes() >= members, "the pod's usage holds its containers': " + s.memoryUsageBytes()
                + " < " + members);
        Group sums = Groups.of(Grouping.POD, snap.rows(), Map.of()).groups().get(0);
        assertEquals(2L, sums.sample().pidsCurrent());
        assertEquals(null, sums.sample().memoryLimitBytes(), "without the pod cgroup: no limit");
    }
}
