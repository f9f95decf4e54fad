package io.jtop.ui;

import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.input.DefaultKeyDecodingProfile;
import com.googlecode.lanterna.input.InputDecoder;
import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.input.KeyType;
import com.googlecode.lanterna.screen.Screen;
import com.googlecode.lanterna.screen.TerminalScreen;
import com.googlecode.lanterna.terminal.Terminal;
import com.googlecode.lanterna.terminal.virtual.DefaultVirtualTerminal;
import io.jtop.container.Container;
import io.jtop.container.ContainerState;
import io.jtop.container.Killable;
import io.jtop.container.Lifecycle;
import io.jtop.container.Pausable;
import io.jtop.container.Removable;
import io.jtop.container.RunRequest;
import io.jtop.container.Runner;
import io.jtop.container.Sample;
import io.jtop.metrics.Snapshot;
import io.jtop.ui.theme.Theme;
import io.jtop.ui.widget.TextView;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.StringReader;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.FutureTask;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The full-screen UI: one UI thread that reads keys, runs dialogs and draws; a sampling thread
 * ({@link Poller}) that hands it frames; an action thread that calls the backends, so a slow or
 * dead backend never freezes the keys. Other threads reach the UI thread only through
 * {@link #post}.
 *
 * <p>Every refresh draws the whole frame into Lanterna's back buffer and lets the screen write
 * only the cells that changed (over SSH, the bytes are the cost).
 */
public final class App {

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

    /** Key hints and messages give way to the hints again after this long. */
    private static final long MESSAGE_MILLIS = 8000;
    /** How long the first drawing waits for the first listing. */
    private static final long FIRST_FRAME_WAIT_MILLIS = 1000;
    /**
     * On a real terminal a thread blocks reading keys and hands each to the UI thread, which sleeps
     * until a key, a frame or a resize comes, and at least this often looks whether a message
     * expired or the figures went stale.
     */
    private static final long WAKE_MILLIS = 1000;
    /** What wakes the UI thread to look at its keys and its screen's size. */
    private static final Runnable WAKE = () -> { };
    /**
     * A virtual terminal (tests, the start-up archive's rehearsal) cannot be read by a blocked
     * thread (its reads and writes share one lock), so its keys are polled: often while the user
     * types, less often once no key came for {@link #TYPING_MILLIS}.
     */
    private static final long KEY_POLL_MILLIS = 50;
    private static final long IDLE_KEY_POLL_MILLIS = 200;
    private static final long TYPING_MILLIS = 3000;

    private enum Mode { MAIN, HELP, DETAIL, LOGS }

    private final Screen screen;
    private final JtopTerminal terminal;
    private final Sources sources;
    private final Theme theme;
    private final Keymap keys;
    private final boolean readonly;
    private final Poller poller;
    private final Dialogs dialogs;
    private final ExecutorService actions = daemon("jtop-actions");
    /** Reads for the screens (logs, image names) on their own thread, so a long stop does not hold them up. */
    private final ExecutorService reads = daemon("jtop-reads");
    private final LinkedBlockingQueue<Runnable> inbox;
    private final TableState table = new TableState();
    private final ScreenWriter writer;
    private final FrameDiff frames;
    private Mode drawnMode;

    private Mode mode = Mode.MAIN;
    /** Where the help was opened from, to go back there. */
    private Mode helpFrom = Mode.MAIN;
    private volatile boolean quit;
    /** Counted down when the UI loop has returned. */
    private final CountDownLatch stopped = new CountDownLatch(1);
    private boolean all;
    private long interval;
    private HostHeader header;
    private Detail detail;
    private DetailView.Pane pane = DetailView.Pane.NAMESPACES;
    private final Map<DetailView.Pane, TextView> paneViews = new EnumMap<>(DetailView.Pane.class);
    private TextView logView;
    private final TextView helpView = new TextView();
    private Container logsOf;
    private LogFeed logFeed;
    private final boolean braille;
    /** Text being typed in the status line: the table's filter, or a search in a pane or the logs. */
    private String filterEdit;
    private boolean searchEdit;
    private String message;
    private boolean messageIsError;
    private long messageAt;
    private long lastFrameAt = System.nanoTime();
    private long staleDrawn;

    private App(Screen screen, Terminal output, JtopTerminal terminal, Started started, Options o) {
        this.screen = screen;
        this.terminal = terminal;
        this.writer = new ScreenWriter(output);
        this.frames = new FrameDiff(writer);
        this.sources = started.sources();
        this.poller = started.poller();
        this.inbox = started.inbox();
        this.theme = o.theme();
        this.keys = o.config().keymap();
        this.readonly = o.readonly();
        this.all = o.all();
        this.interval = o.interval();
        this.dialogs = new Dialogs(screen, theme, writer::picture, frames::invalidate);
        this.braille = o.config().braille();
        for (DetailView.Pane p : DetailView.Pane.values()) {
            paneViews.put(p, new TextView());
        }
    }

    /** What the start-up thread made: the sources, and the sampling thread already running over them. */
    private record Started(Sources sources, Poller poller, LinkedBlockingQueue<Runnable> inbox) {
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
    static int run(Callable<Sources> wiring, Options options, Callable<Terminal> terminals) throws Exception {
        // The first frame waits for two independent things: the terminal's set-up (an stty
        // child) and the host's wiring and first listing. They run
        // side by side: this thread sets the terminal up while "jtop-start" wires the host and
        // starts sampling, whose first listing is then on its way when the screen is ready.
        LinkedBlockingQueue<Runnable> inbox = new LinkedBlockingQueue<>();
        AtomicReference<App> app = new AtomicReference<>();
        FutureTask<Started> start = new FutureTask<>(() -> {
            Sources sources = wiring.call();
            // Frames are handled on the UI thread, which runs nothing before the App exists.
            Poller poller = new Poller(sources, options.interval(), frame -> inbox.add(() -> app.get().onFrame(frame)));
            poller.showAll(options.all());
            poller.start();
            return new Started(sources, poller, inbox);
        });
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
        App a = new App(screen, terminal, terminal instanceof JtopTerminal j ? j : null, started, options);
        app.set(a);
        terminal.addResizeListener((t, size) -> inbox.add(WAKE)); // the UI thread redraws
        // On SIGINT, SIGTERM or SIGHUP Lanterna's own hook restores the tty settings and leaves the
        // alternate screen, but not the cursor we hid: show it again (order does not matter).
        Thread cursor = new Thread(() -> {
            try {
                // Stop the UI thread first, or its next refresh hides the cursor again.
                a.quit = true;
                a.stopped.await(1, TimeUnit.SECONDS);
                terminal.setCursorVisible(true);
                terminal.flush();
            } catch (IOException | RuntimeException e) {
                // the terminal is gone: nothing to restore
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "jtop-cursor");
        Runtime.getRuntime().addShutdownHook(cursor);
        try {
            screen.setCursorPosition(null);
            a.loop();
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(cursor);
            } catch (IllegalStateException e) {
                // already shutting down: the hook runs
            }
            a.poller.close();
            a.actions.shutdownNow();
            a.reads.shutdownNow();
            screen.stopScreen();
        }
        return 0;
    }

    /**
     * Drives the UI for a few seconds in a virtual terminal (main screen, detail view and its panes,
     * help, logs, a dialog), then quits: the training run of the start-up archive (AppCDS), so the
     * classes of a real session's first frames are archived. Acts on nothing.
     */
    public static void rehearse(Sources sources, Options options) throws Exception {
        DefaultVirtualTerminal vt = new DefaultVirtualTerminal(new TerminalSize(120, 40));
        Thread keys = new Thread(() -> {
            try {
                pause(1500);
                for (Object k : new Object[] {KeyType.Enter, 1200, KeyType.Tab, 300, KeyType.Tab, 300, KeyType.Tab,
                        300, KeyType.Escape, 200, '?', 200, KeyType.Escape, 200, 'l', 600, KeyType.Escape, 200, 'd',
                        400, KeyType.Escape, 300, '/', 'x', KeyType.Escape, 200, 'q'}) {
                    if (k instanceof Integer ms) {
                        pause(ms);
                    } else {
                        vt.addInput(k instanceof Character c ? new KeyStroke(c, false, false) : new KeyStroke((KeyType) k));
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "jtop-rehearsal");
        keys.setDaemon(true);
        keys.start();
        run(() -> sources, new Options(options.theme(), options.config(), options.interval(), true, options.all()), () -> vt);
        rehearseTheRealTerminal();
    }

    /**
     * What a real terminal runs before the first frame and the virtual one does not, so that its
     * classes are in the archive too (a class loaded from the jar is read and verified, where an
     * archived one is mapped): Lanterna's stty children, its SIGWINCH handler and the key decoder
     * (the terminal check is the caller's, and runs in the rehearsal too).
     */
    private static void rehearseTheRealTerminal() throws Exception {
        new ProcessBuilder("/bin/true").redirectErrorStream(true).start().waitFor();
        sun.misc.Signal winch = new sun.misc.Signal("WINCH");
        sun.misc.SignalHandler before = sun.misc.Signal.handle(winch, s -> { });
        sun.misc.Signal.handle(winch, before);
        var decoder = new InputDecoder(new StringReader(
                "q\u001b[A\u001b[B\u001b[5~\u001b[6~\u001b[H\u001b[F\u001bOP\u001b[1;5C\u001b[24;80R\u001bx\u0003\r\t"));
        decoder.addProfile(new DefaultKeyDecodingProfile());
        for (KeyStroke k; (k = decoder.getNextCharacter(false)) != null && k.getKeyType() != KeyType.EOF; ) {
            // decoded and dropped
        }
        // And classes only a real terminal's set-up loads (found with -Xlog:class+load): each one
        // not in the archive would have the jar opened before the first frame.
        for (String name : List.of(JtopTerminal.class.getName(), JtopTerminal.KeyGate.class.getName(),
                JtopTerminal.KeyGate.class.getName() + "$State", TerminalAhead.class.getName(),
                "com.googlecode.lanterna.terminal.ansi.UnixLikeTerminal$CtrlCBehaviour",
                "com.googlecode.lanterna.input.ScreenInfoCharacterPattern$1",
                "com.googlecode.lanterna.terminal.ansi.ANSITerminal$1",
                "com.googlecode.lanterna.terminal.MouseCaptureMode", "com.googlecode.lanterna.input.MouseActionType")) {
            try {
                Class.forName(name);
            } catch (ClassNotFoundException e) {
                // another Lanterna: that class is loaded from the jar then, which only costs time
            }
        }
    }

    private static void pause(long millis) throws InterruptedException {
        Thread.sleep(millis);
    }

    private static ExecutorService daemon(String name) {
        return Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        });
    }

    /** Runs a task on the UI thread; safe from any thread. */
    void post(Runnable task) {
        inbox.add(task);
    }

    private void loop() throws IOException {
        try {
            loopUntilQuit();
        } finally {
            stopped.countDown();
        }
    }

    private void loopUntilQuit() throws IOException {
        // The first frame with the containers in it, unless the first listing is slow: a screen
        // drawn before it would only be drawn again, and take the CPU that listing needs.
        try {
            Runnable first = inbox.poll(FIRST_FRAME_WAIT_MILLIS, TimeUnit.MILLISECONDS);
            if (first != null) {
                first.run();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        draw(true);
        poller.firstFrameShown();
        sources.backend().firstFrameShown();
        boolean pushed = screen instanceof KeysScreen;
        if (pushed) {
            ((KeysScreen) screen).startReading(() -> post(WAKE));
        }
        long lastKey = System.nanoTime();
        while (!quit) {
            boolean dirty = false;
            KeyStroke k;
            while ((k = screen.pollInput()) != null) {
                onKey(k);
                lastKey = System.nanoTime();
                dirty = true;
                if (quit) {
                    return;
                }
            }
            Runnable task;
            try {
                boolean typing = System.nanoTime() - lastKey < TYPING_MILLIS * 1_000_000;
                task = inbox.poll(pushed ? WAKE_MILLIS : typing ? KEY_POLL_MILLIS : IDLE_KEY_POLL_MILLIS,
                        TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            while (task != null) {
                task.run();
                dirty = true;
                if (quit) {
                    return;
                }
                task = inbox.poll();
            }
            boolean resized = screen.doResizeIfNecessary() != null;
            dirty |= resized || messageExpired() || staleChanged();
            if (dirty) {
                draw(resized);
            }
        }
    }

    private void onKey(KeyStroke k) {
        if (k.getKeyType() == KeyType.EOF) {
            quit = true; // the terminal went away (SSH dropped)
            return;
        }
        key(k);
    }

    /**
     * The screen of a real terminal, whose keys a thread of its own reads: it blocks on the tty,
     * queues each key here and wakes the UI thread, so an idle UI wakes only for its frames. The
     * UI thread, and a modal dialog's loop, take the keys from the queue as Lanterna's own polling
     * would. A child run with {@code e} has the tty's keys for itself meanwhile
     * ({@link JtopTerminal#suspendForChild}). A terminal that fails reads as an EOF.
     */
    static final class KeysScreen extends TerminalScreen {
        private final LinkedBlockingQueue<KeyStroke> keys = new LinkedBlockingQueue<>();
        private volatile boolean reading;

        KeysScreen(Terminal terminal) throws IOException {
            super(terminal);
        }

        /** Starts the reader; {@code wake} is told of each key. */
        void startReading(Runnable wake) {
            reading = true;
            Thread t = new Thread(() -> {
                KeyStroke k;
                do {
                    try {
                        k = getTerminal().readInput();
                    } catch (IOException | RuntimeException e) {
                        k = new KeyStroke(KeyType.EOF);
                    }
                    if (k != null) {
                        keys.add(k);
                        wake.run();
                    }
                } while (k == null || k.getKeyType() != KeyType.EOF);
            }, "jtop-keys");
            t.setDaemon(true);
            t.start();
        }

        @Override
        public KeyStroke pollInput() throws IOException {
            return reading ? keys.poll() : super.pollInput();
        }

        @Override
        public KeyStroke readInput() throws IOException {
            if (!reading) {
                return super.readInput();
            }
            try {
                return keys.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while waiting for a key");
            }
        }
    }

    private void onFrame(Poller.Frame f) {
        if (f.error() != null) {
            say(f.error(), true);
            return;
        }
        lastFrameAt = System.nanoTime();
        if (f.header() != null) {
            header = f.header();
        }
        table.update(f.snapshot().rows());
        detail = f.detail();
        if (mode == Mode.DETAIL) {
            paneViews.get(pane).setLines(DetailView.paneText(pane, detail));
        }
    }

    // ---- keys

    private void key(KeyStroke k) {
        if (filterEdit != null) {
            filterKey(k);
            return;
        }
        Action a = keys.action(k);
        if (mode == Mode.HELP) {
            switch (a == null ? Action.BACK : a) {
                case UP -> helpView.scrollUp(1);
                case DOWN -> helpView.scrollDown(1);
                case PAGE_UP -> helpView.pageUp();
                case PAGE_DOWN -> helpView.pageDown();
                case HOME -> helpView.home();
                case END -> helpView.end();
                default -> mode = helpFrom; // any other key leaves the help, back where it was opened
            }
            return;
        }
        if (a == null) {
            return;
        }
        if (a == Action.QUIT) {
            quit = true;
            return;
        }
        if (mode != Mode.MAIN && textKey(a)) {
            return;
        }
        if (a.changesContainers() && readonly) {
            say("read-only (--readonly): " + a.configName() + " refused", true);
            return;
        }
        switch (a) {
            case UP -> table.move(-1);
            case DOWN -> table.move(1);
            case PAGE_UP -> table.move(-pageRows());
            case PAGE_DOWN -> table.move(pageRows());
            case HOME -> table.home();
            case END -> table.end();
            case HELP -> {
                helpView.setLines(HelpView.lines(keys, readonly));
                helpView.home();
                helpFrom = mode;
                mode = Mode.HELP;
            }
            case FILTER -> filterEdit = table.filter();
            case BACK -> {
                if (!table.filter().isEmpty()) {
                    table.filter("");
                    say("filter cleared", false);
                }
            }
            case SORT_MENU -> sortMenu();
            case SORT_NEXT -> table.sortStep(1);
            case SORT_PREVIOUS -> table.sortStep(-1);
            case SORT_REVERSE -> table.reverse();
            case SHOW_ALL -> {
                all = !all;
                poller.showAll(all);
                say(all ? "showing exited containers too" : "showing running and paused containers", false);
            }
            case DETAIL -> detail();
            case START -> start();
            case STOP -> confirmThen("Stop", "SIGTERM, then SIGKILL after 10 s.", "stopping", "stopped",
                    (c) -> sources.backend().require(c, Lifecycle.class, "stopped").stop(c, 10));
            case RESTART -> confirmThen("Restart", "Stop (SIGTERM, SIGKILL after 10 s) and start again.", "restarting",
                    "restarted", (c) -> sources.backend().require(c, Lifecycle.class, "restarted").restart(c, 10));
            case REMOVE -> remove();
            case KILL -> kill();
            case PAUSE -> pause();
            case SHELL -> shell();
            case LOGS -> logs();
            case INTERVAL -> interval();
            case NEXT_PANE, SEARCH_NEXT, SEARCH_PREVIOUS, QUIT -> {
            }
        }
    }

    /** Keys of the detail view and the logs, which move a text rather than the table; false if not one. */
    private boolean textKey(Action a) {
        TextView v = mode == Mode.LOGS ? logView : paneViews.get(pane);
        switch (a) {
            case BACK -> leave();
            case UP -> v.scrollUp(1);
            case DOWN -> v.scrollDown(1);
            case PAGE_UP -> v.pageUp();
            case PAGE_DOWN -> v.pageDown();
            case HOME -> v.home();
            case END -> v.end();
            case FILTER -> {
                filterEdit = v.query();
                searchEdit = true;
            }
            case SEARCH_NEXT -> {
                if (!v.next()) {
                    say("no match for '" + v.query() + "'", true);
                }
            }
            case SEARCH_PREVIOUS -> {
                if (!v.previous()) {
                    say("no match for '" + v.query() + "'", true);
                }
            }
            case NEXT_PANE -> {
                if (mode == Mode.DETAIL) {
                    pane = DetailView.Pane.values()[(pane.ordinal() + 1) % DetailView.Pane.values().length];
                    paneViews.get(pane).setLines(DetailView.paneText(pane, detail));
                }
            }
            default -> {
                return false;
            }
        }
        return true;
    }

    private void leave() {
        if (mode == Mode.DETAIL) {
            poller.watch(null);
            detail = null;
        }
        if (mode == Mode.LOGS) {
            logFeed.close();
            logFeed = null;
            logView = null;
            logsOf = null;
        }
        mode = Mode.MAIN;
    }

    private void logs() {
        Snapshot.Row row = selectedOrSay();
        if (row == null) {
            return;
        }
        Container c = row.container();
        if (mode == Mode.DETAIL) {
            leave();
        }
        if (logFeed != null) {
            logFeed.close();
        }
        logsOf = c;
        logView = new TextView(LOG_LINES);
        logView.setFollow(true);
        logFeed = new LogFeed(sources.backend(), c, logView, LOG_TAIL, LOG_LINES, this::post, App::describe);
        mode = Mode.LOGS;
    }

    /** The logs view holds at most this many of the last lines. */
    private static final int LOG_LINES = 10_000;
    /** The logs view starts with this many of the last lines: a few screens, read and drawn at once. */
    private static final int LOG_TAIL = 1_000;

    private void filterKey(KeyStroke k) {
        if (searchEdit) {
            searchKey(k);
            return;
        }
        switch (k.getKeyType()) {
            case Enter -> filterEdit = null;
            case Escape -> {
                filterEdit = null;
                table.filter("");
            }
            case Backspace -> {
                if (!filterEdit.isEmpty()) {
                    filterEdit = filterEdit.substring(0, filterEdit.length() - 1);
                    table.filter(filterEdit);
                }
            }
            case Character -> {
                if (k.isCtrlDown() && k.getCharacter() == 'c') {
                    quit = true;
                    return;
                }
                if (!k.isCtrlDown() && !k.isAltDown()) {
                    filterEdit += k.getCharacter();
                    table.filter(filterEdit); // live, as in htop
                }
            }
            default -> {
            }
        }
    }

    /** Typing a search in a pane or the logs: applied on Enter, as in less. */
    private void searchKey(KeyStroke k) {
        TextView v = mode == Mode.LOGS ? logView : paneViews.get(pane);
        switch (k.getKeyType()) {
            case Enter -> {
                v.search(filterEdit);
                filterEdit = null;
                searchEdit = false;
                if (!v.query().isEmpty() && v.matches().isEmpty()) {
                    say("no match for '" + v.query() + "'", true);
                }
            }
            case Escape -> {
                v.clearSearch();
                filterEdit = null;
                searchEdit = false;
            }
            case Backspace -> {
                if (!filterEdit.isEmpty()) {
                    filterEdit = filterEdit.substring(0, filterEdit.length() - 1);
                }
            }
            case Character -> {
                if (!k.isCtrlDown() && !k.isAltDown()) {
                    filterEdit += k.getCharacter();
                }
            }
            default -> {
            }
        }
    }

    private int pageRows() {
        return Math.max(1, screen.getTerminalSize().getRows() - MainView.TABLE_TOP - 2);
    }

    private void sortMenu() {
        List<String> names = new ArrayList<>();
        for (ContainerColumn c : ContainerColumn.values()) {
            names.add(c.header());
        }
        String pick = dialogs.choose("Sort by", "Sort the table by:", names);
        if (pick != null) {
            table.sortBy(ContainerColumn.values()[names.indexOf(pick)]);
        }
    }

    private void interval() {
        String v = dialogs.ask("Refresh interval", "Seconds between refreshes (e.g. 1, 0.5, 2):",
                Intervals.format(interval).replace("s", ""), text -> {
                    try {
                        Intervals.parseMillis(text);
                        return null;
                    } catch (IllegalArgumentException e) {
                        return e.getMessage();
                    }
                });
        if (v != null) {
            interval = Intervals.parseMillis(v);
            poller.interval(interval);
            say("refreshing every " + Intervals.format(interval), false);
        }
    }

    private void detail() {
        Snapshot.Row r = table.selected();
        if (r == null) {
            say("no container selected", true);
            return;
        }
        table.select(r.container().id()); // the view stays on this container while rows move
        mode = Mode.DETAIL;
        detail = null;
        paneViews.values().forEach(v -> v.setLines(List.of("reading…")));
        poller.watch(r.container().id());
    }

    // ---- actions

    /** An action on a container, run on the action thread. */
    @FunctionalInterface
    interface ContainerAction {
        void run(Container c) throws Exception;
    }

    private Snapshot.Row selectedOrSay() {
        Snapshot.Row r = table.selected();
        if (r == null) {
            say("no container selected", true);
        }
        return r;
    }

    private void confirmThen(String verb, String what, String doing, String done, ContainerAction action) {
        Snapshot.Row row = selectedOrSay();
        if (row == null) {
            return;
        }
        Container c = row.container();
        if (dialogs.confirm(verb + " " + c.displayName() + "?", identity(row) + "\n\n" + what)) {
            act(c, doing, done, action);
        }
    }

    private void remove() {
        Snapshot.Row row = selectedOrSay();
        if (row == null) {
            return;
        }
        Container c = row.container();
        // A container whose state is unknown may still run: whatever it has is killed, as for rm -f.
        boolean live = c.state() == ContainerState.RUNNING || c.state() == ContainerState.PAUSED
                || c.state() == ContainerState.UNKNOWN;
        if (dialogs.confirm("Remove " + c.displayName() + "?", identity(row) + "\n\n"
                + (live ? "It is " + ContainerColumn.state(c) + ": it will be killed first.\n" : "")
                + "Its root file system, logs and record are deleted.")) {
            act(c, "removing", "removed", x -> sources.backend().require(x, Removable.class, "removed").remove(x, live));
        }
    }

    private void pause() {
        Snapshot.Row row = selectedOrSay();
        if (row == null) {
            return;
        }
        Container c = row.container();
        if (c.state() == ContainerState.PAUSED) {
            act(c, "resuming", "resumed", x -> sources.backend().require(x, Pausable.class, "resumed").resume(x));
        } else {
            act(c, "pausing", "paused", x -> sources.backend().require(x, Pausable.class, "paused").pause(x));
        }
    }

    private static final List<String> SIGNALS = List.of("KILL (9)", "TERM (15)", "INT (2)", "HUP (1)", "QUIT (3)",
            "USR1 (10)", "USR2 (12)", "STOP (19)", "CONT (18)");

    private void kill() {
        Snapshot.Row row = selectedOrSay();
        if (row == null) {
            return;
        }
        Container c = row.container();
        if (c.pid() <= 0) {
            say(c.displayName() + " has no running process to signal", true);
            return;
        }
        String pick = dialogs.choose("Signal", "Send to " + c.displayName() + " (host PID " + c.pid() + "):", SIGNALS);
        if (pick == null) {
            return;
        }
        String signal = pick.substring(0, pick.indexOf(' '));
        String body = identity(row) + "\n\nSend SIG" + signal + " to its init process?";
        if (sharesHostPid(row.sample())) {
            String expected = c.displayName();
            String typed = dialogs.ask("Kill " + expected + "? It shares the HOST's PID namespace",
                    body + "\nType its name to confirm:", "",
                    t -> t.equals(expected) ? null : "type exactly: " + expected);
            if (typed == null) {
                return;
            }
        } else if (!dialogs.confirm("SIG" + signal + " " + c.displayName() + "?", body)) {
            return;
        }
        act(c, "sending SIG" + signal + " to", "sent SIG" + signal + " to", x -> sources.backend().require(x, Killable.class, "signalled").kill(x, signal));
    }

    private void start() {
        Snapshot.Row r = table.selected();
        Container c = r == null ? null : r.container();
        if (c != null && (c.state() == ContainerState.EXITED || c.state() == ContainerState.CREATED)) {
            act(c, "starting", "started", x -> sources.backend().require(x, Lifecycle.class, "started").start(x));
            return;
        }
        if (sources.backend().capability(null, Runner.class).isEmpty()) {
            say("no runtime here can start containers", true);
            return;
        }
        actions.execute(() -> {
            try {
                List<String> images = sources.backend().require(null, Runner.class, "run").imageNames();
                post(() -> startForm(images));
            } catch (Exception e) {
                post(() -> say("cannot list images: " + describe(e), true));
            }
        });
    }

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
        say("starting " + (req.name() == null ? "a container of " + req.image() : req.name()) + "…", false);
        actions.execute(() -> {
            try {
                Container made = sources.backend().require(null, Runner.class, "run").run(req);
                post(() -> {
                    say("started " + made.displayName(), false);
                    poller.refresh(made);
                    table.select(made.id());
                });
            } catch (Exception e) {
                post(() -> say("start failed: " + describe(e), true));
            }
        });
    }

    private void shell() {
        Snapshot.Row row = selectedOrSay();
        if (row == null) {
            return;
        }
        Container c = row.container();
        if (c.pid() <= 0 || c.state() != ContainerState.RUNNING) {
            say(c.displayName() + " is " + c.state().label() + ": a shell needs it running", true);
            return;
        }
        String pick = dialogs.choose("Shell in " + c.displayName(), "Enter which namespaces of host PID " + c.pid() + "?",
                List.of("all", "net", "mnt", "pid,mnt", "uts", "ipc"));
        if (pick == null) {
            return;
        }
        if (terminal == null) {
            say("a shell needs a real terminal", true);
            return;
        }
        List<String> argv = sources.shell().argv(c, pick);
        int rc;
        try {
            rc = runChild(argv);
        } catch (IOException e) {
            say("shell failed: " + describe(e), true);
            return;
        }
        say("shell in " + c.displayName() + " exited (" + rc + ")", rc != 0);
    }

    /** Suspends the screen, runs a child on this terminal and takes the screen back when it exits. */
    private int runChild(List<String> argv) throws IOException {
        screen.stopScreen();
        terminal.suspendForChild();
        // Ctrl-C in the child's shell reaches the JVM too (same process group): ignore it here
        // with a Java handler, not SIG_IGN, which the child would inherit.
        sun.misc.Signal intr = new sun.misc.Signal("INT");
        sun.misc.SignalHandler before = sun.misc.Signal.handle(intr, s -> { });
        try {
            Process p = new ProcessBuilder(argv).inheritIO().start();
            while (true) {
                try {
                    return p.waitFor();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return -1;
                }
            }
        } finally {
            sun.misc.Signal.handle(intr, before);
            terminal.resumeAfterChild();
            screen.startScreen();
            screen.setCursorPosition(null);
            draw(true);
        }
    }

    private void act(Container c, String doing, String done, ContainerAction action) {
        say(doing + " " + c.displayName() + "…", false);
        actions.execute(() -> {
            try {
                action.run(c);
                post(() -> say(done + " " + c.displayName(), false));
            } catch (Exception e) {
                String why = describe(e);
                post(() -> say(why.startsWith(c.displayName()) ? why : c.displayName() + ": " + why, true));
            } finally {
                poller.refresh(c);
            }
        });
    }

    private static String describe(Exception e) {
        String m = e.getMessage();
        if (e instanceof UnsupportedOperationException || e instanceof IllegalStateException
                || e instanceof IllegalArgumentException || e instanceof IOException) {
            return m == null ? e.getClass().getSimpleName() : m;
        }
        return "internal error: " + e;
    }

    /** Name, id, host PID and PID namespace: what every destructive confirm states. */
    private String identity(Snapshot.Row row) {
        Container c = row.container();
        String ns = c.pid() > 0 ? sources.inspector().namespaceLink(c.pid(), "pid") : null;
        return c.displayName() + "  (" + c.runtime().label() + ", id " + c.shortId() + ")\n"
                + "host PID " + (c.pid() > 0 ? c.pid() : "-") + "   PID namespace "
                + (ns == null ? "-" : ns) + (sharesHostPid(row.sample()) ? "  = THE HOST'S" : "");
    }

    private static boolean sharesHostPid(Sample s) {
        return s != null && s.hostNamespaces() != null && s.hostNamespaces().contains("pid");
    }

    // ---- status line

    private void say(String text, boolean error) {
        message = text;
        messageIsError = error;
        messageAt = System.nanoTime();
    }

    private boolean messageExpired() {
        if (message != null && System.nanoTime() - messageAt > MESSAGE_MILLIS * 1_000_000) {
            message = null;
            return true;
        }
        return false;
    }

    /** Whether the "no figures for N s" warning changed (appeared, counted on, or went) since the last draw. */
    private boolean staleChanged() {
        long now = staleSeconds();
        boolean changed = now != staleDrawn;
        staleDrawn = now;
        return changed;
    }

    private long staleSeconds() {
        long age = (System.nanoTime() - lastFrameAt) / 1_000_000;
        return age > Math.max(3000, 3 * interval) ? age / 1000 : 0;
    }

    // ---- drawing

    private void draw(boolean complete) throws IOException {
        TerminalSize size = screen.getTerminalSize();
        if (complete || mode != drawnMode || frames.invalidated()) {
            frames.invalidate();
            writer.clear(size);
            drawnMode = mode;
        }
        var g = frames.begin(size);
        String status = message;
        boolean error = messageIsError;
        long stale = staleSeconds();
        if (stale > 0) {
            status = "no new figures for " + stale + " s: a backend is slow or down ("
                    + (header == null ? "starting" : String.join("; ", header.backends())) + "); keys still work";
            error = true;
        }
        if (filterEdit != null && searchEdit) {
            status = "Search: " + filterEdit + "█   Enter searches (~ for a regex), Esc clears";
            error = false;
        }
        Snapshot.Row selected = table.selected();
        switch (mode) {
            case HELP -> HelpView.draw(g, size, theme, helpView);
            case DETAIL -> {
                if (selected == null) {
                    leave();
                    say("the container is gone", true);
                    draw(true);
                    return;
                }
                DetailView.draw(g, size, theme, selected.container(), selected.sample(), detail, pane,
                        paneViews.get(pane), braille, status, error, Instant.now());
            }
            case LOGS -> LogsView.draw(g, size, theme, logsOf, logView, status, error);
            default -> MainView.draw(g, size, theme, new MainView.Model(header, table, interval, all, status, error,
                    searchEdit ? null : filterEdit, keys, readonly));
        }
        frames.end();
    }
}
