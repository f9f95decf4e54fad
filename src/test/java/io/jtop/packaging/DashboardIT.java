package io.jtop.packaging;

import com.fasterxml.jackson.databind.JsonNode;
import io.jtop.testing.DockerFixture;
import io.jtop.testing.Host;
import io.jtop.testing.Prometheus;
import io.jtop.testing.ServeFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Issue 18's point 3, its live half: every query of packaging/grafana/jtop-containers.json, as
 * {@link DashboardTest} turns it into PromQL, returns data from a real Prometheus scraping
 * {@code jtop serve}, on a host with what each panel is about: a container busy under
 * {@code --cpus 0.5 --memory 64m} (CPU against its quota, throttling, working set against its
 * limit) and one whose allocator the OOM killer ends again and again (the OOM panels).
 */
class DashboardIT {

    private static final long DEADLINE_NANOS = TimeUnit.SECONDS.toNanos(120);

    @TempDir
    Path dir;

    @RegisterExtension
    final ServeFixture live = new ServeFixture();

    @Test
    void everyQueryOfTheDashboardReturnsData() throws Exception {
        Host.requireRoot();
        Host.requireCgroupV1();
        String image = DockerFixture.image();
        String tag = "-" + ProcessHandle.current().pid();
        String busy = live.container("--name", "jtop-dashboard-busy" + tag, "--cpus", "0.5", "--memory", "64m",
                image, "sh", "-c", "while :; do :; done");
        // tail keeps the last lines of an input without a newline, all of it: the shell outlives
        // each kill, so the container and its OOM counter's series live on
        live.container("--name", "jtop-dashboard-oom" + tag, "--memory", "16m", "--memory-swap", "16m",
                image, "sh", "-c", "while :; do tail /dev/zero; sleep 1; done");
        live.serve(dir);
        Prometheus prometheus = live.prometheus(dir);
        prometheus.await("container_oom_events_total{name=\"jtop-dashboard-oom" + tag + "\"} > 0", r -> r.size() == 1);

        // Each query must return data at least once before the deadline: on a loaded host a
        // scrape past its timeout leaves every series stale for a second, and the instant queries
        // asked then are empty.
        List<DashboardTest.Query> queries = DashboardTest.queries();
        List<DashboardTest.Query> waiting = new ArrayList<>(queries);
        long deadline = System.nanoTime() + DEADLINE_NANOS;
        while (System.nanoTime() < deadline) {
            waiting.removeIf(q -> hasData(prometheus, q));
            if (waiting.isEmpty()) {
                return;
            }
            Thread.sleep(1000); // poll interval, not a synchronisation
        }
        List<String> empty = new ArrayList<>();
        for (DashboardTest.Query q : waiting) {
            empty.add("  panel '" + q.panel() + "': " + q.promQl());
        }
        throw new AssertionError(empty.size() + " of the dashboard's " + queries.size()
                + " queries returned no data:\n" + String.join("\n", empty)
                + "\nthe busy container's CPU series, samples in the last minute by name: "
                + prometheus.query("sum by (name) (count_over_time(container_cpu_usage_seconds_total{id=\"/docker/" + busy + "\"}[1m]))")
                + "\nand now: " + prometheus.query("container_cpu_usage_seconds_total{id=\"/docker/" + busy + "\"}")
                + "\nscrapes in the last minute: " + prometheus.query("sum_over_time(up[1m])") + " succeeded of "
                + prometheus.query("count_over_time(up[1m])"));
    }

    private static boolean hasData(Prometheus prometheus, DashboardTest.Query q) {
        try {
            JsonNode r = prometheus.query(q.promQl());
            return r != null && !r.isEmpty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
