package io.jtop.monitor;

import io.jtop.backend.discovery.CgroupDiscovery;
import io.jtop.container.Container;
import io.jtop.linux.cgroup.Cgroup;
import io.jtop.linux.cgroup.Cgroups;
import io.jtop.linux.proc.KernelFiles;
import io.jtop.linux.proc.ProcFs;
import io.jtop.metrics.Inspector;
import io.jtop.metrics.Sampler;
import io.jtop.metrics.Snapshot;
import io.jtop.testing.Host;
import io.jtop.testing.RuncContainer;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Containers start and vanish in a tight loop for 60 s while the sampler and the inspector read
 * them: nothing throws, and every descriptor opened for a container is closed once it is gone.
 */
class ChurnIT {

    private static final Duration RUN = Duration.ofSeconds(60);

    @Test
    void samplingThroughChurnNeitherThrowsNorLeaksDescriptors() throws Exception {
        Host.requireRoot();
        Host.requireCommand("runc");
        KernelFiles files = KernelFiles.forThisProcess();
        ProcFs proc = new ProcFs(Path.of("/"), files);
        Cgroup cgroup = Cgroups.open(Path.of("/"), files);
        // As `jtop top` and the UI run it: full reads every 5th tick, init rechecks every 30th,
        // directory listings reused while their link counts hold.
        CgroupDiscovery discovery = new CgroupDiscovery(cgroup, proc, 30);
        Sampler sampler = new Sampler(discovery, cgroup, proc, System::nanoTime, Clock.systemUTC(), 5);
        Inspector inspector = new Inspector(Path.of("/"), cgroup, proc);

        // Warm up: load every class and open every jar the loop will need.
        try (RuncContainer c = RuncContainer.builder("sleep", "1000").start()) {
            sampleAndInspect(sampler, inspector);
        }
        for (int i = 0; i < 30; i++) {
            sampler.sample();
        }
        List<String> before = openDescriptors();

        AtomicReference<Throwable> failure = new AtomicReference<>();
        AtomicInteger started = new AtomicInteger();
        long end = System.nanoTime() + RUN.toNanos();
        Thread churn = new Thread(() -> {
            while (System.nanoTime() < end && failure.get() == null) {
                try (RuncContainer c = RuncContainer.builder("sh", "-c", "sleep 1000 & sleep 1000").start()) {
                    started.incrementAndGet();
                } catch (Throwable t) {
                    failure.compareAndSet(null, t);
                }
            }
        }, "churn");
        churn.start();
        int ticks = 0;
        int seen = 0;
        while (churn.isAlive()) {
            try {
                seen += sampleAndInspect(sampler, inspector);
                ticks++;
            } catch (Throwable t) {
                failure.compareAndSet(null, t);
                break;
            }
        }
        churn.join();
        assertNull(failure.get(), () -> "failure during churn: " + failure.get());
        for (int i = 0; i < 30; i++) {
            sampler.sample(); // long enough for every cached listing and recheck to come round
        }
        assertTrue(sampler.sample().rows().stream().noneMatch(r -> r.container().id().startsWith("jtop-it-")),
                "no churned container is still listed");
        Snapshot last = sampler.sample();
        List<String> after = openDescriptors();

        System.out.printf("churn: %d containers started and removed, %d ticks, %d container samples, "
                + "%d descriptors open before, %d after%n", started.get(), ticks, seen, before.size(), after.size());
        assertTrue(started.get() >= 20, "containers started and removed in 60 s: " + started.get());
        assertTrue(ticks >= 100, "sampler ticks in 60 s: " + ticks);
        assertTrue(seen > 0, "the sampler saw churned containers");
        // Containers of other tests (or of the host) may come and go meanwhile, and their files
        // with them: compare what is not a container's file exactly, and for containers' files
        // check that none belongs to a churned container or to a process that is gone.
        List<String> added = new ArrayList<>(after);
        before.forEach(added::remove);
        List<String> removed = new ArrayList<>(before);
        after.forEach(removed::remove);
        String summary = started.get() + " containers and " + ticks + " ticks (" + seen + " container samples); "
                + "opened since: " + added + "; closed since: " + removed;
        assertEquals(other(before), other(after), "descriptors that are not container files, " + summary);
        assertTrue(after.size() <= before.size(), "no more descriptors than before: " + summary);
        for (String fd : after) {
            assertFalse(fd.contains("jtop-it-"), "a churned container's file is still open: " + fd);
            Matcher m = Pattern.compile("^/proc/(\\d+)/").matcher(fd);
            if (m.find()) {
                int pid = Integer.parseInt(m.group(1));
                assertTrue(Files.exists(Path.of("/proc", m.group(1))), () -> "a gone process's file is still open: " + fd
                        + "; listed with that pid: " + last.rows().stream().filter(r -> r.container().pid() == pid)
                        .map(r -> r.container().runtime() + " " + r.container().cgroup()).toList());
            }
        }
        files.close();
    }

    /** One tick plus an inspect of every jtop container it saw; returns how many it saw. */
    private static int sampleAndInspect(Sampler sampler, Inspector inspector) {
        Snapshot snap = sampler.sample();
        int n = 0;
        for (Snapshot.Row r : snap.rows()) {
            Container c = r.container();
            if (c.cgroup() != null && c.cgroup().startsWith("/jtop/jtop-it-")) {
                inspector.inspect(c, r.sample());
                n++;
            }
        }
        return n;
    }

    /** Descriptors that are neither cgroup files of containers nor files of processes. */
    private static List<String> other(List<String> fds) {
        // A container's cgroup files: jtop's (/jtop/<id>) and any engine's, whose paths name a
        // 64-hex id (/docker/<id>, libpod-<id>.scope …), as the other ITs' containers come and go.
        return fds.stream().filter(f -> !f.matches("^/sys/fs/cgroup/.*/jtop/.*")
                        && !f.matches("^/sys/fs/cgroup/.*[0-9a-f]{64}.*") && !f.matches("^/proc/\\d+/.*"))
                .sorted().toList();
    }

    /** Targets of this JVM's open descriptors, sorted (pipe and socket inode numbers stripped). */
    private static List<String> openDescriptors() throws IOException {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.map(fd -> {
                try {
                    return Files.readSymbolicLink(fd).toString().replaceAll(":\\[\\d+]", "");
                } catch (IOException e) {
                    return "(closed while listed)";
                }
            }).filter(t -> !t.equals("(closed while listed)")).sorted().toList();
        }
    }

}
