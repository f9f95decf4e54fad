package io.jtop.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

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

/**
 * A real Prometheus (Debian's {@code prometheus}, run by the test on loopback, never as a
 * service) scraping one target every second, its configuration and data in a test's directory.
 */
public final class Prometheus implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long DEADLINE_NANOS = TimeUnit.SECONDS.toNanos(120);

    private final Process process;
    private final Path log;
    private final String api;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private Prometheus(Process process, Path log, String api) {
        this.process = process;
        this.log = log;
        this.api = api;
    }

    /** Starts Prometheus on a free loopback port, scraping {@code 127.0.0.1:targetPort} every second. */
    public static Prometheus scraping(int targetPort, Path dir) throws IOException {
        Host.requireCommand("prometheus");
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
                """.formatted(targetPort));
        Path log = dir.resolve("prometheus.log");
        Process p = new ProcessBuilder("prometheus", "--config.file=" + config,
                "--storage.tsdb.path=" + dir.resolve("prometheus-data"), "--web.listen-address=127.0.0.1:" + port)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        return new Prometheus(p, log, "http://127.0.0.1:" + port + "/api/v1/query?query=");
    }

    /** One instant query: its result (a vector, or a matrix for a range selector), or null when Prometheus refuses or is not up yet. */
    public JsonNode query(String promql) throws InterruptedException {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(
                            URI.create(api + URLEncoder.encode(promql, StandardCharsets.UTF_8)))
                    .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 ? JSON.readTree(r.body()).path("data").path("result") : null;
        } catch (IOException e) {
            return null; // not listening yet, or gone: the caller's deadline decides
        }
    }

    /** Polls an instant query until its result satisfies {@code ok}; returns that result. */
    public JsonNode await(String promql, Predicate<JsonNode> ok) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + DEADLINE_NANOS;
        JsonNode last = null;
        while (System.nanoTime() < deadline) {
            last = query(promql);
            if (last != null && ok.test(last)) {
                return last;
            }
            Thread.sleep(500); // poll interval, not a synchronisation
        }
        throw new AssertionError(promql + ": no answer met the condition; the last: " + last + "\n" + log());
    }

    /** The first series' value of an instant vector. */
    public static double value(JsonNode vector) {
        return Double.parseDouble(vector.get(0).path("value").get(1).asText());
    }

    /** What Prometheus logged, for a failure message. */
    public String log() throws IOException {
        return Files.readString(log);
    }

    @Override
    public void close() throws InterruptedException {
        Host.stop(process);
    }
}
