package io.jtop.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.jtop.testing.DockerFixture;
import io.jtop.testing.Host;
import io.jtop.testing.Prometheus;
import io.jtop.testing.ServeFixture;
import io.jtop.testing.ServeProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 18's point 2: a real Prometheus scraping {@code jtop serve} every second. PromQL's rate of
 * the CPU counter of a container busy under {@code --cpus 0.5} is 0.5 ± 0.05; its working set is
 * the cgroup's at the moment of the scrape; its series end when it is removed; and promtool
 * accepts what Prometheus scraped.
 */
class PrometheusIT {

    private static final long DEADLINE_NANOS = TimeUnit.SECONDS.toNanos(120);

    @TempDir
    Path dir;

    @RegisterExtension
    final ServeFixture live = new ServeFixture();

    @Test
    void promqlSeesTheQuotaTheWorkingSetAndTheEnd() throws Exception {
        Host.requireRoot();
        Host.requireCgroupV1();
        Host.requireCommand("promtool");
        String image = DockerFixture.image();
        String name = "jtop-prometheus-it-" + ProcessHandle.current().pid();
        // a shell loop: busy, and its memory does not move
        String id = live.container("--name", name, "--cpus", "0.5", "-m", "64m", image, "sh", "-c", "while :; do :; done");
        ServeProcess serve = live.serve(dir);
        Prometheus prometheus = live.prometheus(dir);
        String selector = "{name=\"" + name + "\"}";

        // 30 s of samples at 1 s before the rate over 30 s means what it says; a host too busy to
        // give the container its half a core for a while gets until the deadline
        String cpu = "container_cpu_usage_seconds_total" + selector;
        prometheus.await("count_over_time(" + cpu + "[30s]) >= 28", r -> r.size() == 1);
        prometheus.await("rate(" + cpu + "[30s])", r -> r.size() == 1 && Math.abs(Prometheus.value(r) - 0.5) <= 0.05);

        assertWorkingSetIsTheCgroups(prometheus, id, "container_memory_working_set_bytes" + selector);

        ServeProcess.promtoolAccepts(serve.scrape(), dir);

        live.remove(id);
        // empty long before the 5 minutes an instant query looks back: the scrape without the
        // container ended its series (a staleness marker), not the look-back running out
        prometheus.await(cpu, JsonNode::isEmpty);
        prometheus.await("container_memory_working_set_bytes" + selector, JsonNode::isEmpty);
        // and not because a scrape failed (which leaves every series stale until the next)
        prometheus.await("up{job=\"jtop\"} == 1", r -> r.size() == 1);
        JsonNode after = prometheus.query(cpu);
        assertTrue(after != null && after.isEmpty(), "the series came back: " + after);
    }

    /**
     * The sample of a scrape that began after the test read the cgroup, and that Prometheus had
     * stored before the test read it again, equals both reads when they agree: jtop read the
     * cgroup between them, and it did not move. When the two reads differ, the memory moved in
     * between, and the test tries again.
     */
    private void assertWorkingSetIsTheCgroups(Prometheus prometheus, String id, String series) throws Exception {
        long deadline = System.nanoTime() + DEADLINE_NANOS;
        String seen = "";
        while (System.nanoTime() < deadline) {
            long before = ServeFixture.workingSet(id);
            long readAt = System.currentTimeMillis();
            JsonNode window = prometheus.await(series + "[10s]", r -> r.size() == 1 && lastSampleMillis(r) > readAt);
            long after = ServeFixture.workingSet(id);
            JsonNode values = window.get(0).path("values");
            for (JsonNode sample : values) {
                if (Math.round(sample.get(0).asDouble() * 1000) > readAt && before == after) {
                    assertEquals(before, Long.parseLong(sample.get(1).asText()),
                            "working set scraped between two reads of the cgroup that both said " + before);
                    return;
                }
            }
            seen += " " + before + "/" + after;
        }
        throw new AssertionError("the cgroup's working set never held still across a scrape:" + seen);
    }

    private static long lastSampleMillis(JsonNode matrix) {
        JsonNode values = matrix.get(0).path("values");
        return Math.round(values.get(values.size() - 1).get(0).asDouble() * 1000);
    }
}
