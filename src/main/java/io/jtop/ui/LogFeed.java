package io.jtop.ui;

import io.jtop.container.Backend;
import io.jtop.container.Container;
import io.jtop.container.LogLine;
import io.jtop.container.Loggable;
import io.jtop.ui.widget.TextView;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * A container's output for the logs view, followed on a thread of its own: the last lines, then what
 * the container writes, reading only what is appended. Lines wait in a bounded batch that the UI
 * thread takes whole when it gets to it (one hand-over outstanding at a time), so a flood costs the
 * UI one redraw per batch and never more memory than the view holds.
 *
 * <p>The feed thread only fills the batch and posts; the view is touched on the UI thread alone.
 */
final class LogFeed implements AutoCloseable {

    private final TextView view;
    private final Consumer<Runnable> post;
    private final int maxLines;
    private final Thread thread;
    /** Lines read and not yet handed over; guarded by {@code this}. */
    private List<String> batch = new ArrayList<>();
    private boolean posted;
    private volatile boolean closed;
    /** Whether the view still shows the placeholder; UI thread only. */
    private boolean empty = true;

    /**
     * Starts following.
     *
     * @param post     runs a task on the UI thread
     * @param tail     the last lines read first
     * @param maxLines lines the view holds: the most a batch keeps
     * @param describe one line for a failure
     */
    LogFeed(Backend backend, Container c, TextView view, int tail, int maxLines, Consumer<Runnable> post,
            Function<Exception, String> describe) {
        this.view = view;
        this.post = post;
        this.maxLines = maxLines;
        view.setLines(List.of("reading the logs of " + c.displayName() + "…"));
        thread = new Thread(() -> {
            String failed = null;
            try {
                backend.require(c, Loggable.class, "followed for logs").logs(c, tail, true, this::add);
            } catch (InterruptedException e) {
                return; // closed
            } catch (Exception e) {
                failed = closed ? null : describe.apply(e);
            }
            String why = failed;
            post.accept(() -> ended(why));
        }, "jtop-logs");
        thread.setDaemon(true);
        thread.start();
    }

    private void add(LogLine l) {
        if (closed) {
            throw new IllegalStateException("closed"); // ends the read on the feed thread
        }
        boolean postNow;
        synchronized (this) {
            String t = l.text().endsWith("\r") ? l.text().substring(0, l.text().length() - 1) : l.text();
            batch.add(l.stderr() ? "! " + t : "  " + t); // a TTY's CRLF ends the line
            if (batch.size() > maxLines) {
                batch.subList(0, batch.size() - maxLines).clear();
            }
            postNow = !posted;
            posted = true;
        }
        if (postNow) {
            post.accept(this::deliver);
        }
    }

    /** On the UI thread: the batch into the view. */
    private void deliver() {
        List<String> lines;
        synchronized (this) {
            lines = batch;
            batch = new ArrayList<>();
            posted = false;
        }
        if (closed || lines.isEmpty()) {
            return;
        }
        if (empty) {
            empty = false;
            view.setLines(lines);
        } else {
            view.appendAll(lines);
        }
    }

    /** On the UI thread: the container stopped writing, or reading failed. */
    private void ended(String failure) {
        deliver();
        if (closed) {
            return;
        }
        if (failure != null) {
            view.append("no logs: " + failure);
        } else if (empty) {
            view.setLines(List.of("(no output)"));
        }
    }

    /** Stops following (the view is left). */
    @Override
    public void close() {
        closed = true;
        thread.interrupt();
    }
}
