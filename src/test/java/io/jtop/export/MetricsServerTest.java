package io.jtop.export;

import io.jtop.metrics.Snapshot;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The HTTP face of {@code jtop serve}: GET /metrics in both text formats, nothing else. */
class MetricsServerTest {

    private final HttpClient http = HttpClient.newHttpClient();
    private final AtomicInteger scrapes = new AtomicInteger();
    private MetricsServer server;
    private String base;

    @BeforeEach
    void start() throws IOException {
        server = MetricsServer.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), () -> {
            scrapes.incrementAndGet();
            return new Snapshot(Instant.EPOCH, List.of(), Set.of());
        }, 4, 1L << 30);
        base = "http://127.0.0.1:" + server.port();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private HttpResponse<String> send(String method, String path, String accept) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path))
                .method(method, HttpRequest.BodyPublishers.noBody());
        if (accept != null) {
            b.header("Accept", accept);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void getMetricsInTheTextFormatByDefault() throws Exception {
        HttpResponse<String> r = send("GET", "/metrics", null);
        assertEquals(200, r.statusCode());
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("text/plain; version=0.0.4"), r.headers().toString());
        assertTrue(r.body().contains("# TYPE machine_cpu_cores gauge\nmachine_cpu_cores 4.0\n"), r.body());
        assertEquals(1, scrapes.get(), "one scrape, one pass");
    }

    @Test
    void theServerLooksForOverrunRequestsEveryTenSecondsNotEverySecond() {
        // The Prometheus client's request and response time limits turn on the JDK server's
        // timer; at its default period it woke the idle server every second.
        assertEquals("60", System.getProperty("sun.net.httpserver.maxReqTime"), "the client's limit, kept");
        assertEquals("10000", System.getProperty("sun.net.httpserver.timerMillis"));
    }

    @Test
    void openMetricsWhenAskedFor() throws Exception {
        HttpResponse<String> r = send("GET", "/metrics", "application/openmetrics-text; version=1.0.0; charset=utf-8");
        assertEquals(200, r.statusCode());
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("application/openmetrics-text"));
        assertTrue(r.body().endsWith("# EOF\n"), r.body());
    }

    @Test
    void nothingElseIsServed() throws Exception {
        for (String path : List.of("/", "/metricsx", "/metrics/", "/-/healthy", "/containers/x/kill")) {
            assertEquals(404, send("GET", path, null).statusCode(), path);
        }
        for (String method : List.of("POST", "PUT", "DELETE", "HEAD")) {
            HttpResponse<String> r = send(method, "/metrics", null);
            assertEquals(405, r.statusCode(), method);
            assertEquals("GET", r.headers().firstValue("Allow").orElse(""), method);
        }
        assertEquals(0, scrapes.get(), "no refused request reads the host");
    }

    @Test
    void aFailedScrapeIs500AndTheNextIsServed() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        try (MetricsServer failing = MetricsServer.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), () -> {
            if (calls.incrementAndGet() == 1) {
                throw new IllegalStateException("cannot read /sys/fs/cgroup/x");
            }
            return new Snapshot(Instant.EPOCH, List.of(), Set.of());
        }, 1, 1)) {
            String url = "http://127.0.0.1:" + failing.port() + "/metrics";
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(500, r.statusCode(), r.body());
            assertFalse(r.body().contains("\tat "), "no stack trace: " + r.body());
            assertEquals(200, http.send(HttpRequest.newBuilder(URI.create(url)).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode());
        }
    }

    @Test
    void aPortInUseIsABindException() {
        InetSocketAddress taken = new InetSocketAddress(InetAddress.getLoopbackAddress(), server.port());
        Exception e = assertThrows(IOException.class,
                () -> MetricsServer.start(taken, () -> null, 1, 1));
        assertTrue(e instanceof BindException, e.toString());
    }
}
