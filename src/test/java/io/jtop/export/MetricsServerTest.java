package io.jtop.export;

import io.jtop.metrics.Snapshot;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The HTTP face of {@code jtop serve}: GET /metrics in both text formats, nothing else. */
class MetricsServerTest {

    private static final Snapshot EMPTY = new Snapshot(Instant.EPOCH, List.of(), Set.of());
    private static final byte[] GET = "GET /metrics HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
            .getBytes(StandardCharsets.US_ASCII);

    private final HttpClient http = HttpClient.newHttpClient();
    private final AtomicInteger scrapes = new AtomicInteger();
    private final List<String> problems = new CopyOnWriteArrayList<>();
    private MetricsServer server;
    private String base;

    @BeforeEach
    void start() throws IOException {
        server = MetricsServer.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), () -> {
            scrapes.incrementAndGet();
            return EMPTY;
        }, 4, 1L << 30, problems::add);
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
            return EMPTY;
        }, 1, 1, problems::add)) {
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
                () -> MetricsServer.start(taken, () -> null, 1, 1, problems::add));
        assertTrue(e instanceof BindException, e.toString());
    }

    @Test
    void aClientSlowToSendItsRequestDoesNotHoldUpAnotherScrape() throws Exception {
        try (Socket slow = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
            slow.getOutputStream().write("GET /metrics HTTP/1.1\r\n".getBytes(StandardCharsets.US_ASCII));
            slow.getOutputStream().flush();
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/metrics"))
                    .timeout(Duration.ofSeconds(MetricsServer.REQUEST_SECONDS - 1)).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, r.statusCode());
        }
    }

    @Test
    void moreSlowClientsThanThreadsHoldUpAScrapeOnlyUntilTheyAreCutOff() throws Exception {
        List<Socket> slow = new ArrayList<>();
        try {
            for (int i = 0; i < MetricsServer.THREADS * 3; i++) {
                Socket s = new Socket(InetAddress.getLoopbackAddress(), server.port());
                s.getOutputStream().write("GET /metrics HTTP/1.1\r\nHost: x".getBytes(StandardCharsets.US_ASCII));
                s.getOutputStream().flush();
                slow.add(s);
            }
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/metrics"))
                    .timeout(Duration.ofSeconds(MetricsServer.REQUEST_SECONDS * 4L)).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, r.statusCode());
            for (Socket s : slow) {
                s.setSoTimeout(MetricsServer.REQUEST_SECONDS * 4000);
                assertEquals("", answer(s), "the server closed the slow connection without an answer");
            }
        } finally {
            for (Socket s : slow) {
                s.close();
            }
        }
    }

    @Test
    void aThousandConnectionsAtOnceAreAllAnsweredOnAFewThreads() {
        // A minute, for what takes seconds: a burst that overflows the kernel's queue of connections
        // waiting for the server has each handshake past it retried on the kernel's timer.
        assertTimeoutPreemptively(Duration.ofSeconds(60), this::aThousandConnectionsAtOnce);
    }

    private void aThousandConnectionsAtOnce() throws Exception {
        long others = serverThreads(); // the pools of servers closed a moment ago may still be winding down
        List<Socket> clients = new ArrayList<>();
        try {
            for (int i = 0; i < 1000; i++) {
                Socket s = new Socket(InetAddress.getLoopbackAddress(), server.port());
                s.getOutputStream().write(GET);
                clients.add(s);
            }
            assertTrue(serverThreads() <= others + MetricsServer.THREADS, "threads: " + serverThreads());
            for (Socket s : clients) {
                s.setSoTimeout(60_000);
                String answer = answer(s);
                assertTrue(answer.startsWith("HTTP/1.1 200 "), answer);
            }
            assertTrue(serverThreads() <= others + MetricsServer.THREADS, "threads: " + serverThreads());
            assertEquals(1000, scrapes.get());
        } finally {
            for (Socket s : clients) {
                s.close();
            }
        }
    }

    @Test
    void aMegabyteRequestLineIsRefusedAndTheNextScrapeIsServed() throws Exception {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
            s.setSoTimeout(30_000);
            byte[] line = ("GET /metrics?" + "a".repeat(1 << 20) + " HTTP/1.1\r\nHost: x\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
            String answer;
            try {
                s.getOutputStream().write(line);
                answer = answer(s);
            } catch (SocketException e) {
                answer = ""; // the server closed the connection while the line still came in
            }
            assertFalse(answer.startsWith("HTTP/1.1 200"), answer);
        }
        assertEquals(0, scrapes.get(), "nothing read for it");
        assertEquals(200, send("GET", "/metrics", null).statusCode());
    }

    @Test
    void aScraperThatHangsUpMidScrapeIsOneLineNotAStackTrace() throws Exception {
        CountDownLatch sampling = new CountDownLatch(1);
        CountDownLatch hungUp = new CountDownLatch(1);
        try (MetricsServer slow = MetricsServer.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), () -> {
            sampling.countDown();
            try {
                hungUp.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return EMPTY;
        }, 1, 1, problems::add)) {
            Socket s = new Socket(InetAddress.getLoopbackAddress(), slow.port());
            s.getOutputStream().write(GET);
            assertTrue(sampling.await(30, TimeUnit.SECONDS));
            s.setSoLinger(true, 0); // a reset, as a scraper past its timeout does
            s.close();
            hungUp.countDown();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (problems.isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(20); // poll interval, not a synchronisation
            }
            assertFalse(problems.isEmpty(), "the lost answer is told");
            for (String p : problems) {
                assertTrue(p.startsWith("a scrape could not be answered: ") && !p.contains("\n") && !p.contains("Exception"), p);
            }
            assertEquals(200, http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + slow.port() + "/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode());
        }
    }

    /** Everything the server sends until it closes the connection; "" when it closed or reset it without a byte. */
    private static String answer(Socket s) throws IOException {
        try {
            return new String(s.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
        } catch (SocketException e) {
            return "";
        }
    }

    private static long serverThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().startsWith("jtop-serve")).count();
    }
}
