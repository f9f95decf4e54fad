package io.jtop.ui;

import io.jtop.container.Container;
import io.jtop.container.ContainerEvent;
import io.jtop.container.ContainerState;
import io.jtop.container.Eventful;
import io.jtop.container.Inspectable;
import io.jtop.metrics.History;
import io.jtop.metrics.Timeline;
import io.jtop.metrics.HostSampler;
import io.jtop.metrics.Inspection;
import io.jtop.metrics.ProcessSampler;
import io.jtop.metrics.Snapshot;
import io.jtop.metrics.UpperDirChanges;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * The sampling thread of the UI: every interval it lists the containers, samples them, reads the
 * header's host figures and, while the detail view is open, inspects its container; then hands an
 * immutable {@link Frame} to the UI thread. Nothing here draws, and nothing the UI thread does
 * waits for it, so a slow backend slows the figures, never the keys.
 *
 * <p>The sampler is confined to this thread. Requests from the UI thread (show exited ones, watch
 * a container, refresh one after an action, a new interval) are volatile fields or a queue read at
 * the next tick.
 */
final class Poller implements Feed {

    /** The upper directory of the watched container is scanned again every this many ticks. */
    static final int CHANGES_EVERY = 10;
    /** At most this many upper entries are looked at per scan. */
    static final int CHANGES_MAX_ENTRIES = 5000;

    private final Sources sources;
    private final Consumer<Frame> publish;
    private final ScheduledExecutorService thread;
    private final ConcurrentLinkedQueue<Container> refresh = new ConcurrentLinkedQueue<>();
    private volatile boolean all;
    private volatile String watched;
    /** The detail view's open pane: mounts, network, security and events are read only while theirs is open. */
    private volatile DetailView.Pane openPane;
    /** Whether the pods' own cgroups are read (the "pod" grouping shows them). */
    private volatile boolean podCgroups;
    private ScheduledFuture<?> schedule;
    private long intervalMillis;
    private final History history = new History();
    private final Timeline timeline = new Timeline();
    /** Detail state of the watched container; reset when another is watched. */
    private String detailId;
    private ProcessSampler processes;
    private UpperDirChanges changes;
    private String changesError;
    private String config;
    /** The engine's past events of the watched container, asked for once when its Events pane opens; null before. */
    private List<ContainerEvent> pastEvents;
    private String eventSources;
    /**
     * The runtime's own description of the watched container once it exited (the engine's OOM
     * flag, its memory limit, the peak jtop's runtime kept), asked once per exit: the listing
     * carries none of them, and the WHY line needs them.
     */
    private Container exited;
    private long detailTicks;
    private boolean first = true;

    private final CountDownLatch firstDrawn = new CountDownLatch(1);
    /** How long the first sample waits for the first frame's drawing at most. */
    private static final long FIRST_DRAWING_WAIT_MILLIS = 500;

    private final AtomicBoolean tickPending = new AtomicBoolean();

    Poller(Sources sources, long intervalMillis, Consumer<Frame> publish) {
        this.sources = sources;
        this.publish = publish;
        this.thread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "jtop-sampler");
            t.setDaemon(true);
            return t;
        });
        this.intervalMillis = intervalMillis;
    }

    @Override
    public synchronized void start() {
        // An engine's event (a container started, stopped, renamed) shows at once, not at the next tick.
        sources.backend().onChange(this::tickSoon);
        schedule = thread.scheduleWithFixedDelay(this::tick, 0, intervalMillis, TimeUnit.MILLISECONDS);
    }

    /** A new interval; the next tick comes at once. */
    @Override
    public synchronized void interval(long millis) {
        intervalMillis = millis;
        if (schedule != null) {
            schedule.cancel(false);
            schedule = thread.scheduleWithFixedDelay(this::tick, 0, millis, TimeUnit.MILLISECONDS);
        }
    }

    @Override
    public void showAll(boolean value) {
        all = value;
        tickNow();
    }

    /** Read the pods' own cgroups at each tick (the "pod" grouping shows them), or none; a tick comes now. */
    @Override
    public void podCgroups(boolean on) {
        podCgroups = on;
        tickNow();
    }

    /** Inspect this container at every tick (the detail view), or none. */
    @Override
    public void watch(String id) {
        watched = id;
        if (id != null) {
            tickNow();
        }
    }

    /**
     * The detail view shows this pane: the watched container's mounts, network, security posture
     * or events are read at each tick while theirs is open; a tick comes now when it opens.
     */
    @Override
    public void paneOpen(DetailView.Pane pane) {
        DetailView.Pane was = openPane;
        openPane = pane;
        if (pane != was && pane.readWhileOpen) {
            tickNow();
        }
    }

    /** After an action: read everything of this container at the next tick, which comes now. */
    @Override
    public void refresh(Container c) {
        refresh.add(c);
        tickNow();
    }

    /** The UI drew its first frame: the first sample may take the cores now. */
    @Override
    public void firstFrameShown() {
        firstDrawn.countDown();
    }

    void tickNow() {
        thread.execute(this::tick);
    }

    /** A tick now, from another backend's thread: at most one waits at a time, none once closed. */
    private void tickSoon() {
        if (tickPending.compareAndSet(false, true)) {
            try {
                thread.execute(() -> {
                    tickPending.set(false);
                    tick();
                });
            } catch (RejectedExecutionException e) {
                tickPending.set(false); // closing
            }
        }
    }

    private void tick() {
        try {
            for (Container c; (c = refresh.poll()) != null; ) {
                sources.sampler().refresh(c);
            }
            List<Container> listed = sources.backend().list(all);
            if (first) {
                // The first reading of every container's files is the slow one: show the list first.
                first = false;
                List<Snapshot.Row> bare = new ArrayList<>();
                for (Container c : listed) {
                    bare.add(new Snapshot.Row(c, null));
                }
                Snapshot names = new Snapshot(Instant.now(), bare, Set.of());
                publish.accept(new Frame(names, header(names), null, null));
                // Its drawing is the first frame: the first reading of hundreds of cold files would
                // take the cores it needs. (The rows' figures follow a drawing later.)
                try {
                    firstDrawn.await(FIRST_DRAWING_WAIT_MILLIS, TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
            sources.sampler().readPodCgroups(podCgroups);
            Snapshot snap = sources.sampler().sample(listed);
            history.add(snap);
            timeline.add(snap);
            Detail detail = null;
            String id = watched;
            if (id != null) {
                for (Snapshot.Row r : snap.rows()) {
                    if (r.container().id().equals(id)) {
                        detail = detail(r, snap);
                        break;
                    }
                }
            }
            publish.accept(new Frame(snap, header(snap), detail, null));
        } catch (RuntimeException e) {
            publish.accept(new Frame(null, null, null, "sampling failed: " + e));
        }
    }

    /** Everything the detail view shows of one container; the costly parts not at every tick. */
    private Detail detail(Snapshot.Row row, Snapshot snap) {
        Container c = row.container();
        if (!c.id().equals(detailId)) {
            detailId = c.id();
            processes = sources.inspector().processSampler();
            changes = null;
            changesError = null;
            detailTicks = 0;
            try {
                Optional<Inspectable> inspect = sources.backend().capability(c, Inspectable.class);
                config = inspect.isPresent() ? inspect.get().config(c) : null;
            } catch (IOException | RuntimeException e) {
                config = "(the runtime's configuration could not be read: " + e.getMessage() + ")";
            }
            pastEvents = null;
        }
        DetailView.Pane pane = openPane; // one pane for the whole tick, whatever a key does meanwhile
        Inspection inspection = sources.inspector().inspect(described(c), row.sample(), pane == DetailView.Pane.SECURITY);
        timeline.pidsRefused(c.id(), snap.time(), inspection.pidsRefused());
        boolean eventsOpen = pane == DetailView.Pane.EVENTS;
        List<ContainerEvent> events = eventsOpen ? events(c) : List.of();
        if (detailTicks++ % CHANGES_EVERY == 0) {
            scanChanges(inspection.rootFs());
        }
        Map<String, String> names = new HashMap<>();
        List<Container> listed = new ArrayList<>();
        for (Snapshot.Row r : snap.rows()) {
            if (r.container().pid() > 0) {
                names.put(r.container().id(), r.container().displayName());
            }
            listed.add(r.container());
        }
        return new Detail(inspection, history.series(c.id()), sources.inspector().sharing(c.id(), listed),
                names, processes.sample(c), changes, changesError, config,
                pane == DetailView.Pane.MOUNTS ? sources.inspector().mounts(c) : null,
                pane == DetailView.Pane.NETWORK ? sources.inspector().network(c) : null,
                events, eventsOpen ? eventSources : null, snap.time());
    }

    /** The container, described by its runtime once it has exited; as listed while it runs. */
    private Container described(Container c) {
        if (c.state() != ContainerState.EXITED) {
            return c;
        }
        if (exited == null || !exited.id().equals(c.id()) || !Objects.equals(exited.finishedAt(), c.finishedAt())) {
            exited = c;
            try {
                exited = Inspectable.detailed(sources.backend(), c);
            } catch (IOException | RuntimeException e) {
                // the listing's own figures then: the line says less, nothing fails
            }
        }
        return exited;
    }

    /**
     * The container's timeline: what jtop saw, and for an engine's container what the engine
     * told, its lifecycle in its own words (when it told any: dockerd keeps only its last 256
     * events of all containers). The engine's past events are asked for once, when the
     * Events pane is first opened on the container.
     */
    private List<ContainerEvent> events(Container c) {
        Optional<Eventful> engine = sources.backend().capability(c, Eventful.class);
        if (pastEvents == null) {
            pastEvents(c, engine);
        }
        List<ContainerEvent> told = engine.isEmpty() ? List.of() : engine.get().recent(c);
        if (told.isEmpty() && pastEvents.isEmpty()) {
            return timeline.events(c.id()); // the engine tells nothing of it (any more): what jtop saw and its record
        }
        return Timeline.merge(Timeline.withoutLifecycle(timeline.events(c.id())), pastEvents, told);
    }

    private void pastEvents(Container c, Optional<Eventful> engine) {
        pastEvents = List.of();
        eventSources = "what jtop saw while it ran (jtop) and the container's record (runtime)";
        if (engine.isEmpty()) {
            return;
        }
        String label = c.runtime().label();
        try {
            pastEvents = engine.get().past(c);
            eventSources = "what jtop saw while it ran (jtop: OOM kills, throttling, pids limit) and " + label
                    + "'s event log (" + label + ": what it still keeps)";
            if (pastEvents.isEmpty()) {
                // None kept any more: its last start and exit as the engine's inspection tells them (its list rounds them).
                pastEvents = Timeline.fromRecord(Inspectable.detailed(sources.backend(), c));
                eventSources = "what jtop saw while it ran (jtop: OOM kills, throttling, pids limit), " + label
                        + "'s record (runtime: its last start and exit) and " + label
                        + "'s events since jtop started (" + label + " keeps no older one: dockerd its last 256 of all)";
            }
        } catch (IOException | RuntimeException e) {
            eventSources = "what jtop saw while it ran (jtop: OOM kills, throttling, pids limit) and " + label
                    + "'s events since jtop started (its past events: " + e.getMessage() + ")";
        }
    }

    private void scanChanges(Inspection.RootFs root) {
        if (root == null || root.upperDir() == null) {
            changes = null;
            changesError = root == null ? "no root file system to look at (not running?)"
                    : "the root file system is " + root.fsType() + ", not overlay: no layers";
            return;
        }
        try {
            changes = sources.inspector().changes(root, CHANGES_MAX_ENTRIES);
            changesError = null;
        } catch (IOException | RuntimeException e) {
            changesError = "cannot read the upper directory: " + e.getMessage();
        }
    }

    private HostHeader header(Snapshot snap) {
        HostSampler.Figures h = sources.host().sample();
        return new HostHeader(h.hostname(), h.kernel(), h.cgroupVersion(), h.uptimeSeconds(), h.load(),
                h.cpuPercent(), h.cpus(), h.memoryUsed(), h.memoryTotal(), HostHeader.states(snap),
                sources.backends().get());
    }

    /** The live host takes every action its backends take. */
    @Override
    public String refuses(Action a) {
        return null;
    }

    @Override
    public void close() {
        thread.shutdownNow();
    }
}
