package io.jtop.backend.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.exception.NotModifiedException;
import com.github.dockerjava.api.model.EventType;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.StreamType;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.transport.DockerHttpClient;
import com.github.dockerjava.zerodep.ZerodepDockerHttpClient;
import io.jtop.container.Container;
import io.jtop.container.LogLine;
import io.jtop.container.Runtime;

import java.io.Closeable;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * {@link Engine} over docker-java and its zero-dependency transport, on a unix socket. Two HTTP
 * clients: one for calls that answer at once, one for streams (events, followed logs) and for
 * calls that wait on the container (stop, restart, remove). The API version is negotiated once,
 * at {@link #connect}, from {@code /_ping}.
 *
 * <p>Timeouts: the transport's read timeout does nothing on a unix socket (its stream ignores
 * {@code SO_TIMEOUT}; a socket that accepts and never answers blocks a read forever), so every call
 * but a stream has a deadline of its own: {@link #READ} for quick calls, the grace time plus
 * {@link #READ} for those that wait on the container. A call past its deadline closes its HTTP
 * client, which fails the blocked read at once; the engine is then unusable and its backend
 * reconnects.
 *
 * <p>Only this class names docker-java: nothing of it is loaded until an engine's socket exists
 * and its backend connects.
 */
final class DockerJavaEngine implements Engine {

    static final Duration CONNECT = Duration.ofSeconds(1);
    static final Duration READ = Duration.ofSeconds(5);

    /** Fires the deadlines of calls; one daemon thread for every engine. */
    private static final java.util.concurrent.ScheduledExecutorService DEADLINES =
            java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "jtop-engine-deadlines");
                t.setDaemon(true);
                return t;
            });

    private final Runtime runtime;
    private final String socket;
    private final String version;
    private final DockerHttpClient quickHttp;
    private final DockerHttpClient streamHttp;
    private final DockerClient quick;
    private final DockerClient streams;

    private DockerJavaEngine(Runtime runtime, Path socket, String version, DockerHttpClient quickHttp,
                             DockerHttpClient streamHttp) {
        this.runtime = runtime;
        this.socket = socket.toString();
        this.version = version;
        this.quickHttp = quickHttp;
        this.streamHttp = streamHttp;
        DefaultDockerClientConfig.Builder config = DefaultDockerClientConfig.createDefaultConfigBuilder()
                .withDockerHost("unix://" + socket)
                .withDockerTlsVerify(false);
        if (version != null) {
            config.withApiVersion(version);
        }
        DefaultDockerClientConfig c = config.build();
        this.quick = DockerClientImpl.getInstance(c, quickHttp);
        this.streams = DockerClientImpl.getInstance(c, streamHttp);
    }

    /**
     * Pings the engine and negotiates the API version.
     *
     * @throws EngineException with one line (not answering, permission denied …) when it cannot
     */
    static DockerJavaEngine connect(Runtime runtime, Path socket) {
        URI uri = URI.create("unix://" + socket);
        DockerHttpClient quickHttp = new ZerodepDockerHttpClient.Builder().dockerHost(uri)
                .connectionTimeout(CONNECT).responseTimeout(READ).build();
        DockerHttpClient streamHttp = null;
        try {
            String server = withDeadline(socket.toString(), quickHttp, READ, () -> {
                try (DockerHttpClient.Response r = quickHttp.execute(DockerHttpClient.Request.builder()
                        .method(DockerHttpClient.Request.Method.GET).path("/_ping").build())) {
                    if (r.getStatusCode() != 200) {
                        throw new EngineException(r.getStatusCode(), socket + " answered /_ping with HTTP "
                                + r.getStatusCode(), null);
                    }
                    return r.getHeader("Api-Version");
                }
            });
            streamHttp = new ZerodepDockerHttpClient.Builder().dockerHost(uri).connectionTimeout(CONNECT).build();
            return new DockerJavaEngine(runtime, socket, ApiVersions.negotiate(server, ApiVersions.CLIENT_MAX),
                    quickHttp, streamHttp);
        } catch (RuntimeException e) {
            closeQuietly(quickHttp);
            closeQuietly(streamHttp);
            throw e instanceof EngineException ee ? ee : failure(socket.toString(), e);
        }
    }

    /** The API version spoken, or null for unversioned requests. */
    String version() {
        return version;
    }

    @Override
    public List<Container> list() {
        return call(() -> {
            List<Container> out = new ArrayList<>();
            for (com.github.dockerjava.api.model.Container c : quick.listContainersCmd().withShowAll(true).exec()) {
                out.add(DockerMapping.listed(c, runtime));
            }
            return out;
        });
    }

    @Override
    public Container inspect(String id) {
        try {
            return call(() -> DockerMapping.inspected(quick.inspectContainerCmd(id).exec(), runtime));
        } catch (EngineException e) {
            if (e.status() == 404) {
                return null;
            }
            throw e;
        }
    }

    @Override
    public String inspectJson(String id) {
        String path = (version == null ? "" : "/v" + version) + "/containers/" + id + "/json";
        return call(() -> {
            try (DockerHttpClient.Response r = quickHttp.execute(DockerHttpClient.Request.builder()
                    .method(DockerHttpClient.Request.Method.GET).path(path).build())) {
                if (r.getStatusCode() == 404) {
                    return null;
                }
                String body = new String(r.getBody().readAllBytes(), StandardCharsets.UTF_8);
                if (r.getStatusCode() != 200) {
                    throw new EngineException(r.getStatusCode(), DockerMapping.errorMessage(body), null);
                }
                return body;
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
    }

    @Override
    public Closeable events(String since, Consumer<Engine.Event> onEvent, Consumer<Throwable> onEnd) {
        var cmd = streams.eventsCmd().withEventTypeFilter(EventType.CONTAINER);
        if (since != null) {
            cmd.withSince(since);
        }
        return cmd.exec(new ResultCallback.Adapter<com.github.dockerjava.api.model.Event>() {
            private boolean ended;

            @Override
            public void onNext(com.github.dockerjava.api.model.Event e) {
                String id = e.getActor() != null && e.getActor().getId() != null ? e.getActor().getId() : e.getId();
                long nanos = e.getTimeNano() != null ? e.getTimeNano()
                        : e.getTime() != null ? e.getTime() * 1_000_000_000L : 0;
                if (id != null) {
                    onEvent.accept(new Engine.Event(id, e.getAction() == null ? e.getStatus() : e.getAction(), nanos));
                }
            }

            @Override
            public void onError(Throwable t) {
                end(t);
                super.onError(t);
            }

            @Override
            public void onComplete() {
                end(null);
                super.onComplete();
            }

            private synchronized void end(Throwable t) {
                if (!ended) {
                    ended = true;
                    onEnd.accept(t);
                }
            }
        });
    }

    @Override
    public void start(String id) {
        run(() -> quick.startContainerCmd(id).exec());
    }

    @Override
    public void stop(String id, int graceSeconds) {
        waiting(graceSeconds, () -> streams.stopContainerCmd(id).withTimeout(graceSeconds).exec());
    }

    @Override
    public void restart(String id, int graceSeconds) {
        waiting(graceSeconds, () -> streams.restartContainerCmd(id).withTimeout(graceSeconds).exec());
    }

    @Override
    public void kill(String id, String signal) {
        run(() -> quick.killContainerCmd(id).withSignal(signal).exec());
    }

    @Override
    public void pause(String id) {
        run(() -> quick.pauseContainerCmd(id).exec());
    }

    @Override
    public void unpause(String id) {
        run(() -> quick.unpauseContainerCmd(id).exec());
    }

    @Override
    public void remove(String id, boolean force) {
        waiting(0, () -> streams.removeContainerCmd(id).withForce(force).exec());
    }

    @Override
    public void logs(String id, int tail, boolean follow, Consumer<LogLine> sink) throws InterruptedException {
        var cmd = (follow ? streams : quick).logContainerCmd(id).withStdOut(true).withStdErr(true)
                .withTimestamps(true).withFollowStream(follow);
        if (tail >= 0) {
            cmd.withTail(tail);
        } else {
            cmd.withTailAll();
        }
        ResultCallback.Adapter<Frame> callback = new ResultCallback.Adapter<>() {
            @Override
            public void onNext(Frame f) {
                LogFrames.lines(f.getPayload(), f.getStreamType() == StreamType.STDERR).forEach(sink);
            }
        };
        try {
            cmd.exec(callback).awaitCompletion();
        } catch (RuntimeException e) {
            throw failure(socket, e);
        }
        try {
            callback.close();
        } catch (IOException e) {
            // the stream has ended: nothing left to release
        }
    }

    @Override
    public void close() {
        closeQuietly(quickHttp);
        closeQuietly(streamHttp);
    }

    private void run(Runnable call) {
        call(() -> {
            call.run();
            return null;
        });
    }

    /** A call that waits on the container: its deadline is the grace time and then {@link #READ}. */
    private void waiting(int graceSeconds, Runnable call) {
        withDeadline(socket, streamHttp, READ.plusSeconds(Math.max(0, graceSeconds)), () -> {
            try {
                call.run();
            } catch (NotModifiedException e) {
                // already in the state asked for
            }
            return null;
        });
    }

    /** A quick call, within {@link #READ}. */
    private <T> T call(Supplier<T> call) {
        return withDeadline(socket, quickHttp, READ, () -> {
            try {
                return call.get();
            } catch (NotModifiedException e) {
                return null; // already in the state asked for (start of a running one, stop of a stopped one)
            }
        });
    }

    /**
     * Runs a call on {@code client}, closing the client if it has not returned within {@code limit},
     * and turns docker-java's and the transport's exceptions into one-line {@link EngineException}s.
     */
    private static <T> T withDeadline(String socket, DockerHttpClient client, Duration limit, Supplier<T> call) {
        java.util.concurrent.atomic.AtomicBoolean expired = new java.util.concurrent.atomic.AtomicBoolean();
        java.util.concurrent.ScheduledFuture<?> deadline = DEADLINES.schedule(() -> {
            expired.set(true);
            closeQuietly(client);
        }, limit.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        try {
            return call.get();
        } catch (RuntimeException e) {
            if (expired.get()) {
                throw new EngineException(0, socket + " did not answer within " + limit.toSeconds() + " s", e);
            }
            throw failure(socket, e);
        } finally {
            deadline.cancel(false);
        }
    }

    static EngineException failure(String socket, RuntimeException e) {
        if (e instanceof EngineException ee) {
            return ee;
        }
        if (e instanceof NotFoundException nf) {
            return new EngineException(404, DockerMapping.errorMessage(nf.getMessage()), e);
        }
        if (e instanceof DockerException d) {
            return new EngineException(d.getHttpStatus(), DockerMapping.errorMessage(d.getMessage()), e);
        }
        return new EngineException(0, DockerMapping.transportMessage(socket, e), e);
    }

    private static void closeQuietly(Closeable c) {
        if (c != null) {
            try {
                c.close();
            } catch (IOException | RuntimeException e) {
                // closing a client of a socket that is gone: nothing to do
            }
        }
    }
}
