package io.jtop.ui;

import com.googlecode.lanterna.screen.TerminalScreen;
import com.googlecode.lanterna.terminal.Terminal;
import io.jtop.ui.theme.Theme;

import java.io.IOException;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * The full-screen UI's start and end: the threads and the parts they share. One UI thread reads
 * keys, runs dialogs and draws ({@link EventLoop}); a feed hands it frames, the live host's
 * sampling thread ({@link Poller}) or a recording played back ({@link Replay}); an action thread ({@link Actions}) calls the backends, so a slow or dead backend never
 * freezes the keys; on a real terminal a thread reads the keys ({@link KeysScreen}).
 */
public final class App {

    /** How long the UI thread may take to stop when the JVM is told to end. */
    private static final long STOP_WAIT_MILLIS = 1000;

    /**
     * How the UI starts.
     *
     * @param theme    colours
     * @param config   keys and settings from the config file
     * @param interval refresh interval in ms
     * @param readonly refuse every action that changes a container
     * @param all      list exited containers from the start
     */
    public record Options(Theme theme, UiConfig config, long interval, boolean readonly, boolean all) {
    }

    private App() {
    }

    /** What the start-up thread made: the sources, and the feed already running over them. */
    private record Started(Sources sources, Feed feed) {
    }

    /** Makes the sources and starts the feed that hands frames to {@code publish}. */
    @FunctionalInterface
    private interface Wiring {
        Started start(Consumer<Feed.Frame> publish) throws Exception;
    }

    /**
     * Runs the UI on this terminal until the user quits; returns the exit code. The terminal is
     * restored on every way out: quit, an exception (rethrown after the restore) and SIGINT,
     * SIGTERM or SIGHUP (Lanterna's shutdown hook).
     *
     * @param wiring opens the host: run on a thread of its own while the terminal is set up
     */
    public static int run(Callable<Sources> wiring, Options options, TerminalAhead terminal) throws Exception {
        return run(wiring, options, terminal::get);
    }

    /**
     * The real terminal, set up on a thread of its own from the moment it is asked for: its
     * {@code stty} child and Lanterna's set-up then go on while the caller reads its config file
     * and the host is wired. Whoever asks for it either hands it to {@link #run} or {@link #abandon}s it.
     */
    public static final class TerminalAhead {
        private final FutureTask<JtopTerminal> setUp = new FutureTask<>(JtopTerminal::new);

        private TerminalAhead() {
            Thread t = new Thread(setUp, "jtop-terminal");
            t.setDaemon(true);
            t.start();
        }

        /** Starts setting up the terminal; the caller has checked that there is one. */
        public static TerminalAhead open() {
            return new TerminalAhead();
        }

        Terminal get() throws Exception {
            try {
                return setUp.get();
            } catch (ExecutionException e) {
                throw e.getCause() instanceof Exception x ? x : e;
            }
        }

        /** For a start that failed before the UI ran: the tty gets its settings back. */
        public void abandon() {
            try {
                setUp.get().close();
            } catch (Exception e) {
                // it was never set up, or is gone: nothing to restore
            }
        }
    }

    /** Runs the UI on any Lanterna terminal (a virtual one in tests and the rehearsal); a shell needs a {@link JtopTerminal}. */
    public static int run(Callable<Sources> wiring, Options options, Callable<Terminal> terminals) throws Exception {
        return run(publish -> {
            Sources sources = wiring.call();
            Poller poller = new Poller(sources, options.interval(), publish);
            poller.showAll(options.all());
            poller.start();
            return new Started(sources, poller);
        }, options, terminals);
    }

    /**
     * Plays a recording back in the same UI until the user quits, at tick {@code index} (its last
     * when out of bounds); returns the exit code. Nothing reaches a backend: there is none.
     */
    public static int replay(Tape tape, int index, Options options, TerminalAhead terminal) throws Exception {
        return replay(tape, index, options, terminal::get);
    }

    /** A replay on any Lanterna terminal (a virtual one in tests). */
    static int replay(Tape tape, int index, Options options, Callable<Terminal> terminals) throws Exception {
        return run(publish -> {
            Replay replay = new Replay(tape, index, publish);
            replay.showAll(options.all());
            return new Started(Sources.none(), replay);
        }, options, terminals);
    }

    private static int run(Wiring wiring, Options options, Callable<Terminal> terminals) throws Exception {
        // The first frame waits for two independent things: the terminal's set-up (an stty
        // child) and the host's wiring and first listing. They run
        // side by side: this thread sets the terminal up while "jtop-start" wires the host and
        // starts sampling, whose first listing is then on its way when the screen is ready.
        LinkedBlockingQueue<Runnable> inbox = new LinkedBlockingQueue<>();
        AtomicReference<EventLoop> ui = new AtomicReference<>();
        // Frames are handled on the UI thread, which runs nothing before the loop exists.
        FutureTask<Started> start = new FutureTask<>(() -> wiring.start(frame -> inbox.add(() -> ui.get().onFrame(frame))));
        Thread starter = new Thread(start, "jtop-start");
        starter.setDaemon(true);
        starter.start();
        Terminal terminal = terminals.call();
        TerminalScreen screen = terminal instanceof JtopTerminal ? new KeysScreen(terminal) : new TerminalScreen(terminal);
        screen.startScreen();
        Started started;
        try {
            started = start.get();
        } catch (ExecutionException e) {
            screen.stopScreen();
            throw e.getCause() instanceof Exception x ? x : e;
        }
        return session(screen, terminal, started, options, inbox, ui);
    }

    /** Makes the UI's parts over the started sources, runs the loop, and closes them on every way out. */
    private static int session(TerminalScreen screen, Terminal terminal, Started started, Options options,
            LinkedBlockingQueue<Runnable> inbox, AtomicReference<EventLoop> ui) throws IOException {
        Feed feed = started.feed();
        UiState state = new UiState(feed, options.all(), options.interval());
        ScreenWriter writer = new ScreenWriter(terminal);
        FrameDiff frames = new FrameDiff(writer);
        Dialogs dialogs = new Dialogs(screen, options.theme(), writer::picture, frames::invalidate);
        Painter painter = new Painter(screen, writer, frames, state, options, started.sources().backend(), feed);
        Actions actions = new Actions(state, dialogs, started.sources(), feed, inbox::add, painter, screen,
                terminal instanceof JtopTerminal j ? j : null, options.readonly());
        KeyDispatch keys = new KeyDispatch(state, options.config().keymap(), actions, dialogs, feed, screen);
        EventLoop loop = new EventLoop(screen, inbox, state, painter, keys, feed, started.sources().backend());
        ui.set(loop);
        terminal.addResizeListener((t, size) -> loop.wake()); // the UI thread redraws
        Thread cursor = cursorOnExit(loop, terminal);
        Runtime.getRuntime().addShutdownHook(cursor);
        try {
            screen.setCursorPosition(null);
            loop.run();
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(cursor);
            } catch (IllegalStateException e) {
                // already shutting down: the hook runs
            }
            feed.close();
            actions.close();
            screen.stopScreen();
        }
        return 0;
    }

    /**
     * On SIGINT, SIGTERM or SIGHUP Lanterna's own hook restores the tty settings and leaves the
     * alternate screen, but not the cursor the UI hid: this hook shows it again (the order of the
     * hooks does not matter).
     */
    private static Thread cursorOnExit(EventLoop loop, Terminal terminal) {
        return new Thread(() -> {
            try {
                // Stop the UI thread first, or its next refresh hides the cursor again.
                loop.stop(STOP_WAIT_MILLIS);
                terminal.setCursorVisible(true);
                terminal.flush();
            } catch (IOException | RuntimeException e) {
                // the terminal is gone: nothing to restore
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "jtop-cursor");
    }
}
