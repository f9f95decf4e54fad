package io.jtop.cli;

import io.jtop.testing.DockerFixture;
import io.jtop.testing.Host;
import io.jtop.testing.ServeFixture;
import io.jtop.testing.ServeProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static io.jtop.testing.ServeProcess.value;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code jtop serve} against the real host: a Docker container busy under {@code --cpus 0.5},
 * scraped over loopback by the real jar. The counters grow between scrapes at the container's
 * quota, the working set is the cgroup's, promtool accepts the output, and the container's series
 * end when it is removed.
 */
class ServeIT {

    /** Containers started and removed while scrapes go on. */
    private static final int CHURNS = 8;
    private static final Path MEMORY = Path.of("/sys/fs/cgroup/memory");

    @TempDir
    Path dir;

    @RegisterExtension
    final ServeFixture live = new ServeFixture();

    @Test
    void countersGrowWorkingSetIsTheCgroupsAndSeriesEndWithTheContainer() throws Exception {
        Host.requireRoot();
        Host.requireCgroupV1();
        String image = DockerFixture.image();
        String name = "jtop-serve-it-" + ProcessHandle.current().pid();
        String container = live.container("--name", name, "--cpus", "0.5", "-m", "64m", image, "sh", "-c", "while :; do :; done");
        ServeProcess serve = live.serve(dir);

        String series = "container_cpu_usage_seconds_total{container=\"\",cpu=\"total\",id=\"/docker/" + container
                + "\",image=\"" + image + "\",name=\"" + name + "\",namespace=\"\",pod=\"\"} ";
        // the counters over at least 3 s, enough for the quota to show in them; a host too busy to
        // give the container its half a core for a while gets more windows until the deadline
        String throttled = "container_cpu_cfs_throttled_periods_total{container=\"\",id=\"/docker/" + container;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        String first;
        String second;
        double seconds;
        double rate;
        do {
            first = serve.scrapeUntil(body -> value(body, series) != null);
            long firstAt = System.nanoTime();
            second = serve.scrapeUntil(body -> System.nanoTime() - firstAt >= TimeUnit.SECONDS.toNanos(3));
            seconds = (System.nanoTime() - firstAt) / 1e9;
            rate = (value(second, series) - value(first, series)) / seconds;
        } while (Math.abs(rate - 0.5) > 0.1 && System.nanoTime() < deadline);
        assertTrue(value(second, throttled) > value(first, throttled), first + "\nthen\n" + second);
        assertEquals(0.5, rate, 0.1, "CPU seconds per second under --cpus 0.5 over " + seconds + " s");
        assertEquals(50_000.0, value(second, "container_spec_cpu_quota{container=\"\",id=\"/docker/" + container));
        assertEquals((double) (64L << 20), value(second, "container_spec_memory_limit_bytes{container=\"\",id=\"/docker/" + container));

        // the working set is the cgroup's usage less its inactive file pages, read right after the scrape
        String ws = "container_memory_working_set_bytes{container=\"\",id=\"/docker/" + container;
        serve.scrapeUntil(body -> {
            Double v = value(body, ws);
            return v != null && v == ServeFixture.workingSet(container);
        });

        if (Files.isExecutable(Path.of("/usr/bin/promtool"))) {
            ServeProcess.promtoolAccepts(second, dir);
        }

        live.remove(container);
        String gone = serve.scrapeUntil(body -> !body.contains("/docker/" + name) && value(body, series) == null);
        assertTrue(gone.contains("machine_cpu_cores "), gone);
    }

    @Test
    void sigtermAndSigintStopItWithExitZeroAndNoStackTrace() throws Exception {
        Host.requireRoot();
        for (String signal : List.of("TERM", "INT")) {
            ServeProcess serve = live.serve(dir.resolve(signal));
            serve.scrape();
            Host.run("kill", "-" + signal, Long.toString(serve.process().pid()));
            assertTrue(serve.process().waitFor(30, TimeUnit.SECONDS), "still serving after SIG" + signal);
            assertEquals(0, serve.process().exitValue(), "SIG" + signal + "; stderr: " + serve.stderr());
            assertEquals("", serve.stderr(), "SIG" + signal);
        }
    }

    @Test
    void everyScrapeIsWholeWhileContainersComeAndGo() throws Exception {
        Host.requireRoot();
        Host.requireCgroupV1();
        Host.requireCommand("promtool");
        String image = DockerFixture.image();
        ServeProcess serve = live.serve(dir);
        String prefix = "jtop-serve-churn-" + ProcessHandle.current().pid() + "-";
        AtomicReference<Throwable> failed = new AtomicReference<>();
        // containers started and removed one after another, each removal racing the scrapes below
        Thread churn = new Thread(() -> {
            try {
                for (int i = 0; i < CHURNS; i++) {
                    live.remove(live.container("--name", prefix + i, image, "sh", "-c", "while :; do :; done"));
                }
            } catch (Throwable t) {
                failed.set(t);
            }
        }, "churn");
        churn.start();
        List<String> bodies = new ArrayList<>();
        while (churn.isAlive()) {
            String body = serve.scrape(); // a 200, or the test fails here
            if (body.contains(prefix)) {
                bodies.add(body);
            }
        }
        churn.join();
        assertNull(failed.get());
        assertFalse(bodies.isEmpty(), "no scrape saw a churned container");
        for (int i = 0; i < bodies.size(); i += Math.max(1, bodies.size() / 10)) {
            ServeProcess.promtoolAccepts(bodies.get(i), dir);
        }
        assertFalse(serve.scrape().contains(prefix));
        assertEquals("", serve.stderr());
    }

    /**
     * The breakdown of a container busy under {@code --cpus 0.5}: user + system CPU time is its
     * usage, rss and cache are its {@code memory.stat}'s, its one process is counted, and, held to
     * its quota, it waited for CPU.
     */
    @Test
    void cpuModesMemoryKindsProcessesAndPressureAreTheKernels() throws Exception {
        String container = busy("jtop-serve-it-modes-" + ProcessHandle.current().pid());
        ServeProcess serve = live.serve(dir);
        String id = "{container=\"\",id=\"/docker/" + container;
        String usage = "container_cpu_usage_seconds_total{container=\"\",cpu=\"total\",id=\"/docker/" + container;
        long started = System.nanoTime();
        // a second of CPU time or 3 s: user and system, counted in 10 ms ticks, are then well above their rounding
        String body = serve.scrapeUntil(b -> value(b, usage) != null
                && (value(b, usage) >= 1 || System.nanoTime() - started >= TimeUnit.SECONDS.toNanos(3)));
        double cpu = value(body, usage);
        double user = value(body, "container_cpu_user_seconds_total" + id);
        double system = value(body, "container_cpu_system_seconds_total" + id);
        assertEquals(cpu, user + system, Math.max(0.1, 0.05 * cpu), "user " + user + " + system " + system);
        assertTrue(value(body, "container_pressure_cpu_waiting_seconds_total" + id) > 0, "it waited for CPU");
        assertTrue(value(body, "container_pressure_cpu_stalled_seconds_total" + id) != null);
        // rss and cache are memory.stat's total_rss and total_cache as read before or after the scrape
        // (the kernel folds its per-CPU counts into memory.stat lazily, so two reads may differ by a page)
        Path memory = MEMORY.resolve("docker").resolve(container);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            double[] before = {stat(memory, "total_rss"), stat(memory, "total_cache")};
            body = serve.scrape();
            double[] after = {stat(memory, "total_rss"), stat(memory, "total_cache")};
            Double rss = value(body, "container_memory_rss" + id);
            Double cache = value(body, "container_memory_cache" + id);
            if (rss != null && cache != null && (rss == before[0] || rss == after[0])
                    && (cache == before[1] || cache == after[1])) {
                break;
            }
            assertTrue(System.nanoTime() < deadline, "rss " + rss + " cache " + cache + ", memory.stat before "
                    + Arrays.toString(before) + " after " + Arrays.toString(after));
        }
        assertEquals(1.0, value(body, "container_processes" + id), "sh alone: its loop forks nothing");
        if (Files.isExecutable(Path.of("/usr/bin/promtool"))) {
            ServeProcess.promtoolAccepts(body, dir);
        }
    }

    /**
     * A container with {@code --network none} has loopback alone: no network series. One given a
     * veth end (the other end in a second {@code --network none} container, so no traffic leaves
     * their namespaces) has one series per counter for that interface, with the counts of its
     * {@code net/dev}.
     */
    @Test
    void networkSeriesPerInterfaceAndNoneWithoutOne() throws Exception {
        Host.requireRoot();
        Host.requireCgroupV1();
        Host.requireCommand("ip");
        Host.requireCommand("nsenter");
        String image = DockerFixture.image();
        String tag = "jtop-serve-it-" + ProcessHandle.current().pid();
        String lonely = live.container("--name", tag + "-none", "--network", "none", image, "sleep", "600");
        String wired = live.container("--name", tag + "-wired", "--network", "none", image, "sleep", "600");
        String peer = live.container("--name", tag + "-peer", "--network", "none", image, "sleep", "600");
        String pid = pid(wired);
        String peerPid = pid(peer);
        Host.run("ip", "link", "add", "jt0", "netns", pid, "type", "veth", "peer", "name", "jt1", "netns", peerPid);
        Host.run("nsenter", "-t", pid, "-n", "ip", "addr", "add", "10.218.0.1/30", "dev", "jt0");
        Host.run("nsenter", "-t", pid, "-n", "ip", "link", "set", "jt0", "up");
        Host.run("nsenter", "-t", peerPid, "-n", "ip", "addr", "add", "10.218.0.2/30", "dev", "jt1");
        Host.run("nsenter", "-t", peerPid, "-n", "ip", "link", "set", "jt1", "up");
        Host.run("docker", "exec", peer, "ping", "-c", "3", "-W", "2", "10.218.0.1");

        ServeProcess serve = live.serve(dir);
        String rx = "container_network_receive_packets_total{container=\"\",id=\"/docker/" + wired
                + "\",image=\"" + image + "\",interface=\"jt0\",name=\"" + tag + "-wired\"";
        // the counts read right after the scrape (a late neighbour solicitation may come between)
        String body = serve.scrapeUntil(b -> {
            Double v = value(b, rx);
            return v != null && v == netDev(pid, "jt0")[1];
        });
        assertTrue(value(body, rx) >= 3, "three pings received: " + value(body, rx));
        String at = "{container=\"\",id=\"/docker/" + wired + "\",image=\"" + image + "\",interface=\"jt0\"";
        for (String family : List.of("receive_bytes", "receive_packets", "receive_errors", "receive_packets_dropped",
                "transmit_bytes", "transmit_packets", "transmit_errors", "transmit_packets_dropped")) {
            assertTrue(value(body, "container_network_" + family + "_total" + at) != null, family + " of jt0");
        }
        assertFalse(body.contains("interface=\"lo\""), "no loopback series");
        assertTrue(body.contains("id=\"/docker/" + lonely + "\""), "the --network none container is exported");
        assertFalse(body.lines().anyMatch(l -> l.startsWith("container_network_") && l.contains(lonely)),
                "loopback alone: no network series");
        if (Files.isExecutable(Path.of("/usr/bin/promtool"))) {
            ServeProcess.promtoolAccepts(body, dir);
        }
    }

    /** A container busy under {@code --cpus 0.5} and {@code -m 64m}; its full id. */
    private String busy(String name) {
        Host.requireRoot();
        Host.requireCgroupV1();
        return live.container("--name", name, "--cpus", "0.5", "-m", "64m", DockerFixture.image(), "sh", "-c",
                "while :; do :; done");
    }

    private static String pid(String container) {
        return DockerFixture.inspect(container).path("State").path("Pid").asText();
    }

    /** The counters of one interface in {@code /proc/<pid>/net/dev}: the 16 numbers after its name. */
    private static long[] netDev(String pid, String iface) {
        try {
            for (String l : Files.readAllLines(Path.of("/proc", pid, "net", "dev"))) {
                int colon = l.indexOf(':');
                if (colon > 0 && l.substring(0, colon).strip().equals(iface)) {
                    return Arrays.stream(l.substring(colon + 1).strip().split("\\s+")).mapToLong(Long::parseLong).toArray();
                }
            }
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        throw new AssertionError("no " + iface + " in /proc/" + pid + "/net/dev");
    }

    /** A key of a cgroup's {@code memory.stat}. */
    static double stat(Path cgroup, String key) {
        try {
            for (String l : Files.readAllLines(cgroup.resolve("memory.stat"))) {
                if (l.startsWith(key + " ")) {
                    return Long.parseLong(l.substring(key.length() + 1).strip());
                }
            }
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        throw new AssertionError("no " + key + " in " + cgroup.resolve("memory.stat"));
    }
}
