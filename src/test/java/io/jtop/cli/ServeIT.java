package io.jtop.cli;

import io.jtop.testing.DockerFixture;
import io.jtop.testing.Host;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code jtop serve} against the real host: a Docker container busy under {@code --cpus 0.5},
 * scraped over loopback by the real jar. The counters grow between scrapes at the container's
 * quota, the working set is the cgroup's, promtool accepts the output, and the container's series
 * end when it is removed.
 */
class ServeIT {

    private static final Path MEMORY = Path.of("/sys/fs/cgroup/memory");
    private static final long DEADLINE_NANOS = TimeUnit.SECONDS.toNanos(60);

    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private ServeProcess serve;
    private String container;
    private final List<String> others = new ArrayList<>();

    @AfterEach
    void cleanUp() throws InterruptedException {
        if (serve != null) {
            serve.close();
        }
        if (container != null) {
            DockerFixture.remove(container);
        }
        others.forEach(DockerFixture::remove); // their network namespaces, and the veth pair in them, go with them
    }

    @Test
    void countersGrowWorkingSetIsTheCgroupsAndSeriesEndWithTheContainer() throws Exception {
        String image = DockerFixture.image();
        String name = "jtop-serve-it-" + ProcessHandle.current().pid();
        String url = busyAndServed(name);

        String series = "container_cpu_usage_seconds_total{container=\"\",cpu=\"total\",id=\"/docker/" + container
                + "\",image=\"" + image + "\",name=\"" + name + "\",namespace=\"\",pod=\"\"} ";
        String first = scrapeUntil(url, body -> value(body, series) != null);
        long firstAt = System.nanoTime();
        double cpu0 = value(first, series);
        double throttled0 = value(first, "container_cpu_cfs_throttled_periods_total{container=\"\",id=\"/docker/" + container);
        // a later scrape, at least 3 s on: enough for the quota to show in the counter
        String second = scrapeUntil(url, body -> System.nanoTime() - firstAt >= TimeUnit.SECONDS.toNanos(3));
        double seconds = (System.nanoTime() - firstAt) / 1e9;
        double cpu1 = value(second, series);
        double throttled1 = value(second, "container_cpu_cfs_throttled_periods_total{container=\"\",id=\"/docker/" + container);
        assertTrue(cpu1 > cpu0, cpu0 + " then " + cpu1);
        assertTrue(throttled1 > throttled0, throttled0 + " then " + throttled1);
        double rate = (cpu1 - cpu0) / seconds;
        assertEquals(0.5, rate, 0.1, "CPU seconds per second under --cpus 0.5 over " + seconds + " s");
        assertEquals(50_000.0, value(second, "container_spec_cpu_quota{container=\"\",id=\"/docker/" + container));
        assertEquals((double) (64L << 20), value(second, "container_spec_memory_limit_bytes{container=\"\",id=\"/docker/" + container));

        // the working set is the cgroup's usage less its inactive file pages, read right after the scrape
        Path cgroup = MEMORY.resolve("docker").resolve(container);
        String ws = "container_memory_working_set_bytes{container=\"\",id=\"/docker/" + container;
        scrapeUntil(url, body -> {
            Double v = value(body, ws);
            return v != null && v == workingSet(cgroup);
        });

        if (Files.isExecutable(Path.of("/usr/bin/promtool"))) {
            promtoolAccepts(second);
        }

        DockerFixture.remove(container);
        container = null;
        String gone = scrapeUntil(url, body -> !body.contains("/docker/" + name) && value(body, series) == null);
        assertTrue(gone.contains("machine_cpu_cores "), gone);
    }

    /**
     * The breakdown of a container busy under {@code --cpus 0.5}: user + system CPU time is its
     * usage, rss and cache are its {@code memory.stat}'s, its one process is counted, and, held to
     * its quota, it waited for CPU.
     */
    @Test
    void cpuModesMemoryKindsProcessesAndPressureAreTheKernels() throws Exception {
        String url = busyAndServed("jtop-serve-it-modes-" + ProcessHandle.current().pid());
        String id = "{container=\"\",id=\"/docker/" + container;
        String usage = "container_cpu_usage_seconds_total{container=\"\",cpu=\"total\",id=\"/docker/" + container;
        long started = System.nanoTime();
        // a second of CPU time or 3 s: user and system, counted in 10 ms ticks, are then well above their rounding
        String body = scrapeUntil(url, b -> value(b, usage) != null
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
        long deadline = System.nanoTime() + DEADLINE_NANOS;
        while (true) {
            double[] before = {stat(memory, "total_rss"), stat(memory, "total_cache")};
            body = scrape(url);
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
            promtoolAccepts(body);
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
        String lonely = DockerFixture.run("--name", tag + "-none", "--network", "none", image, "sleep", "600");
        others.add(lonely);
        String wired = DockerFixture.run("--name", tag + "-wired", "--network", "none", image, "sleep", "600");
        others.add(wired);
        String peer = DockerFixture.run("--name", tag + "-peer", "--network", "none", image, "sleep", "600");
        others.add(peer);
        String pid = pid(wired);
        String peerPid = pid(peer);
        Host.run("ip", "link", "add", "jt0", "netns", pid, "type", "veth", "peer", "name", "jt1", "netns", peerPid);
        Host.run("nsenter", "-t", pid, "-n", "ip", "addr", "add", "10.218.0.1/30", "dev", "jt0");
        Host.run("nsenter", "-t", pid, "-n", "ip", "link", "set", "jt0", "up");
        Host.run("nsenter", "-t", peerPid, "-n", "ip", "addr", "add", "10.218.0.2/30", "dev", "jt1");
        Host.run("nsenter", "-t", peerPid, "-n", "ip", "link", "set", "jt1", "up");
        Host.run("docker", "exec", peer, "ping", "-c", "3", "-W", "2", "10.218.0.1");

        serve = ServeProcess.start(dir);
        String url = serve.url;
        String rx = "container_network_receive_packets_total{container=\"\",id=\"/docker/" + wired
                + "\",image=\"" + image + "\",interface=\"jt0\",name=\"" + tag + "-wired\"";
        // the counts read right after the scrape (a late neighbour solicitation may come between)
        String body = scrapeUntil(url, b -> {
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
            promtoolAccepts(body);
        }
    }

    /** Runs a container busy under {@code --cpus 0.5} and {@code -m 64m}, then {@code jtop serve}; its URL. */
    private String busyAndServed(String name) throws Exception {
        Host.requireRoot();
        Host.requireCgroupV1();
        container = DockerFixture.run("--name", name, "--cpus", "0.5", "-m", "64m", DockerFixture.image(), "sh", "-c",
                "while :; do :; done");
        serve = ServeProcess.start(dir);
        return serve.url;
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

    /** Scrapes until a body satisfies {@code ok}, failing with the last one past the deadline. */
    private String scrapeUntil(String url, Predicate<String> ok) throws Exception {
        long deadline = System.nanoTime() + DEADLINE_NANOS;
        String body = null;
        while (System.nanoTime() < deadline) {
            body = scrape(url);
            if (ok.test(body)) {
                return body;
            }
            Thread.sleep(200); // poll interval, not a synchronisation
        }
        throw new AssertionError("no scrape met the condition; the last:\n" + body);
    }

    /** One scrape's body, which must be a 200. */
    private String scrape(String url) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        return r.body();
    }

    /** The value of the first series whose line starts with {@code prefix}, or null. */
    private static Double value(String body, String prefix) {
        for (String l : body.split("\n")) {
            if (l.startsWith(prefix)) {
                return Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1));
            }
        }
        return null;
    }

    /** cgroup v1: {@code memory.usage_in_bytes} less {@code total_inactive_file}, as cAdvisor and jtop define it. */
    static double workingSet(Path cgroup) {
        try {
            long usage = Long.parseLong(Files.readString(cgroup.resolve("memory.usage_in_bytes")).strip());
            long inactive = 0;
            for (String l : Files.readAllLines(cgroup.resolve("memory.stat"))) {
                if (l.startsWith("total_inactive_file ")) {
                    inactive = Long.parseLong(l.substring(l.indexOf(' ') + 1).strip());
                }
            }
            return Math.max(0, usage - inactive);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private void promtoolAccepts(String body) throws IOException, InterruptedException {
        Path file = dir.resolve("metrics.txt");
        Files.writeString(file, body);
        Process p = new ProcessBuilder("promtool", "check", "metrics").redirectInput(file.toFile())
                .redirectErrorStream(true).start();
        String said = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), "promtool check metrics: " + said);
    }
}
