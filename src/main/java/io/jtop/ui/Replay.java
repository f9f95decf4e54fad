package io.jtop.ui;

import io.jtop.container.Container;
import io.jtop.metrics.History;
import io.jtop.metrics.Inspection;
import io.jtop.metrics.Snapshot;
import io.jtop.metrics.Timeline;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * A recording played back as the UI's feed: the keys move the shown tick ({@link TimeTravel}); a
 * thread of its own decodes that tick, and for the detail view the history before it (its graphs
 * and its events), and hands the frame to the UI thread. Only the newest move is decoded: a key
 * held down never queues a backlog. Nothing reaches a container: every action on one is refused.
 */
final class Replay implements Feed, Travel {

    /** The line every action on a container gets. */
    static final String READ_ONLY = "replay: read-only";
    /** The detail view's graphs and events cover this many ticks up to the one shown, as the live history does. */
    static final int HISTORY_TICKS = History.DEFAULT_CAPACITY;

    private final TimeTravel travel;
    private final Consumer<Frame> publish;
    private final ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "jtop-replay");
        t.setDaemon(true);
        return t;
    });
    /** The newest move: a frame asked for before it is not made. */
    private final AtomicLong wanted = new AtomicLong();
    private volatile boolean all;
    private volatile String watched;

    Replay(Tape tape, int index, Consumer<Frame> publish) {
        this.travel = new TimeTravel(tape, index);
        this.publish = publish;
    }

    @Override
    public void start() {
        show();
    }

    @Override
    public void interval(long millis) {
        // the ticks are the recording's
    }

    @Override
    public void showAll(boolean value) {
        all = value;
        show();
    }

    @Override
    public void podCgroups(boolean on) {
        // the pods' own cgroups are not recorded
    }

    @Override
    public void watch(String id) {
        watched = id;
        if (id != null) {
            show();
        }
    }

    @Override
    public void paneOpen(DetailView.Pane pane) {
        // every pane's recorded text is in each frame
    }

    @Override
    public void refresh(Container c) {
        // nothing acts on a recording
    }

    @Override
    public void firstFrameShown() {
        // nothing waits for it
    }

    /** Every action on a container, its logs and its shell: a recording is the past. */
    @Override
    public String refuses(Action a) {
        if (a.changesContainers() || a == Action.LOGS) {
            return READ_ONLY;
        }
        return a == Action.INTERVAL ? "replay: the ticks are the recording's ([ ] step through them)" : null;
    }

    @Override
    public String step(int ticks) {
        return shown(travel.step(ticks));
    }

    @Override
    public String minutes(int minutes) {
        return shown(travel.minutes(minutes));
    }

    @Override
    public String at(String time) {
        return shown(travel.at(time));
    }

    @Override
    public String first() {
        return shown(travel.first());
    }

    @Override
    public String last() {
        return shown(travel.last());
    }

    @Override
    public String shown() {
        return travel.shown();
    }

    private String shown(String message) {
        show();
        return message;
    }

    /** Decodes the tick shown now on the replay's thread; an older request still waiting is dropped. */
    private void show() {
        Tape tape = travel.tape();
        int index = travel.index();
        long asked = wanted.incrementAndGet();
        try {
            thread.execute(() -> {
                if (wanted.get() == asked) {
                    publish.accept(frame(tape, index, all, watched));
                }
            });
        } catch (RejectedExecutionException e) {
            // closing
        }
    }

    /**
     * The frame of tick {@code index}: its containers (with {@code all}, the exited ones too), the
     * header with the recorded time, and for {@code watched} the detail with the history before it.
     */
    static Frame frame(Tape tape, int index, boolean all, String watched) {
        if (index < 0) {
            Snapshot none = new Snapshot(Instant.EPOCH, List.of(), Set.of());
            return new Frame(none, HostHeader.replayed(new HostHeader.Replayed(null, -1, 0, tape.name(),
                    tape.damage()), none), null, null);
        }
        try {
            // the detail's window ends with the tick shown: decoded once for both
            List<Snapshot> window = watched == null ? null : history(tape, index);
            Snapshot s = window != null ? window.get(window.size() - 1) : tape.snapshots(index, index + 1).get(0);
            List<Snapshot.Row> rows = new ArrayList<>();
            for (Snapshot.Row r : s.rows()) {
                if (all || r.container().state().mayRun()) {
                    rows.add(r);
                }
            }
            Snapshot shown = new Snapshot(s.time(), rows, s.hidden());
            HostHeader header = HostHeader.replayed(new HostHeader.Replayed(s.time(), index, tape.size(), tape.name(),
                    tape.damage()), s);
            return new Frame(shown, header, watched == null ? null
                    : detail(window != null ? window : List.of(s), watched), null);
        } catch (RuntimeException e) {
            return new Frame(null, null, null, e.getMessage() == null ? e.toString() : e.getMessage());
        }
    }

    /**
     * The ticks the detail view's graphs and events cover, up to and with {@code index}; null when
     * one of them does not decode (the graphs then start after the damage: the tick alone).
     */
    private static List<Snapshot> history(Tape tape, int index) {
        try {
            return tape.snapshots(Math.max(0, index - HISTORY_TICKS + 1), index + 1);
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** The detail of one container at the window's last tick: its graphs and events over the window. */
    private static Detail detail(List<Snapshot> window, String id) {
        History history = new History(HISTORY_TICKS);
        Timeline timeline = new Timeline();
        for (Snapshot s : window) {
            history.add(s);
            timeline.add(s);
        }
        Snapshot last = window.get(window.size() - 1);
        for (Snapshot.Row r : last.rows()) {
            if (r.container().id().equals(id)) {
                Inspection inspection = new Inspection(r.container(), r.sample(), Map.of(), null, null, List.of(),
                        Map.of(), null);
                return new Detail(inspection, history.series(id), Map.of(), Map.of(), List.of(), null, null, null,
                        null, null, timeline.events(id), "what the recording shows up to this tick (jtop: "
                        + "starts, exits, OOM kills, throttling)", last.time(), true);
            }
        }
        return null;
    }

    @Override
    public void close() {
        thread.shutdownNow();
    }
}
