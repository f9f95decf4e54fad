package io.jtop.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jtop.testing.DockerFixture;
import io.jtop.testing.Host;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
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

/**
 * A real Prometheus (Debian's {@code prometheus}, run by the test on loopback, never as a
 * service) scraping {@code jtop serve} every second: PromQL's rate of the CPU counter of a
 * container busy under {@code --cpus 0.5} is 0.5 ± 0.05, its working set is the cgroup's, and its
 * series end when it is removed.
 */
class PrometheusIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long DEADLINE_NANOS = TimeUnit.SECONDS.toNanos(120);

    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private ServeProcess serve;
    private Process prometheus;
    private String container;

    @AfterEach
    void cleanUp() throws InterruptedException {
        if (prometheus != null) {
            prometheus.destroy();
            if (!prometheus.waitFor(10, TimeUnit.SECONDS)) {
                prometheus.destroyForcibly();
            }
        }
        if (serve != null) {
            serve.close();
        }
        if (container != null) {
            DockerFixture.remove(container);
        }
    }

    @Test
    void promqlSeesTheQuotaTheWorkingSetAndTheEnd() throws Exception {
        Host.requireRoot();
        Host.requireCgroupV1();
        Host.requireCommand("prometheus");
        String image = DockerFixture.image();
        String name = "jtop-prometheus-it-" + ProcessHandle.current().pid();
        container = DockerFixture.run("--name", name, "--cpus", "0.5", "-m", "64m", image, "sh", "-c", "while :; do :; done");
        serve = ServeProcess.start(dir);
        String api = startPrometheus(serve.port);

        String selector = "{name=\"" + name + "\"}";
        // 30 s of samples at 1 s before the rate over 30 s means what it says
        query(api, "count_over_time(container_cpu_usage_seconds_total" + selector + "[30s])",
                r -> r.size() == 1 && value(r) >= 28);
        JsonNode rate = query(api, "rate(container_cpu_usage_seconds_total" + selector + "[30s])", r -> r.size() == 1);
        assertEquals(0.5, value(rate), 0.05, rate.toString());

        Path cgroup = Path.of("/sys/fs/cgroup/memory/docker", container);
        query(api, "container_memory_working_set_bytes" + selector,
                r -> r.size() == 1 && value(r) == ServeIT.workingSet(cgroup));

        DockerFixture.remove(container);
        container = null;
        query(api, "container_cpu_usage_seconds_total" + selector, r -> r.isEmpty());
    }

    /** Prometheus on a free loopback port, scraping {@code jtop serve} every second; its API's base URL. */
    private String startPrometheus(int servePort) throws IOException {
        int port;
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort();
        }
        Path config = dir.resolve("prometheus.yml");
        Files.writeString(config, """
                global:
                  scrape_interval: 1s
                  scrape_timeout: 1s
                scrape_configs:
                  - job_name: jtop
                    static_configs:
                      - targets: ['127.0.0.1:%d']
                """.formatted(servePort));
        prometheus = new ProcessBuilder("prometheus", "--config.file=" + config,
                "--storage.tsdb.path=" + dir.resolve("data"), "--web.listen-address=127.0.0.1:" + port)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectErrorStream(true).redirectOutput(dir.resolve("prometheus.log").toFile()).start();
        return "http://127.0.0.1:" + port + "/api/v1/query?query=";
    }

    /** Polls an instant query until its result vector satisfies {@code ok}; returns that vector. */
    private JsonNode query(String api, String promql, Predicate<JsonNode> ok) throws Exception {
        long deadline = System.nanoTime() + DEADLINE_NANOS;
        String last = "";
        while (System.nanoTime() < deadline) {
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(
                        URI.create(api + URLEncoder.encode(promql, StandardCharsets.UTF_8))).build(),
                        HttpResponse.BodyHandlers.ofString());
                last = r.body();
                if (r.statusCode() == 200) {
                    JsonNode result = JSON.readTree(r.body()).path("data").path("result");
                    if (ok.test(result)) {
                        return result;
                    }
                }
            } catch (IOException e) {
                last = e.toString(); // Prometheus not listening yet
            }
            Thread.sleep(500); // poll interval, not a synchronisation
        }
        throw new AssertionError(promql + ": no answer met the condition; the last: " + last + "\n"
                + Files.readString(dir.resolve("prometheus.log")));
    }

    private static double value(JsonNode vector) {
        return Double.parseDouble(vector.get(0).path("value").get(1).asText());
    }
}
