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
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
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

    @AfterEach
    void cleanUp() throws InterruptedException {
        if (serve != null) {
            serve.close();
        }
        if (container != null) {
            DockerFixture.remove(container);
        }
    }

    @Test
    void countersGrowWorkingSetIsTheCgroupsAndSeriesEndWithTheContainer() throws Exception {
        Host.requireRoot();
        Host.requireCgroupV1();
        String image = DockerFixture.image();
        String name = "jtop-serve-it-" + ProcessHandle.current().pid();
        container = DockerFixture.run("--name", name, "--cpus", "0.5", "-m", "64m", image, "sh", "-c", "while :; do :; done");
        serve = ServeProcess.start(dir);
        String url = serve.url;

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

    /** Scrapes until a body satisfies {@code ok}, failing with the last one past the deadline. */
    private String scrapeUntil(String url, Predicate<String> ok) throws Exception {
        long deadline = System.nanoTime() + DEADLINE_NANOS;
        String body = null;
        while (System.nanoTime() < deadline) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, r.statusCode(), r.body());
            body = r.body();
            if (ok.test(body)) {
                return body;
            }
            Thread.sleep(200); // poll interval, not a synchronisation
        }
        throw new AssertionError("no scrape met the condition; the last:\n" + body);
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
