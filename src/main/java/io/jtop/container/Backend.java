package io.jtop.container;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A source of containers: what it lists, and what it can do to each ({@link #capability}). Each
 * action is a small capability a backend implements or not: discovery from the cgroup tree only
 * signals a container's init ({@link Killable}); jtop's own runtime and the engines (Docker,
 * Podman) take every action.
 *
 * <p>Every action names the container as it was listed. One the backend cannot take is refused by
 * {@link #require} with a one-line reason for the user ({@link UnsupportedOperationException});
 * one whose container changed since it was listed (a recycled PID), or whose state forbids it,
 * throws {@link IllegalStateException}.
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

    /**
     * What this backend can do to {@code c} as {@code type} (one of {@link Killable},
     * {@link Lifecycle}, {@link Pausable}, {@link Removable}, {@link Loggable},
     * {@link Inspectable}, {@link Runner}), or nothing when it cannot. {@code c} is a container
     * this backend listed, or null for what names no container ({@link Runner}). By default this
     * backend itself, if it implements {@code type}; a backend that lists for others (the merged
     * one) answers for the backend that listed {@code c}.
     */
    default <T> Optional<T> capability(Container c, Class<T> type) {
        return type.isInstance(this) ? Optional.of(type.cast(this)) : Optional.empty();
    }

    /**
     * {@link #capability}, or the one-line refusal the user sees ({@link #refusal}) when this
     * backend cannot: the one road by which the UI and the command line reach an action.
     *
     * @param what the action as the refusal says it, e.g. {@code stopped}, or {@code run} for {@link Runner}
     */
    default <T> T require(Container c, Class<T> type, String what) {
        return capability(c, type).orElseThrow(() -> refusal(c, what));
    }

    /** The exception for an action this backend does not take on {@code c} (null: on no container). */
    default UnsupportedOperationException refusal(Container c, String what) {
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
