package io.jtop.export;

import com.sun.net.httpserver.Authenticator;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpPrincipal;
import io.jtop.metrics.Snapshot;
import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * {@code GET /metrics} over HTTP, through the Prometheus client's own server and writers (text
 * format, or OpenMetrics when the scraper asks for it). Read-only: every other path is 404 and
 * every other method 405, so nothing can act on a container through it.
 *
 * <p>One scrape runs at a time, on the server's one thread: the scrape reads the host through a
 * sampler confined to one thread, and two scrapers at once wait their turn instead of reading the
 * same cgroups twice over.
 */
public final class MetricsServer implements AutoCloseable {

    static final String PATH = "/metrics";

    /**
     * How often the JDK's server looks for requests and responses that overran their time. The
     * Prometheus client gives them 60 s and 600 s, which turns that look on, once a second by
     * default: the most an idle server did between scrapes. Every 10 s bounds them as well.
     */
    private static final String TIMEOUT_CHECK = "sun.net.httpserver.timerMillis";
    private static final String TIMEOUT_CHECK_MILLIS = "10000";

    private final HTTPServer server;

    private MetricsServer(HTTPServer server) {
        this.server = server;
    }

    /**
     * Listens on {@code address} and answers each scrape with the snapshot {@code sample} takes
     * then, on a host with {@code cores} CPUs and {@code memoryBytes} of memory (0 when unknown).
     *
     * @throws IOException when the address cannot be bound (in use, not this host's)
     */
    public static MetricsServer start(InetSocketAddress address, Supplier<Snapshot> sample, int cores,
                                      long memoryBytes) throws IOException {
        // Read once, when the JDK's server class is first used: before the first server starts.
        if (System.getProperty(TIMEOUT_CHECK) == null) {
            System.setProperty(TIMEOUT_CHECK, TIMEOUT_CHECK_MILLIS);
        }
        PrometheusRegistry registry = new PrometheusRegistry();
        registry.register((MultiCollector) () -> ContainerMetrics.of(sample.get(), cores, memoryBytes));
        ExecutorService one = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "jtop-serve");
            t.setDaemon(true);
            return t;
        });
        try {
            return new MetricsServer(HTTPServer.builder()
                    .inetAddress(address.getAddress())
                    .port(address.getPort())
                    .registry(registry)
                    .executorService(one)
                    .metricsHandlerPath(PATH)
                    .registerHealthHandler(false)
                    .defaultHandler(MetricsServer::notFound)
                    .authenticator(new ReadOnly())
                    .buildAndStart());
        } catch (IOException | RuntimeException e) {
            one.shutdownNow();
            throw e;
        }
    }

    /** The port it listens on: the one asked for, or the one the kernel chose for port 0. */
    public int port() {
        return server.getPort();
    }

    @Override
    public void close() {
        server.close();
    }

    private static void notFound(HttpExchange exchange) throws IOException {
        exchange.sendResponseHeaders(404, -1);
        exchange.close();
    }

    /**
     * The gate in front of every path, the one hook the client's server offers before its
     * handlers: {@code GET /metrics} (and its query, e.g. {@code ?name[]=…}) passes; any other
     * path is 404, any other method 405, before a handler runs.
     */
    static final class ReadOnly extends Authenticator {
        /** Whoever scrapes: no one signs in, every GET of /metrics is served alike. */
        private static final HttpPrincipal SCRAPER = new HttpPrincipal("scraper", "jtop");

        @Override
        public Result authenticate(HttpExchange exchange) {
            if (!PATH.equals(exchange.getRequestURI().getPath())) {
                return new Failure(404);
            }
            if (!"GET".equals(exchange.getRequestMethod())) {
                exchange.getResponseHeaders().set("Allow", "GET");
                return new Failure(405);
            }
            return new Success(SCRAPER);
        }
    }
}
