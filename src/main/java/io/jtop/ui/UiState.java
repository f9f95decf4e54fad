package io.jtop.ui;

import io.jtop.container.Container;
import io.jtop.metrics.Snapshot;
import io.jtop.ui.widget.TextView;

import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;

/**
 * What the UI shows and where the user is: the screen, the table, the texts of the open view, the
 * text being typed and the status line. The loop ({@link EventLoop}), the keys ({@link KeyDispatch},
 * {@link TextEntry}), the actions ({@link Actions}) and the drawing ({@link Painter}) share it, as
 * htop's actions share its {@code State}; only the UI thread reads or changes it.
 */
final class UiState {

    /** Key hints and messages give way to the hints again after this long. */
    private static final long MESSAGE_MILLIS = 8000;

    final TableState table = new TableState();
    final TextView helpView = new TextView();
    final Map<DetailView.Pane, TextView> paneViews = new EnumMap<>(DetailView.Pane.class);
    private final Feed feed;
    Mode mode = Mode.MAIN;
    /** Where the help was opened from, to go back there. */
    Mode helpFrom = Mode.MAIN;
    /** Whether exited containers are listed too. */
    boolean all;
    /** The refresh interval in ms. */
    long interval;
    HostHeader header;
    /** The detail view's container beyond its row, from the sampling thread; null until it comes. */
    Detail detail;
    DetailView.Pane pane = DetailView.Pane.NAMESPACES;
    /** The logs view: whose, its text, and the thread that follows them; null outside it. */
    Container logsOf;
    TextView logView;
    LogFeed logFeed;
    /** Text being typed in the status line: the table's filter, or a search in a pane or the logs. */
    String filterEdit;
    boolean searchEdit;
    String message;
    boolean messageIsError;
    private long messageAt;
    /** When the last figures came, for the warning that they went stale. */
    long lastFrameAt = System.nanoTime();
    private long staleDrawn;

    /** The screen shown. */
    enum Mode { MAIN, HELP, DETAIL, LOGS }

    UiState(Feed feed, boolean all, long interval) {
        this.feed = feed;
        this.all = all;
        this.interval = interval;
        for (DetailView.Pane p : DetailView.Pane.values()) {
            paneViews.put(p, new TextView());
        }
        paneViews.get(DetailView.Pane.EVENTS).setFollow(true); // newest at the bottom, in view when it opens
    }

    /** Shows a message in the status line, an error in the error colour. */
    void say(String text, boolean error) {
        message = text;
        messageIsError = error;
        messageAt = System.nanoTime();
    }

    /** Whether the message just expired (and went). */
    boolean messageExpired() {
        if (message != null && System.nanoTime() - messageAt > MESSAGE_MILLIS * 1_000_000) {
            message = null;
            return true;
        }
        return false;
    }

    /** Whether the "no figures for N s" warning changed (appeared, counted on, or went) since the last draw. */
    boolean staleChanged() {
        long now = staleSeconds();
        boolean changed = now != staleDrawn;
        staleDrawn = now;
        return changed;
    }

    /** For how many seconds no figures came, or 0 while they are not late. */
    long staleSeconds() {
        if (replayed() != null) {
            return 0; // a replay's frames come when a key moves it
        }
        long age = (System.nanoTime() - lastFrameAt) / 1_000_000;
        return age > Math.max(3000, 3 * interval) ? age / 1000 : 0;
    }

    /** Where a replay is, or null live. */
    HostHeader.Replayed replayed() {
        return header == null ? null : header.replayed();
    }

    /** What ages count to: the recorded time in a replay, else now. */
    Instant now() {
        HostHeader.Replayed r = replayed();
        return r != null && r.time() != null ? r.time() : Instant.now();
    }

    /** The selected row, or null after saying that there is none. */
    Snapshot.Row selectedOrSay() {
        Snapshot.Row r = table.selected();
        if (r == null) {
            say(table.selectedGroup() != null ? table.selectedGroup().name() + " is a group: select one of its "
                    + "containers" : "no container selected", true);
        }
        return r;
    }

    /** The text that the keys scroll and search outside the table: the logs, or the detail view's pane. */
    TextView text() {
        return mode == Mode.LOGS ? logView : paneViews.get(pane);
    }

    /** Back from the detail view or the logs to the table, leaving nothing behind. */
    void leave() {
        if (mode == Mode.DETAIL) {
            feed.watch(null);
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
}
