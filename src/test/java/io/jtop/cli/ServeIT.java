package io.jtop.cli;

import io.jtop.testing.DockerFixture;
import io.jtop.testing.Host;
import io.jtop.testing.ServeFixture;
import io.jtop.testing.ServeProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
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
}
