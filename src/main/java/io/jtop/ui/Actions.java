package io.jtop.ui;

import com.googlecode.lanterna.screen.Screen;
import io.jtop.container.Backend;
import io.jtop.container.Container;
import io.jtop.container.ContainerState;
import io.jtop.container.Killable;
import io.jtop.container.Lifecycle;
import io.jtop.container.Loggable;
import io.jtop.container.Pausable;
import io.jtop.container.Removable;
import io.jtop.container.RunRequest;
import io.jtop.container.Runner;
import io.jtop.container.Sample;
import io.jtop.metrics.Snapshot;
import io.jtop.ui.UiState.Mode;
import io.jtop.ui.widget.TextView;
import sun.misc.Signal;
import sun.misc.SignalHandler;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;

/**
 * What the keys do to containers, one short method per action, as htop's {@code Action.c}: each
 * takes the selected row, asks what it must ask in a {@link Dialogs dialog}, and hands the
 * backend's call to the action thread, so that a slow or dead backend never freezes the keys; the
 * outcome comes back to the UI thread as a message. {@link #available} alone decides whether a
 * key is bound. UI thread only, except what {@link #act} runs.
 */
final class Actions {

    /** The signals the kill menu offers, the first one chosen by Enter. */
    static final List<String> SIGNALS = List.of("KILL (9)", "TERM (15)", "INT (2)", "HUP (1)", "QUIT (3)",
            "USR1 (10)", "USR2 (12)", "STOP (19)", "CONT (18)");
    /** The namespaces a shell may enter: all of them, or some (see {@code jtop shell --ns}). */
    private static final List<String> SHELL_NAMESPACES = List.of("all", "net", "mnt", "pid,mnt", "uts", "ipc");
    /** The grace time of stop and restart, in seconds. */
    private static final int STOP_SECONDS = 10;
    /** The logs view holds at most this many of the last lines. */
    private static final int LOG_LINES = 10_000;
    /** The logs view starts with this many of the last lines: a few screens, read and drawn at once. */
    private static final int LOG_TAIL = 1_000;

    private final UiState state;
    private final Dialogs dialogs;
    private final Sources sources;
    private final Feed feed;
    /** Runs a task on the UI thread. */
    private final Consumer<Runnable> post;
    private final Painter painter;
    private final Screen screen;
    /** The real terminal a shell runs on; null on a virtual one. */
    private final JtopTerminal terminal;
    private final boolean readonly;
    /** The same actions on a group's line: on every member, after one confirmation. */
    private final GroupActions groups;
    private final ExecutorService actionThread = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "jtop-actions");
        t.setDaemon(true);
        return t;
    });

    Actions(UiState state, Dialogs dialogs, Sources sources, Feed feed, Consumer<Runnable> post, Painter painter,
            Screen screen, JtopTerminal terminal, boolean readonly) {
        this.state = state;
        this.dialogs = dialogs;
        this.sources = sources;
        this.feed = feed;
        this.post = post;
        this.painter = painter;
        this.screen = screen;
        this.terminal = terminal;
        this.readonly = readonly;
        this.groups = new GroupActions(state, dialogs, sources, feed, post, actionThread);
    }

    /** An action on a container, run on the action thread. */
    @FunctionalInterface
    interface ContainerAction {
        void run(Container c) throws Exception;
    }

    /**
     * Whether a key's action is bound now: the one place that decides it, for the keys, the help
     * screen and the footer's hints. A key that is not bound does nothing.
     */
    boolean available(Action a) {
        return boundOnLine(a, readonly, sources.backend(), state.table, feed);
    }

    /** Whether {@code a} is bound now: a move in time on a feed that travels, the rest as on the table's line. */
    static boolean boundOnLine(Action a, boolean readonly, Backend backend, TableState table, Feed feed) {
        return a.travels() ? feed instanceof Travel : boundOnLine(a, readonly, backend, table);
    }

    /**
     * Whether {@code a} is bound on the table's selected line: for a container's line as
     * {@link #bound(Action, boolean, Backend, Container)} says; on a group's line an action on
     * containers is bound when it is for at least one member it applies to (a shell and the logs
     * are one container's: not bound).
     */
    static boolean boundOnLine(Action a, boolean readonly, Backend backend, TableState table) {
        if (a.travels()) {
            return false; // the live host has no past to move to
        }
        if (table.selectedGroup() == null) {
            Snapshot.Row row = table.selected();
            return bound(a, readonly, backend, row == null ? null : row.container());
        }
        return switch (a) {
            case SHELL, LOGS -> false;
            case KILL, STOP, RESTART, PAUSE, REMOVE, START -> table.selectedMembers().stream()
                    .anyMatch(c -> appliesTo(a, c) && bound(a, readonly, backend, c));
            default -> bound(a, readonly, backend, null);
        };
    }

    /** Whether an action on a group's members is for this member: a signal for one with a process, and so on. */
    static boolean appliesTo(Action a, Container c) {
        ContainerState s = c.state();
        return switch (a) {
            case KILL -> c.pid() > 0;
            case STOP, PAUSE -> s == ContainerState.RUNNING || s == ContainerState.PAUSED;
            case START -> s == ContainerState.EXITED || s == ContainerState.CREATED;
            default -> true;
        };
    }

    /**
     * Whether {@code a} is bound: under {@code --readonly} no action that changes a container is,
     * and an action on the selected container only when the backend that listed it can take it
     * (as k9s binds a key only for a resource that offers it). With nothing selected, an action
     * stays bound to say so; start then means a new container, bound where a backend runs them.
     */
    static boolean bound(Action a, boolean readonly, Backend backend, Container selected) {
        if (readonly && a.changesContainers()) {
            return false;
        }
        Class<?> needs = switch (a) {
            case KILL -> Killable.class;
            case STOP, RESTART -> Lifecycle.class;
            case PAUSE -> Pausable.class;
            case REMOVE -> Removable.class;
            case LOGS -> Loggable.class;
            case START -> selected != null && (selected.state() == ContainerState.EXITED
                    || selected.state() == ContainerState.CREATED) ? Lifecycle.class : Runner.class;
            default -> null; // moving, sorting, views; a shell enters the namespaces itself
        };
        if (needs == null || selected == null && needs != Runner.class) {
            return true;
        }
        try {
            return backend.capability(needs == Runner.class ? null : selected, needs).isPresent();
        } catch (IllegalStateException e) {
            return true; // listed by no backend any more: the action says so
        }
    }

    /** {@code k}: a signal picked from a menu to the container's init, once confirmed. */
    void kill() {
        if (state.table.selectedGroup() != null) {
            groups.kill();
            return;
        }
        Snapshot.Row row = state.selectedOrSay();
        if (row == null) {
            return;
        }
        Container c = row.container();
        if (c.pid() <= 0) {
            state.say(c.displayName() + " has no running process to signal", true);
            return;
        }
        String pick = dialogs.choose("Signal", "Send to " + c.displayName() + " (host PID " + c.pid() + "):", SIGNALS);
        if (pick == null) {
            return;
        }
        String signal = pick.substring(0, pick.indexOf(' '));
        if (confirmSignal(row, signal)) {
            act(c, "sending SIG" + signal + " to", "sent SIG" + signal + " to",
                    x -> sources.backend().require(x, Killable.class, "signalled").kill(x, signal));
        }
    }

    /** {@code S}: SIGTERM, then SIGKILL after the grace time, once confirmed. */
    void stop() {
        if (groups.on(Action.STOP, "Stop", "SIGTERM, then SIGKILL after " + STOP_SECONDS + " s, each.", "stopping",
                "stopped", c -> sources.backend().require(c, Lifecycle.class, "stopped").stop(c, STOP_SECONDS))) {
            return;
        }
        confirmThen("Stop", "SIGTERM, then SIGKILL after " + STOP_SECONDS + " s.", "stopping", "stopped",
                c -> sources.backend().require(c, Lifecycle.class, "stopped").stop(c, STOP_SECONDS));
    }

    /** {@code s}: starts the selected container if it is stopped, or else a new one from the start form. */
    void start() {
        if (groups.on(Action.START, "Start", "Each is started again.", "starting", "started",
                c -> sources.backend().require(c, Lifecycle.class, "started").start(c))) {
            return;
        }
        Snapshot.Row r = state.table.selected();
        Container c = r == null ? null : r.container();
        if (c != null && (c.state() == ContainerState.EXITED || c.state() == ContainerState.CREATED)) {
            act(c, "starting", "started",
                    x -> sources.backend().require(x, Lifecycle.class, "started").start(x));
            return;
        }
        if (sources.backend().capability(null, Runner.class).isEmpty()) {
            state.say("no runtime here can start containers", true);
            return;
        }
        actionThread.execute(() -> {
            try {
                List<String> images = sources.backend().require(null, Runner.class, "run").imageNames();
                post.accept(() -> startForm(images));
            } catch (Exception e) {
                post.accept(() -> state.say("cannot list images: " + describe(e), true));
            }
        });
    }

    /** The start form over these images, then a new container run from what it was given. */
    private void startForm(List<String> images) {
        if (images.isEmpty()) {
            dialogs.tell("No images", "jtop's runtime has no image yet.\nImport one: jtop image import SOURCE NAME\n"
                    + "(or run 'jtop demo' for a busybox image).");
            return;
        }
        RunRequest req = dialogs.startForm(images);
        if (req == null) {
            return;
        }
        state.say("starting " + (req.name() == null ? "a container of " + req.image() : req.name()) + "…", false);
        actionThread.execute(() -> {
            try {
                Container made = sources.backend().require(null, Runner.class, "run").run(req);
                post.accept(() -> {
                    state.say("started " + made.displayName(), false);
                    feed.refresh(made);
                    state.table.select(made.id());
                });
            } catch (Exception e) {
                post.accept(() -> state.say("start failed: " + describe(e), true));
            }
        });
    }

    /** {@code p}: pauses a running container, resumes a paused one. */
    void pause() {
        if (state.table.selectedGroup() != null) {
            groups.pause();
            return;
        }
        Snapshot.Row row = state.selectedOrSay();
        if (row == null) {
            return;
        }
        Container c = row.container();
        if (c.state() == ContainerState.PAUSED) {
            act(c, "resuming", "resumed",
                    x -> sources.backend().require(x, Pausable.class, "resumed").resume(x));
        } else {
            act(c, "pausing", "paused",
                    x -> sources.backend().require(x, Pausable.class, "paused").pause(x));
        }
    }

    /** {@code r}: stop (with the grace time) and start again, once confirmed. */
    void restart() {
        if (groups.on(Action.RESTART, "Restart", "Each is stopped (SIGTERM, SIGKILL after " + STOP_SECONDS
                        + " s) and started again.", "restarting", "restarted",
                c -> sources.backend().require(c, Lifecycle.class, "restarted").restart(c, STOP_SECONDS))) {
            return;
        }
        confirmThen("Restart", "Stop (SIGTERM, SIGKILL after " + STOP_SECONDS + " s) and start again.",
                "restarting", "restarted",
                c -> sources.backend().require(c, Lifecycle.class, "restarted").restart(c, STOP_SECONDS));
    }

    /** {@code R}: deletes the container and all it has, killing it first if it may run, once confirmed. */
    void remove() {
        if (groups.on(Action.REMOVE, "Remove", "Those that may run are killed first. Their root file systems, logs "
                        + "and records are deleted.", "removing", "removed",
                c -> sources.backend().require(c, Removable.class, "removed").remove(c, mayRun(c)))) {
            return;
        }
        Snapshot.Row row = state.selectedOrSay();
        if (row == null) {
            return;
        }
        Container c = row.container();
        boolean live = mayRun(c);
        if (dialogs.confirm("Remove " + c.displayName() + "?", identity(row) + "\n\n"
                + (live ? "It is " + ContainerColumn.state(c) + ": it will be killed first.\n" : "")
                + "Its root file system, logs and record are deleted.")) {
            act(c, "removing", "removed",
                    x -> sources.backend().require(x, Removable.class, "removed").remove(x, live));
        }
    }

    /** Whether a container may run: a container whose state is unknown may, and is killed first, as for rm -f. */
    private static boolean mayRun(Container c) {
        return c.state().mayRun();
    }

    /** {@code e}: a shell in some of the running container's namespaces, on this terminal until it exits. */
    void shell() {
        Snapshot.Row row = state.selectedOrSay();
        if (row == null) {
            return;
        }
        Container c = row.container();
        if (c.pid() <= 0 || c.state() != ContainerState.RUNNING) {
            state.say(c.displayName() + " is " + c.state().label() + ": a shell needs it running", true);
            return;
        }
        String pick = dialogs.choose("Shell in " + c.displayName(), "Enter which namespaces of host PID " + c.pid() + "?",
                SHELL_NAMESPACES);
        if (pick == null) {
            return;
        }
        if (terminal == null) {
            state.say("a shell needs a real terminal", true);
            return;
        }
        List<String> argv = sources.shell().argv(c, pick);
        int rc;
        try {
            rc = runChild(argv);
        } catch (IOException e) {
            state.say("shell failed: " + describe(e), true);
            return;
        }
        state.say("shell in " + c.displayName() + " exited (" + rc + ")", rc != 0);
    }

    /** {@code l}: the logs view, following the container's output from its last lines. */
    void logs() {
        Snapshot.Row row = state.selectedOrSay();
        if (row == null) {
            return;
        }
        Container c = row.container();
        if (state.mode == Mode.DETAIL) {
            state.leave();
        }
        if (state.logFeed != null) {
            state.logFeed.close();
        }
        state.logsOf = c;
        state.logView = new TextView(LOG_LINES);
        state.logView.setFollow(true);
        state.logFeed = new LogFeed(sources.backend(), c, state.logView, LOG_TAIL, LOG_LINES, post, Actions::describe);
        state.mode = Mode.LOGS;
    }

    /** Stops the action thread; what it runs is interrupted. */
    void close() {
        actionThread.shutdownNow();
    }

    /** A failure in one line for the status line: the message of an expected failure, else the exception. */
    static String describe(Exception e) {
        String m = e.getMessage();
        if (e instanceof UnsupportedOperationException || e instanceof IllegalStateException
                || e instanceof IllegalArgumentException || e instanceof IOException) {
            return m == null ? e.getClass().getSimpleName() : m;
        }
        return "internal error: " + e;
    }

    private void confirmThen(String verb, String what, String doing, String done, ContainerAction action) {
        Snapshot.Row row = state.selectedOrSay();
        if (row == null) {
            return;
        }
        Container c = row.container();
        if (dialogs.confirm(verb + " " + c.displayName() + "?", identity(row) + "\n\n" + what)) {
            act(c, doing, done, action);
        }
    }

    /** Yes to a signal; or, for a container in the host's PID namespace, its name typed. */
    private boolean confirmSignal(Snapshot.Row row, String signal) {
        Container c = row.container();
        String body = identity(row) + "\n\nSend SIG" + signal + " to its init process?";
        if (!sharesHostPid(row.sample())) {
            return dialogs.confirm("SIG" + signal + " " + c.displayName() + "?", body);
        }
        // A signal to the wrong process here hits the host: the user types the name.
        String expected = c.displayName();
        return dialogs.ask("Kill " + expected + "? It shares the HOST's PID namespace",
                body + "\nType its name to confirm:", "",
                t -> t.equals(expected) ? null : "type exactly: " + expected) != null;
    }

    /** Runs the action on the action thread; its outcome comes back as a message, and the container is read again. */
    private void act(Container c, String doing, String done, ContainerAction action) {
        state.say(doing + " " + c.displayName() + "…", false);
        actionThread.execute(() -> {
            try {
                action.run(c);
                post.accept(() -> state.say(done + " " + c.displayName(), false));
            } catch (Exception e) {
                String why = describe(e);
                post.accept(() -> state.say(why.startsWith(c.displayName()) ? why : c.displayName() + ": " + why, true));
            } finally {
                feed.refresh(c);
            }
        });
    }

    /** Suspends the screen, runs a child on this terminal and takes the screen back when it exits. */
    private int runChild(List<String> argv) throws IOException {
        screen.stopScreen();
        terminal.suspendForChild();
        // Ctrl-C in the child's shell reaches the JVM too (same process group): ignore it here
        // with a Java handler, not SIG_IGN, which the child would inherit.
        Signal intr = new Signal("INT");
        SignalHandler before = Signal.handle(intr, s -> { });
        try {
            Process p = new ProcessBuilder(argv).inheritIO().start();
            try {
                return p.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return -1;
            }
        } finally {
            Signal.handle(intr, before);
            terminal.resumeAfterChild();
            screen.startScreen();
            screen.setCursorPosition(null);
            painter.draw(true);
        }
    }

    /** Name, id, host PID and PID namespace: what every destructive confirm states. */
    private String identity(Snapshot.Row row) {
        Container c = row.container();
        String ns = c.pid() > 0 ? sources.inspector().namespaceLink(c.pid(), "pid") : null;
        return c.displayName() + "  (" + c.runtime().label() + ", id " + c.shortId() + ")\n"
                + "host PID " + (c.pid() > 0 ? c.pid() : "-") + "   PID namespace "
                + (ns == null ? "-" : ns) + (sharesHostPid(row.sample()) ? "  = THE HOST'S" : "");
    }

    static boolean sharesHostPid(Sample s) {
        return s != null && s.hostNamespaces() != null && s.hostNamespaces().contains("pid");
    }
}
