package io.jtop.container;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A source of containers and the actions it can take on them. Discovery from the cgroup tree is a
 * read-only backend (only a signal to a container's init applies); jtop's own runtime takes every
 * action.
 *
 * <p>Every action names the container as it was listed. A backend that cannot take an action
 * throws {@link UnsupportedOperationException} with a one-line reason for the user; one whose
 * container changed since it was listed (a recycled PID) throws {@link IllegalStateException}.
 */
public interface Backend {

    /** Short name for status lines, e.g. {@code cgroups} or {@code docker}. */
    String name();

    /**
     * The containers this backend knows: running and paused ones, and with {@code all} also
     * created and exited ones where the backend keeps them.
     *
     * <p>A container that has not changed since the last call is returned as the <em>same
     * object</em> ({@code ==}), a changed one as a new object. Callers rely on it to skip work:
     * the merged list keeps a merged entry, the sampler an idle container's row, the UI its sorted
     * table and its drawn cells, while their inputs are the same objects. A backend that builds new
     * objects at every call is correct but makes every one of them redo that work.
     */
    List<Container> list(boolean all);

    /**
     * {@link #list}, told what more knowing backends have listed already, by id: a backend may
     * leave out what it would only have had to look up for those (another backend's entry wins).
     */
    default List<Container> list(boolean all, Map<String, Container> listedElsewhere) {
        return list(all);
    }

    /**
     * Whether a {@link #list} may wait for another process's answer (an engine's first listing,
     * in a command that prints once). A merged list asks such backends after the others, so that
     * their work overlaps the wait.
     */
    default boolean mayWait() {
        return false;
    }

    /**
     * A hint that a container may have changed in ways a backend that caches would miss: an
     * action was taken on it, or its cgroup emptied. The next {@link #list} looks again.
     */
    default void changed(Container c) {
    }

    /**
     * How this backend is doing, one line for the status bar when something is wrong (e.g.
     * {@code reconnecting (connection refused)}), or null when all is well or it has nothing to say.
     * A backend whose {@link #list} throws is reported by the exception's message instead.
     */
    default String status() {
        return null;
    }

    /**
     * Whether what this backend reaches is on this host at all: for an engine, whether its socket
     * exists. One that is not is not failing, only absent (no Docker here): the header says
     * {@code not running}, and a command says nothing of it.
     */
    default boolean present() {
        return true;
    }

    /**
     * Asks to be told when this backend's list has changed on its own (an engine's event), so a
     * view can list again at once instead of at its next tick. Called from the backend's thread;
     * the listener must only schedule work.
     */
    default void onChange(Runnable listener) {
    }

    /** Stops what the backend runs in the background (event streams, threads). */
    default void close() {
    }

    /**
     * The view's first frame is on the screen: a backend that defers costly start-up work (an
     * engine's HTTP client) so as not to slow that frame may start it now.
     */
    default void firstFrameShown() {
    }

    /** Whether {@link #run} creates containers here. */
    default boolean canRun() {
        return false;
    }

    /** Images {@link #run} can start, by their names. */
    default List<String> imageNames() throws IOException {
        return List.of();
    }

    /** Creates and starts a container; returns it as {@link #list} would show it. */
    default Container run(RunRequest request) throws IOException {
        throw unsupported(null, "run");
    }

    /** Starts a created or exited container again. */
    default void start(Container c) throws IOException, InterruptedException {
        throw unsupported(c, "started");
    }

    /** SIGTERM, then SIGKILL after {@code graceSeconds}. */
    default void stop(Container c, int graceSeconds) throws IOException, InterruptedException {
        throw unsupported(c, "stopped");
    }

    /** Stops (with grace) and starts again. */
    default void restart(Container c, int graceSeconds) throws IOException, InterruptedException {
        throw unsupported(c, "restarted");
    }

    /** Sends a signal (a name such as {@code KILL} or {@code SIGTERM}, or a number) to the container's init. */
    default void kill(Container c, String signal) throws IOException {
        throw unsupported(c, "signalled");
    }

    default void pause(Container c) throws IOException {
        throw unsupported(c, "paused");
    }

    default void resume(Container c) throws IOException {
        throw unsupported(c, "resumed");
    }

    /** Removes a container; {@code force} kills it first if it runs. */
    default void remove(Container c, boolean force) throws IOException, InterruptedException {
        throw unsupported(c, "removed");
    }

    /** The last {@code lines} lines of the container's output, oldest first. */
    default List<LogLine> logs(Container c, int lines) throws IOException {
        throw unsupported(c, "read for logs");
    }

    /**
     * Hands the container's output to {@code sink}, oldest first: the last {@code tail} lines (all
     * when negative) and, with {@code follow}, what comes after until the container stops.
     */
    default void logs(Container c, int tail, boolean follow, Consumer<LogLine> sink)
            throws IOException, InterruptedException {
        if (follow) {
            throw unsupported(c, "followed for logs");
        }
        logs(c, tail < 0 ? Integer.MAX_VALUE : tail).forEach(sink);
    }

    /**
     * The container with what this backend knows of it beyond its listing (an engine's
     * inspection: restart count, OOM kill), for one container's detailed view; the container
     * itself by default.
     */
    default Container detailed(Container c) throws IOException {
        return c;
    }

    /** The runtime's own description of the container (e.g. its OCI config.json), or null if none. */
    default String config(Container c) throws IOException {
        return null;
    }

    /** The exception for an action this backend does not take. */
    default UnsupportedOperationException unsupported(Container c, String what) {
        String whose = c == null ? name() : c.runtime().label();
        return new UnsupportedOperationException(what.equals("run")
                ? name() + " cannot run containers"
                : whose + " containers cannot be " + what + " from jtop");
    }

    /** The exception for a container whose init is not the process it was listed with (pid or start time). */
    default IllegalStateException processChanged(Container c) {
        return new IllegalStateException(c.displayName() + ": process changed since it was listed");
    }
}
