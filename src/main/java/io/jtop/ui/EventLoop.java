package io.jtop.ui;

import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.input.KeyType;
import com.googlecode.lanterna.screen.Screen;
import io.jtop.container.Backend;
import io.jtop.ui.UiState.Mode;

import java.io.IOException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The UI thread's loop: it takes the keys ({@link KeyDispatch}), the frames of the sampling thread
 * and the tasks that other threads {@link #post}, and draws ({@link Painter}) when any of them, a
 * resize, an expired message or the figures going stale changed the screen. Other threads reach
 * the UI thread only through {@link #post}.
 */
final class EventLoop {

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

    private final Screen screen;
    private final LinkedBlockingQueue<Runnable> inbox;
    private final UiState state;
    private final Painter painter;
    private final KeyDispatch keys;
    private final Feed feed;
    private final Backend backend;
    /** Counted down when the loop has returned. */
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile boolean quit;

    EventLoop(Screen screen, LinkedBlockingQueue<Runnable> inbox, UiState state, Painter painter, KeyDispatch keys,
            Feed feed, Backend backend) {
        this.screen = screen;
        this.inbox = inbox;
        this.state = state;
        this.painter = painter;
        this.keys = keys;
        this.feed = feed;
        this.backend = backend;
    }

    /** Runs a task on the UI thread; safe from any thread. */
    void post(Runnable task) {
        inbox.add(task);
    }

    /** Has the UI thread look at its keys and its screen's size (a resize); safe from any thread. */
    void wake() {
        post(WAKE);
    }

    /** From another thread: ends the loop at its next turn, and waits at most this long for it. */
    void stop(long millis) throws InterruptedException {
        quit = true;
        stopped.await(millis, TimeUnit.MILLISECONDS);
    }

    /** Runs the UI until the user quits or the terminal goes away. */
    void run() throws IOException {
        try {
            loopUntilQuit();
        } finally {
            stopped.countDown();
        }
    }

    /** A frame of the sampling thread, on the UI thread: the table, the header and the detail view take it. */
    void onFrame(Feed.Frame f) {
        if (f.error() != null) {
            state.say(f.error(), true);
            return;
        }
        state.lastFrameAt = System.nanoTime();
        if (f.header() != null) {
            state.header = f.header();
        }
        state.table.update(f.snapshot().rows(), f.snapshot().cgroups(), f.snapshot().time());
        state.detail = f.detail();
        if (state.mode == Mode.DETAIL) {
            state.paneViews.get(state.pane).setLines(DetailView.paneText(state.pane, state.detail));
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
        painter.draw(true);
        feed.firstFrameShown();
        backend.firstFrameShown();
        boolean pushed = screen instanceof KeysScreen;
        if (pushed) {
            ((KeysScreen) screen).startReading(this::wake);
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
            dirty |= resized || state.messageExpired() || state.staleChanged();
            if (dirty) {
                painter.draw(resized);
            }
        }
    }

    private void onKey(KeyStroke k) {
        if (k.getKeyType() == KeyType.EOF) {
            quit = true; // the terminal went away (SSH dropped)
            return;
        }
        if (!keys.key(k)) {
            quit = true;
        }
    }
}
