package io.jtop.export;

import com.sun.net.httpserver.Authenticator;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpPrincipal;
import com.sun.net.httpserver.HttpServer;
import io.jtop.metrics.Snapshot;
import io.prometheus.metrics.exporter.httpserver.MetricsHandler;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * {@code GET /metrics} over HTTP: the JDK's server, and the Prometheus client's handler and writers
 * (text format, or OpenMetrics when the scraper asks for it). Read-only: every other path is 404 and
 * every other method 405, so nothing can act on a container through it.
 *
 * <p>Requests are read and answered on a few threads, so a client slow to send its request or to
 * read its answer holds one of them and not the scrapes of others. The JDK's server closes a
 * connection whose request has not arrived within {@link #REQUEST_SECONDS} of its first byte, or
 * whose answer is not done {@link #RESPONSE_SECONDS} after its request: any number of such clients
 * hold the threads that long at most. A connection that sends nothing holds no thread (the
 * server's selector waits on it) and is closed once idle. Scrapes still read the host one at a
 * time: the sampler is confined to one pass at a time, and two scrapers at once wait their turn
 * instead of reading the same cgroups twice over.
 */
public final class MetricsServer implements AutoCloseable {

    static final String PATH = "/metrics";
    /** Threads reading requests and writing answers; the scrapes among them sample one at a time. */
    static final int THREADS = 4;
    /** Seconds a request may take to arrive once its first byte has: a scraper sends it at once. */
    static final int REQUEST_SECONDS = 5;
    /** Seconds from a request to the end of its answer: far more than a scrape of a full host takes. */
    static final int RESPONSE_SECONDS = 30;
    /**
     * Connections the kernel completes and holds until the server takes them: room for a burst.
     * The client library's own server asks for 3, and a burst of clients past that has the
     * kernel drop handshakes, a scraper's among them, each then waiting for a retry.
     */
    static final int BACKLOG = 1024;
    /** The client library's logger, held: the logging system keeps loggers only weakly, and with them their handlers. */
    private static final Logger LIBRARY_LOG = Logger.getLogger(MetricsHandler.class.getPackageName());

    static {
        // The JDK's server reads its limits from these properties once, when the first server of
        // the process is made; without them a request may take forever to arrive and hold a thread.
        System.getProperties().putIfAbsent("sun.net.httpserver.maxReqTime", Integer.toString(REQUEST_SECONDS));
        System.getProperties().putIfAbsent("sun.net.httpserver.maxRspTime", Integer.toString(RESPONSE_SECONDS));
    }

    private final HttpServer server;
    private final ExecutorService pool;

    private MetricsServer(HttpServer server, ExecutorService pool) {
        this.server = server;
        this.pool = pool;
    }

    /**
     * Listens on {@code address} and answers each scrape with the snapshot {@code sample} takes
     * then, on a host with {@code cores} CPUs and {@code memoryBytes} of memory (0 when unknown).
     * A scrape that could not be answered (its scraper gone, a write failed) is told to
     * {@code problems} in one line.
     *
     * @throws IOException when the address cannot be bound (in use, not this host's)
     */
    public static MetricsServer start(InetSocketAddress address, Supplier<Snapshot> sample, int cores,
                                      long memoryBytes, Consumer<String> problems) throws IOException {
        PrometheusRegistry registry = new PrometheusRegistry();
        Object pass = new Object();
        registry.register((MultiCollector) () -> {
            Snapshot snapshot;
            synchronized (pass) {
                snapshot = sample.get();
            }
            return ContainerMetrics.of(snapshot, cores, memoryBytes);
        });
        reportTo(problems);
        AtomicInteger threads = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(THREADS, r -> {
            Thread t = new Thread(r, "jtop-serve-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        try {
            HttpServer http = HttpServer.create(address, BACKLOG);
            // one context for every path: the gate answers all but GET /metrics before the handler
            http.createContext("/", new MetricsHandler(registry)).setAuthenticator(new ReadOnly());
            http.setExecutor(pool);
            http.start();
            return new MetricsServer(http, pool);
        } catch (IOException | RuntimeException e) {
            pool.shutdownNow();
            throw e;
        }
    }

    /** The port it listens on: the one asked for, or the one the kernel chose for port 0. */
    public int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
        pool.shutdownNow();
    }

    /**
     * The client library logs an answer it could not send with its stack trace, to stderr; a
     * scraper that hung up is no fault of jtop's, and a stack trace reaches no user: one line
     * instead. The logger is the library's, one per process, so the last server started says
     * where its lines go.
     */
    private static void reportTo(Consumer<String> problems) {
        for (Handler h : LIBRARY_LOG.getHandlers()) {
            LIBRARY_LOG.removeHandler(h);
        }
        LIBRARY_LOG.setUseParentHandlers(false);
        LIBRARY_LOG.addHandler(new Handler() {
            @Override
            public void publish(LogRecord record) {
                Throwable cause = record.getThrown();
                problems.accept("a scrape could not be answered: "
                        + (cause == null || cause.getMessage() == null ? record.getMessage() : cause.getMessage()));
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        });
    }

    /**
     * The gate in front of every path, the JDK server's hook that runs before any handler:
     * {@code GET /metrics} (and its query, e.g. {@code ?name[]=…}) passes; any other path is 404,
     * any other method 405.
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
