package io.jtop.backend.docker;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import io.jtop.container.Container;
import io.jtop.container.LogLine;
import io.jtop.text.Utf8;
import io.jtop.container.Runtime;
import org.eclipse.jetty.client.CompletableResponseListener;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.InputStreamResponseListener;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.client.Response;
import org.eclipse.jetty.client.transport.HttpClientTransportOverHTTP;
import org.eclipse.jetty.io.ClientConnector;
import org.eclipse.jetty.io.Transport;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.util.thread.ScheduledExecutorScheduler;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.StringJoiner;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * {@link Engine} over Jetty's HTTP client on the engine's unix socket, with the answers read by
 * {@link DockerMapping}, rather than docker-java: a command such as {@code jtop ps} waits for the
 * engine's first answer in a new JVM, and docker-java is much slower to start.
 *
 * <p>One HTTP client serves every engine of the process (a request names its socket as its
 * {@link Transport}), started on first use: its threads are daemons, it lives as long as the
 * process. Deadlines are per request: {@link #READ} for quick calls, the grace time plus
 * {@link #READ} for calls that wait on the container; a stream (events, logs) has none once its
 * answer has begun, but its headers must come within {@link #READ}. Connections never time out
 * for idleness: an event stream may be quiet for hours. {@link #close} aborts what this engine
 * still has in flight, which ends its streams.
 *
 * <p>The API version is negotiated once, at {@link #connect}, from {@code /_ping}.
 *
 * <p>Its length (over 500 lines) is every call jtop makes to an engine, one short method each
 * with its deadline, beside the one transport they share.
 */
final class JettyEngine implements Engine {

    static final Duration CONNECT = Duration.ofSeconds(1);
    static final Duration READ = Duration.ofSeconds(5);
    /** The deadline of a question about pods: small answers, and the listing waits for them. */
    static final Duration POD_READ = Duration.ofSeconds(2);
    /** A version fit for a path ({@code 4.3.1}); anything else is not used. */
    private static final Pattern LIBPOD_VERSION = Pattern.compile("[0-9]{1,4}(\\.[0-9]{1,4}){0,2}");
    /** An engine's container id, fit for a filter. */
    private static final Pattern ID = Pattern.compile("[0-9a-f]{1,64}");
    /** The most an answer held in memory may be: a listing of thousands of containers fits. */
    private static final int MAX_ANSWER = 64 << 20;

    private static HttpClient client;
    /** Engines open on {@link #client}: the last one to close stops it. */
    private static int users;

    private final Runtime runtime;
    private final String socket;
    private final Transport transport;
    private final String base;
    private final String version;
    /** Podman's own API version ({@code Libpod-Api-Version} of {@code /_ping}), or null for an engine without it. */
    private final String libpod;
    private final Set<Request> inFlight = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    private JettyEngine(Runtime runtime, Path socket, Transport transport, String version, String libpod) {
        this.runtime = runtime;
        this.socket = socket.toString();
        this.transport = transport;
        this.version = version;
        this.libpod = libpod;
        // The host part is never resolved: the transport says where to connect.
        this.base = "http://" + runtime.label() + (version == null ? "" : "/v" + version);
    }

    /** The client every engine shares, started on first use. */
    static synchronized HttpClient client() {
        if (client == null) {
            // Jetty asks the JVM over JMX whether references are compressed, to pad its counters
            // to a cache line; JMX is slow to start and nothing else needs it. 16 is the answer for any
            // heap jtop runs with (compressed oops below 32 GB); a padding hint, not a correctness one.
            if (System.getProperty("org.eclipse.jetty.util.referencesPerCacheLine") == null) {
                System.setProperty("org.eclipse.jetty.util.referencesPerCacheLine", "16");
            }
            ClientConnector connector = new ClientConnector() {
                @Override
                protected SslContextFactory.Client newSslContextFactory() {
                    return null; // unix sockets only: setting up TLS would load the JDK's whole SSL stack
                }
            };
            connector.setSelectors(1);
            connector.setConnectTimeout(CONNECT);
            connector.setIdleTimeout(Duration.ZERO);
            QueuedThreadPool threads = new QueuedThreadPool(8, 1);
            threads.setName("jtop-http");
            threads.setDaemon(true);
            connector.setExecutor(threads);
            connector.setScheduler(new ScheduledExecutorScheduler("jtop-http-scheduler", true));
            HttpClient c = new HttpClient(new HttpClientTransportOverHTTP(connector));
            c.setFollowRedirects(false);
            c.setIdleTimeout(0);
            c.setUserAgentField(null);
            try {
                c.start();
            } catch (Exception e) {
                throw new EngineException(0, "the HTTP client did not start: " + e, e);
            }
            client = c;
        }
        return client;
    }

    /**
     * Pings the engine and negotiates the API version.
     *
     * @throws EngineException with one line (not answering, permission denied …) when it cannot
     */
    static JettyEngine connect(Runtime runtime, Path socket) {
        acquire();
        try {
            JettyEngine unversioned = new JettyEngine(runtime, socket, new Transport.TCPUnix(socket), null, null);
            ContentResponse r = unversioned.send(unversioned.request("GET", "/_ping"), READ);
            if (r.getStatus() != 200) {
                throw new EngineException(r.getStatus(), socket + " answered /_ping with HTTP " + r.getStatus(), null);
            }
            String server = r.getHeaders().get("Api-Version");
            String libpod = r.getHeaders().get("Libpod-Api-Version");
            return new JettyEngine(runtime, socket, unversioned.transport,
                    ApiVersions.negotiate(server, ApiVersions.CLIENT_MAX),
                    libpod != null && LIBPOD_VERSION.matcher(libpod).matches() ? libpod : null);
        } catch (RuntimeException e) {
            release();
            throw e;
        }
    }

    private static synchronized void acquire() {
        users++;
    }

    /**
     * The last engine closed: the client stops, and its selector thread leaves {@code epoll_wait}.
     * A JVM that exits while one of its threads is in native code waits a while for it to come
     * back (HotSpot's {@code VM_Exit}); a command would pay that at every exit. The client is
     * stopped outside the lock: stopping waits for its threads, and an engine connecting meanwhile
     * (the UI reconnecting, the next command of a test) starts a client of its own instead of
     * waiting for the old one to stop.
     */
    private static void release() {
        HttpClient stopping;
        synchronized (JettyEngine.class) {
            if (--users != 0 || client == null) {
                return;
            }
            stopping = client;
            client = null;
        }
        try {
            stopping.stop();
        } catch (Exception e) {
            // stopping a client whose engines are gone: nothing left to save
        }
    }

    /** The API version spoken, or null for unversioned requests. */
    String version() {
        return version;
    }

    @Override
    public List<Container> list() {
        byte[] body = ok(send(request("GET", "/containers/json").param("all", "1"), READ));
        try {
            return DockerMapping.listed(body, runtime, Instant.now());
        } catch (IOException e) {
            throw new EngineException(200, socket + " gave a container list that is not one: " + e.getMessage(), e);
        }
    }

    @Override
    public Container inspect(String id) {
        byte[] json = inspectBody(id);
        if (json == null) {
            return null;
        }
        try {
            return DockerMapping.inspected(json, runtime);
        } catch (IOException e) {
            throw new EngineException(200, socket + " described " + id + " in JSON it cannot read: " + e.getMessage(), e);
        }
    }

    @Override
    public String inspectJson(String id) {
        byte[] json = inspectBody(id);
        return json == null ? null : new String(json, StandardCharsets.UTF_8);
    }

    /** The engine's inspect JSON of a container, or null when it has none of that id. */
    private byte[] inspectBody(String id) {
        ContentResponse r = send(request("GET", "/containers/" + id + "/json"), READ);
        return r.getStatus() == 404 ? null : ok(r);
    }

    /**
     * Podman's own list, for the pods: its libpod API is versioned with the libpod version (the
     * compatible API's version is not accepted there), so an engine without one has no pods.
     */
    @Override
    public List<PodMember> podMembers(Collection<String> ids) {
        if (libpod == null) {
            return List.of();
        }
        Request req = request("GET", "/v" + libpod + "/libpod/containers/json", false).param("all", "true");
        if (ids != null) {
            if (ids.isEmpty()) {
                return List.of();
            }
            StringJoiner filter = new StringJoiner("\",\"", "{\"id\":[\"", "\"]}");
            for (String id : ids) {
                if (!ID.matcher(id).matches()) {
                    return podMembers(null); // not an id a filter can carry: all of them instead
                }
                filter.add(id);
            }
            req.param("filters", filter.toString());
        }
        byte[] body = ok(send(req, POD_READ));
        try {
            return DockerMapping.podMembers(body);
        } catch (IOException e) {
            throw new EngineException(200, socket + " gave a container list that is not one: " + e.getMessage(), e);
        }
    }

    @Override
    public String podCgroup(String podId) {
        if (libpod == null || !ID.matcher(podId).matches()) {
            return null;
        }
        ContentResponse r = send(request("GET", "/v" + libpod + "/libpod/pods/" + podId + "/json", false), POD_READ);
        if (r.getStatus() == 404) {
            return null;
        }
        try {
            return DockerMapping.podCgroup(ok(r));
        } catch (IOException e) {
            throw new EngineException(200, socket + " described pod " + podId + " in JSON it cannot read: "
                    + e.getMessage(), e);
        }
    }

    @Override
    public Closeable events(String since, Consumer<Event> onEvent, Consumer<Throwable> onEnd) {
        Request req = request("GET", "/events").param("filters", "{\"type\":[\"container\"]}");
        if (since != null) {
            req.param("since", since);
        }
        InputStreamResponseListener answer = new InputStreamResponseListener();
        inFlight.add(req);
        req.send(answer); // at once: the caller lists meanwhile, and its listing overlaps the subscription
        Thread reader = new Thread(() -> {
            Throwable end = null;
            try (InputStream in = stream(req, answer)) {
                eachEvent(in, onEvent);
            } catch (IOException | RuntimeException e) {
                end = e;
            } finally {
                inFlight.remove(req);
            }
            onEnd.accept(end);
        }, "jtop-" + runtime.label() + "-events");
        reader.setDaemon(true);
        reader.start();
        return () -> req.abort(new IOException("closed"));
    }

    @Override
    public List<Event> pastEvents(String id, String since, String until, int max) {
        if (!ID.matcher(id).matches()) {
            return List.of(); // not an id a filter can carry
        }
        Request req = request("GET", "/events")
                .param("filters", "{\"type\":[\"container\"],\"container\":[\"" + id + "\"]}")
                .param("since", since)
                .param("until", until);
        req.timeout(READ.toMillis(), TimeUnit.MILLISECONDS); // the whole answer: a daemon that never ends it is cut off
        InputStreamResponseListener answer = new InputStreamResponseListener();
        inFlight.add(req);
        req.send(answer);
        ArrayDeque<Event> last = new ArrayDeque<>();
        try (InputStream in = stream(req, answer)) {
            eachEvent(in, e -> {
                if (last.size() == max) {
                    last.removeFirst();
                }
                last.addLast(e);
            });
        } catch (JsonProcessingException e) {
            throw new EngineException(200, socket + " sent events it cannot read", e);
        } catch (IOException e) {
            throw new EngineException(0, DockerMapping.transportMessage(socket, e), e);
        } finally {
            inFlight.remove(req);
        }
        return List.copyOf(last);
    }

    /** Reads a stream of event objects to its end, handing each container event on. */
    private static void eachEvent(InputStream in, Consumer<Event> onEvent) throws IOException {
        try (JsonParser p = DockerMapping.JSON.createParser(in)) {
            for (JsonToken t = p.nextToken(); t != null; t = p.nextToken()) {
                if (t == JsonToken.START_OBJECT) {
                    Event e = DockerMapping.event(p);
                    if (e != null) {
                        onEvent.accept(e);
                    }
                } else {
                    p.skipChildren();
                }
            }
        }
    }

    @Override
    public void start(String id) {
        done(send(request("POST", "/containers/" + id + "/start"), READ));
    }

    @Override
    public void stop(String id, int graceSeconds) {
        done(send(request("POST", "/containers/" + id + "/stop").param("t", Integer.toString(graceSeconds)),
                waiting(graceSeconds)));
    }

    @Override
    public void restart(String id, int graceSeconds) {
        done(send(request("POST", "/containers/" + id + "/restart").param("t", Integer.toString(graceSeconds)),
                waiting(graceSeconds)));
    }

    @Override
    public void kill(String id, String signal) {
        done(send(request("POST", "/containers/" + id + "/kill").param("signal", signal), READ));
    }

    @Override
    public void pause(String id) {
        done(send(request("POST", "/containers/" + id + "/pause"), READ));
    }

    @Override
    public void unpause(String id) {
        done(send(request("POST", "/containers/" + id + "/unpause"), READ));
    }

    @Override
    public void remove(String id, boolean force) {
        done(send(request("DELETE", "/containers/" + id).param("force", force ? "1" : "0"), waiting(0)));
    }

    /**
     * Both streams with their times. A container without a TTY sends frames (an 8-byte header:
     * stream, three zero bytes, big-endian length; then the payload); one with a TTY sends its
     * output raw. Which one it is shows in the first header, as docker-java also tells them apart.
     */
    @Override
    public void logs(String id, int tail, boolean follow, Consumer<LogLine> sink) throws InterruptedException {
        Request req = request("GET", "/containers/" + id + "/logs").param("stdout", "1").param("stderr", "1")
                .param("timestamps", "1").param("follow", follow ? "1" : "0")
                .param("tail", tail >= 0 ? Integer.toString(tail) : "all");
        InputStreamResponseListener answer = new InputStreamResponseListener();
        inFlight.add(req);
        req.send(answer);
        LogFrames frames = new LogFrames();
        try (DataInputStream in = new DataInputStream(stream(req, answer))) {
            byte[] header = new byte[8];
            int first = in.readNBytes(header, 0, 8);
            boolean framed = first == 8 && header[0] >= 0 && header[0] <= 2 && header[1] == 0 && header[2] == 0
                    && header[3] == 0;
            if (!framed) {
                raw(header, first, in, sink);
                return;
            }
            while (true) {
                int size = ((header[4] & 0xff) << 24) | ((header[5] & 0xff) << 16) | ((header[6] & 0xff) << 8)
                        | (header[7] & 0xff);
                byte[] payload = new byte[size];
                in.readFully(payload);
                frames.frame(payload, header[0] == 2, sink);
                if (in.readNBytes(header, 0, 8) < 8) {
                    frames.end(sink);
                    return;
                }
            }
        } catch (InterruptedIOException e) {
            req.abort(e);
            throw new InterruptedException("interrupted while reading the logs of " + id);
        } catch (EOFException e) {
            frames.end(sink); // the stream ended inside a frame: what came whole was given
        } catch (IOException e) {
            if (Thread.currentThread().isInterrupted()) {
                throw new InterruptedException("interrupted while reading the logs of " + id);
            }
            throw new EngineException(0, DockerMapping.transportMessage(socket, e), e);
        } finally {
            inFlight.remove(req);
        }
    }

    /** A TTY's output: lines as they come, all of it as standard output. */
    private static void raw(byte[] start, int n, InputStream in, Consumer<LogLine> sink) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        InputStream all = new SequenceInputStream(new ByteArrayInputStream(start, 0, Math.max(0, n)), in);
        for (int b = all.read(); b >= 0; b = all.read()) {
            if (b == '\n') {
                sink.accept(LogFrames.line(Utf8.decode(line.toByteArray()), false));
                line.reset();
            } else {
                line.write(b);
            }
        }
        if (line.size() > 0) {
            sink.accept(LogFrames.line(Utf8.decode(line.toByteArray()), false));
        }
    }

    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        IOException why = new IOException("closed");
        for (Request r : inFlight) {
            r.abort(why);
        }
        release();
    }

    private Request request(String method, String path) {
        return request(method, path, true);
    }

    /** A request of the compatible API ({@code versioned}: under the version spoken), or of a path as given. */
    private Request request(String method, String path, boolean versioned) {
        String root = versioned ? base : "http://" + runtime.label();
        return client().newRequest(root + path).method(method).transport(transport);
    }

    /** A call that waits on the container: its deadline is the grace time and then {@link #READ}. */
    private static Duration waiting(int graceSeconds) {
        return READ.plusSeconds(Math.max(0, graceSeconds));
    }

    /** Sends a request and waits for its whole answer, at most {@code limit}. */
    private ContentResponse send(Request req, Duration limit) {
        if (closed) {
            throw new EngineException(0, socket + ": closed", null);
        }
        req.timeout(limit.toMillis(), TimeUnit.MILLISECONDS);
        inFlight.add(req);
        try {
            return new CompletableResponseListener(req, MAX_ANSWER).send().get();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            if (cause instanceof TimeoutException) {
                throw new EngineException(0, socket + " did not answer within " + limit.toSeconds() + " s", cause);
            }
            throw new EngineException(0, DockerMapping.transportMessage(socket, cause), cause);
        } catch (InterruptedException e) {
            req.abort(e);
            Thread.currentThread().interrupt();
            throw new EngineException(0, socket + ": interrupted", e);
        } finally {
            inFlight.remove(req);
        }
    }

    /**
     * The body of a stream's answer once its headers came (within {@link #READ}); an error
     * status is an {@link EngineException} with the engine's message.
     */
    private InputStream stream(Request req, InputStreamResponseListener answer) throws IOException {
        Response r;
        try {
            r = answer.get(READ.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            req.abort(e);
            throw new EngineException(0, socket + " did not answer within " + READ.toSeconds() + " s", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new EngineException(0, DockerMapping.transportMessage(socket, cause), cause);
        } catch (InterruptedException e) {
            req.abort(e);
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for " + socket);
        }
        InputStream in = answer.getInputStream();
        if (r.getStatus() != 200) {
            String body;
            try (in) {
                body = new String(in.readNBytes(64 << 10), StandardCharsets.UTF_8);
            }
            throw new EngineException(r.getStatus(), DockerMapping.errorMessage(body), null);
        }
        return in;
    }

    /** The body of a successful answer; an error status is an {@link EngineException} with the engine's message. */
    private static byte[] ok(ContentResponse r) {
        int status = r.getStatus();
        if (status >= 200 && status < 300) {
            return r.getContent();
        }
        throw new EngineException(status, DockerMapping.errorMessage(new String(r.getContent(), StandardCharsets.UTF_8)), null);
    }

    /** An action's answer: done, or already in the state asked for (304: start of a running one, stop of a stopped one). */
    private static void done(ContentResponse r) {
        if (r.getStatus() != 304) {
            ok(r);
        }
    }
}
