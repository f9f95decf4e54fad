package io.jtop.backend.docker;

import io.jtop.container.Container;
import io.jtop.container.LogLine;

import java.io.Closeable;
import java.io.IOException;
import java.util.Collection;
import java.util.List;
import java.util.function.Consumer;

/**
 * What {@link EngineBackend} asks of an engine's API: one implementation over Jetty's HTTP client
 * ({@link JettyEngine}), fakes in tests. Failures are {@link EngineException}s whose message
 * is the one line a user sees.
 */
interface Engine extends Closeable {

    /** Every container the engine keeps, as its list shows them (no pids). */
    List<Container> list();

    /** One container with everything the engine knows (its init's pid too), or null when it is gone. */
    Container inspect(String id);

    /** The engine's own description of a container (its inspect JSON), or null when it is gone. */
    String inspectJson(String id);

    /**
     * Starts following the engine's container events from {@code since} (engine time, seconds,
     * may be fractional; null for from now on). {@code onEvent} gets each event; {@code onEnd} is
     * called once when the stream ends or fails (the daemon stopped, the socket went away).
     */
    Closeable events(String since, Consumer<Event> onEvent, Consumer<Throwable> onEnd);

    /**
     * The events the engine still keeps of one container between two times (engine time,
     * seconds), oldest first, at most the last {@code max} of them; one call that ends when the
     * engine has sent them all, within {@link JettyEngine#READ}.
     */
    List<Event> pastEvents(String id, String since, String until, int max);

    /**
     * One container event: which container, what happened ({@code start}, {@code die} …), when
     * (ns), and what its attributes add ({@code exit code 137}, {@code signal 15}), else empty.
     */
    record Event(String id, String action, long timeNanos, String detail) {

        public Event {
            detail = detail == null ? "" : detail;
        }

        Event(String id, String action, long timeNanos) {
            this(id, action, timeNanos, "");
        }
    }

    /**
     * Podman's pods of these containers ({@code GET /libpod/containers/json}), or of all of them
     * when {@code ids} is null: one entry per container listed, its pod null when it is in none.
     * An engine without pods (dockerd) has none to tell: empty.
     */
    default List<PodMember> podMembers(Collection<String> ids) {
        return List.of();
    }

    /** A Podman pod's own cgroup path ({@code GET /libpod/pods/{id}/json}), or null when it has none or is gone. */
    default String podCgroup(String podId) {
        return null;
    }

    /** A container as Podman's own list tells it: its pod (id and name, null for none) and whether it is the pod's infra. */
    record PodMember(String id, String podId, String podName, boolean infra) {
    }

    void start(String id);

    void stop(String id, int graceSeconds);

    void restart(String id, int graceSeconds);

    void kill(String id, String signal);

    void pause(String id);

    void unpause(String id);

    void remove(String id, boolean force);

    /** The last {@code tail} lines (all when negative) and with {@code follow} the rest until the container stops. */
    void logs(String id, int tail, boolean follow, Consumer<LogLine> sink) throws InterruptedException;

    @Override
    void close() throws IOException;

    /** A failed call, with the engine's own message (e.g. {@code No such container: x}). */
    final class EngineException extends RuntimeException {
        private final int status;

        EngineException(int status, String message, Throwable cause) {
            super(message, cause);
            this.status = status;
        }

        /** The HTTP status, or 0 when the engine was not reached. */
        int status() {
            return status;
        }
    }
}
