package io.jtop.backend.docker;

import io.jtop.container.Backend;
import io.jtop.container.Container;
import io.jtop.container.ContainerState;
import io.jtop.container.ContainerEvent;
import io.jtop.container.EventLog;
import io.jtop.container.Eventful;
import io.jtop.container.Inspectable;
import io.jtop.container.Killable;
import io.jtop.container.Lifecycle;
import io.jtop.container.LogLine;
import io.jtop.container.Loggable;
import io.jtop.container.Pausable;
import io.jtop.container.Removable;
import io.jtop.container.Runtime;
import io.jtop.linux.cgroup.Cgroup;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Docker or Podman (through its Docker-compatible socket) as a backend: names, images, labels,
 * health and exit codes from the engine's list, every action through its API (it has every
 * capability but running containers: jtop runs them in its own runtime only).
 *
 * <p>Design: one daemon thread (the watcher) owns the connection. It subscribes to the engine's
 * container events and lists every container (one call: no inspection, so the init's pid and
 * start come from the cgroup tree when the lists are merged); after that an event, an action, or
 * {@link #changed} marks its container stale and wakes the watcher, which lists again and
 * inspects only the stale ones and those whose state moved, for the pid and start of their new
 * run (so a pid from before a restart never survives: the merged list then tells the cgroup tree
 * to look again), then tells the {@link #onChange} listeners. What only an inspection tells of
 * the rest (restart count, OOM kill) is for {@link #detailed}. For Podman, a relisting also tells
 * each container's pod ({@link Pods}: asked of Podman's own API only for containers not seen
 * before). {@link #list} never calls the
 * engine: it returns the watcher's last listing, so a slow or dead engine never stalls a view, and
 * the first listings of a view are empty while the engine is first reached. Commands that print
 * once wait for the first listing ({@code firstWaitMillis}), and start the watcher as soon as the
 * host is wired ({@link #prefetch}), so that reaching the engine overlaps the rest of their work.
 * When the stream ends or a call fails the listing is dropped (its pids are those of a daemon that
 * went away: the cgroup tree still shows what runs), the status says {@code reconnecting}, and the
 * watcher reconnects with backoff, asking for events since the last one seen and listing all again.
 *
 * <p>Nothing of the engine's client is loaded until a socket exists: {@link #list} only looks for
 * one (at most every {@link #SOCKET_LOOK_NANOS}) until then.
 *
 * <p>It stays one class of about 600 lines: the watcher's listing and the actions share the set of
 * stale containers, the connection and its state, and an action's effect must reach the next
 * listing through them.
 */
public final class EngineBackend implements Backend, Killable, Lifecycle, Pausable, Removable, Loggable, Inspectable,
        Eventful {

    /** While connected, the engine is listed again at least this often, events or not: a safety net, as events say what changed. */
    static final long RELIST_MILLIS = 30_000;
    /** How often a backend with no socket looks whether one has appeared. */
    static final long SOCKET_LOOK_NANOS = 2_000_000_000L;

    private final String name;
    private final Runtime runtime;
    private final List<Path> sockets;
    private final Connector connector;
    private final long firstWaitMillis;
    private final Backoff backoff;
    /** The host's cgroup tree, for the freezer of a container about to be signalled; null gives none. */
    private final Supplier<Cgroup> cgroups;
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
    private final Set<String> stale = ConcurrentHashMap.newKeySet();
    /** The inspect JSON {@link #config} shows, kept until an event or an action of its container. */
    private final Inspections inspections = new Inspections();
    /** What the event stream told of each container, bounded ({@link Eventful#recent}). */
    private final EventLog events = new EventLog();
    /** Podman's pods of the listed containers; null for an engine without pods. */
    private final Pods pods;
    private final CountDownLatch firstListing = new CountDownLatch(1);
    private final Object wake = new Object();

    private volatile List<Container> listing = List.of();
    private volatile String status;
    private volatile Engine engine;
    private volatile boolean dirty;
    private volatile boolean streamEnded;
    private volatile boolean closed;
    private volatile boolean waited;
    /** The socket this user was refused at the last try (see {@link #deniedSocket}); null otherwise. */
    private volatile Path denied;
    private volatile long lastEventNanos;
    private Thread watcher;
    private long lastSocketLook = Long.MIN_VALUE;
    /** The containers of the last listing, by id, as published; the watcher's alone. */
    private Map<String, Container> known = new HashMap<>();

    private volatile boolean shown;

    /** Events that change nothing a listing shows (a health check's exec, a terminal resize …). */
    private static final Set<String> UNSEEN = Set.of("attach", "detach", "resize", "top", "export", "copy",
            "archive-path", "extract-to-dir", "commit", "mount", "unmount");

    /** Opens an engine on a socket; throws {@link Engine.EngineException} with a one-line reason. */
    interface Connector {
        Engine connect(Runtime runtime, Path socket);
    }

    EngineBackend(String name, Runtime runtime, List<Path> sockets, Connector connector, long firstWaitMillis,
                  Backoff backoff, Supplier<Cgroup> cgroups) {
        this.name = name;
        this.runtime = runtime;
        this.sockets = List.copyOf(sockets);
        this.connector = connector;
        this.firstWaitMillis = firstWaitMillis;
        this.backoff = backoff;
        this.cgroups = cgroups;
        this.pods = runtime == Runtime.PODMAN ? new Pods() : null;
    }

    /**
     * dockerd on {@code DOCKER_HOST} (a unix socket) or {@code /var/run/docker.sock}.
     *
     * @param firstWaitMillis how long the first {@link #list} waits for the engine's first answer;
     *                        0 for views that must not wait
     * @param cgroups         the host's cgroup tree, asked only before an action that signals
     */
    public static EngineBackend docker(Map<String, String> env, long firstWaitMillis, Supplier<Cgroup> cgroups) {
        return new EngineBackend("docker", Runtime.DOCKER, List.of(EngineSockets.docker(env)),
                (rt, socket) -> JettyEngine.connect(rt, socket), firstWaitMillis, new Backoff(250, 8_000), cgroups);
    }

    /** Podman's Docker-compatible service ({@code podman system service}), system-wide or the user's. */
    public static EngineBackend podman(Map<String, String> env, long firstWaitMillis, Supplier<Cgroup> cgroups) {
        return new EngineBackend("podman", Runtime.PODMAN, EngineSockets.podman(env),
                (rt, socket) -> JettyEngine.connect(rt, socket), firstWaitMillis, new Backoff(250, 8_000), cgroups);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String status() {
        return status;
    }

    /** Whether the engine's socket exists (once found, the watcher's status says how it answers). */
    @Override
    public boolean present() {
        synchronized (this) {
            if (watcher != null) {
                return true;
            }
        }
        return socket() != null;
    }

    /**
     * The socket this user may not connect to (it is root's, or a group's this user is not in), as
     * found at the last try; null when the engine was reached, or failed otherwise. Its containers
     * then show as the cgroup tree sees them: without names, images or exited ones.
     */
    public Path deniedSocket() {
        return denied;
    }

    @Override
    public void onChange(Runnable listener) {
        listeners.add(listener);
    }

    /** The engine's containers as last listed: running and paused ones, or all. Never calls the engine. */
    @Override
    public List<Container> list(boolean all) {
        if (startWatcher() && firstWaitMillis > 0 && !waited) {
            waited = true; // once: a later listing returns what is known
            try {
                if (!firstListing.await(firstWaitMillis, TimeUnit.MILLISECONDS) && status == null) {
                    status = "no answer within " + firstWaitMillis / 1000 + " s";
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        List<Container> l = listing;
        if (all) {
            return l;
        }
        List<Container> out = new ArrayList<>(l.size());
        for (Container c : l) {
            if (c.state() == ContainerState.RUNNING || c.state() == ContainerState.PAUSED) {
                out.add(c);
            }
        }
        return out;
    }

    /**
     * A view (which waits nothing for the engine) starts the client only once its first frame is
     * out: loading it is costly, and on a small host it would take cores from that frame. Until
     * then its listings hold none of this engine's containers.
     */
    @Override
    public void firstFrameShown() {
        shown = true;
        startWatcher(); // its first listing tells the listeners
    }

    /**
     * A command that waits for the engine ({@code firstWaitMillis} > 0) starts reaching it now, on
     * the watcher's thread, rather than at its first {@link #list}: the client's start and the
     * first calls then overlap the command's other work. A view does nothing here (it starts the
     * client after its first frame).
     */
    public void prefetch() {
        if (firstWaitMillis > 0) {
            startWatcher();
        }
    }

    /**
     * A command's first listing waits for the engine, when there is one (a socket): the merged
     * list asks this backend after the others.
     */
    @Override
    public boolean mayWait() {
        return firstWaitMillis > 0 && !waited && firstListing.getCount() > 0 && startWatcher();
    }

    /** Starts the watcher once a socket exists (and, in a view, its first frame is out); whether it runs. */
    private synchronized boolean startWatcher() {
        if (watcher != null) {
            return true;
        }
        if (firstWaitMillis == 0 && !shown) {
            return false;
        }
        long now = System.nanoTime();
        if (closed || lastSocketLook != Long.MIN_VALUE && now - lastSocketLook < SOCKET_LOOK_NANOS) {
            return false;
        }
        lastSocketLook = now;
        if (socket() == null) {
            return false; // no engine here: say nothing, load nothing
        }
        watcher = new Thread(this::watch, "jtop-" + name);
        watcher.setDaemon(true);
        watcher.start();
        return true;
    }

    /** The socket to use ({@link EngineSockets#pick}), or null when none exists. */
    private Path socket() {
        return EngineSockets.pick(sockets, Files::exists, Files::isWritable);
    }

    @Override
    public void changed(Container c) {
        inspections.forget(c.id());
        stale.add(c.id());
        wakeWatcher();
    }

    private void wakeWatcher() {
        synchronized (wake) {
            dirty = true;
            wake.notifyAll();
        }
    }

    /** The watcher: connect, follow events, list on demand; on failure drop the listing and reconnect. */
    private void watch() {
        boolean connectedOnce = false;
        while (!closed) {
            Path socket = socket();
            Closeable stream = null;
            try {
                if (socket == null) {
                    throw new Engine.EngineException(0, sockets.get(0) + " does not exist", null);
                }
                if (!Files.isWritable(socket)) {
                    // connect(2) on a unix socket needs write permission: say so without loading the client
                    denied = socket;
                    throw new Engine.EngineException(0, "permission denied on " + socket, null);
                }
                denied = null;
                Engine e = connector.connect(runtime, socket);
                engine = e;
                streamEnded = false;
                stream = e.events(since(), this::onEvent, t -> {
                    streamEnded = true;
                    wakeWatcher();
                });
                known = new HashMap<>(); // pids of before the reconnection may all have changed
                relist(e);
                events.retainOnly(known.keySet()); // removed while the stream was down: their destroy never came
                status = null;
                connectedOnce = true;
                backoff.reset();
                firstListing.countDown();
                while (!closed && !streamEnded) {
                    awaitWork();
                    if (!streamEnded && !closed) {
                        relist(e);
                    }
                }
                if (!closed) {
                    throw new Engine.EngineException(0, "the event stream ended", null);
                }
            } catch (RuntimeException e) {
                // An engine's failure (EngineException), or anything its client throws on an answer it
                // did not expect: the watcher must live on, and say what happened.
                String why = e instanceof Engine.EngineException || e.getMessage() != null ? e.getMessage() : e.toString();
                status = connectedOnce ? "reconnecting (" + why + ")" : why;
                drop();
                firstListing.countDown();
            } finally {
                closeQuietly(stream);
                Engine e = engine;
                engine = null;
                closeQuietly(e);
            }
            pause(backoff.nextMillis());
        }
    }

    /** Since when to ask for events: just after the last one seen, or from now on. */
    private String since() {
        long n = lastEventNanos;
        return n <= 0 ? null : String.format(Locale.ROOT, "%d.%09d", n / 1_000_000_000L, n % 1_000_000_000L);
    }

    private void onEvent(Engine.Event e) {
        if (e.timeNanos() > lastEventNanos) {
            lastEventNanos = e.timeNanos();
        }
        record(e);
        if (changesListing(e.action())) {
            inspections.forget(e.id());
            stale.add(e.id());
            wakeWatcher();
        }
    }

    /** Keeps an event for its container's timeline: not the noise of health checks' execs, and nothing of a removed one. */
    private void record(Engine.Event e) {
        if (e.action() == null || !changesListing(e.action())) {
            return;
        }
        if (e.action().equals("destroy") || e.action().equals("remove")) {
            events.forget(e.id());
        } else {
            events.add(e.id(), toContainerEvent(e));
        }
    }

    private ContainerEvent toContainerEvent(Engine.Event e) {
        return new ContainerEvent(Instant.ofEpochSecond(0, e.timeNanos()), runtime.label(), e.action(), e.detail());
    }

    /**
     * Whether an event's action may change what the listing shows. Unknown actions count: an
     * engine's new word must not leave the list stale. Health checks run an exec every interval,
     * and their {@code exec_*} events change nothing (their verdict comes as {@code health_status}).
     */
    static boolean changesListing(String action) {
        if (action == null) {
            return true;
        }
        String verb = action.split(":", 2)[0].trim();
        return !verb.startsWith("exec_") && !UNSEEN.contains(verb);
    }

    /** Waits for an event, an action or the periodic relisting. */
    private void awaitWork() {
        synchronized (wake) {
            long end = System.nanoTime() + RELIST_MILLIS * 1_000_000;
            while (!dirty && !closed && !streamEnded) {
                long left = (end - System.nanoTime()) / 1_000_000;
                if (left <= 0) {
                    break;
                }
                try {
                    wake.wait(left);
                } catch (InterruptedException e) {
                    return;
                }
            }
            dirty = false;
        }
    }

    /**
     * Lists again. A container that had an event or an action, or whose state moved, is inspected
     * for its run (pid, start, exit, OOM kill); the others keep what the last listing knew of theirs.
     */
    private void relist(Engine e) {
        List<Container> listed = pods == null ? e.list() : pods.apply(e, e.list());
        Map<String, Container> next = new HashMap<>();
        List<Container> ordered = new ArrayList<>(listed.size());
        for (Container brief : listed) {
            Container before = known.get(brief.id());
            boolean wasStale = stale.remove(brief.id());
            Container now;
            if (before == null && !wasStale) {
                now = brief; // first seen: the list says enough, the cgroup tree the rest
            } else if (!wasStale && brief.state() == before.state()) {
                now = withRunOf(brief, before);
                if (now.equals(before)) {
                    now = before; // the same object: what the merged list and the sampler kept of it stays good
                }
            } else {
                Container full = e.inspect(brief.id());
                if (full == null) {
                    continue; // removed since it was listed
                }
                now = withRunOf(brief, full);
            }
            next.put(now.id(), now);
            ordered.add(now);
        }
        stale.retainAll(next.keySet());
        known = next;
        publish(List.copyOf(ordered));
    }

    /**
     * The listed container with the run that {@code run} (an inspection, or the last listing's
     * entry) tells: its pid, start, exit code and OOM kill. The rest is the list's, so that every
     * container of a listing tells the same fields.
     */
    static Container withRunOf(Container listed, Container run) {
        if (run.pid() <= 0 && run.exitCode() == null && !run.oomKilled() && run.finishedAt() == null) {
            return listed; // it knows no more than the list
        }
        boolean live = run.state() == ContainerState.RUNNING || run.state() == ContainerState.PAUSED;
        // The exit time first known stays: a list's words ("5 minutes ago") give another instant at
        // each listing, and the container would seem to change at each.
        return new Container(listed.id(), listed.name(), listed.runtime(), listed.image(), live ? run.pid() : 0,
                run.state(), listed.cgroup(), run.startedAt() != null ? run.startedAt() : listed.startedAt(),
                run.exitCode() != null ? run.exitCode() : listed.exitCode(), run.oomKilled(), listed.details(), null,
                run.finishedAt() != null ? run.finishedAt() : listed.finishedAt());
    }

    private void drop() {
        inspections.forgetAll();
        known = new HashMap<>();
        publish(List.of());
    }

    private void publish(List<Container> now) {
        boolean moved = !now.equals(listing);
        listing = now;
        if (moved) {
            for (Runnable l : listeners) {
                try {
                    l.run();
                } catch (RuntimeException e) {
                    // a listener that fails (a view closing) must not stop the watcher
                }
            }
        }
    }

    private void pause(long millis) {
        synchronized (wake) {
            if (!closed) {
                try {
                    wake.wait(millis);
                } catch (InterruptedException e) {
                    // closing
                }
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        synchronized (wake) {
            wake.notifyAll();
        }
        Thread t;
        synchronized (this) {
            t = watcher;
        }
        if (t != null) {
            t.interrupt();
        }
        closeQuietly(engine);
    }

    /** The engine, for an action; waits for the first connection like {@link #list} would. */
    private Engine engine() {
        list(true);
        Engine e = engine;
        if (e == null) {
            String why = status;
            throw new IllegalStateException(name + " is not reachable" + (why == null ? "" : ": " + why));
        }
        return e;
    }

    /** Runs an action; the container is looked at again at once after it. */
    private void act(Container c, Consumer<Engine> action) {
        try {
            action.accept(engine());
        } catch (Engine.EngineException e) {
            throw new IllegalStateException(name + ": " + e.getMessage(), e);
        } finally {
            changed(c);
        }
    }

    /**
     * Thaws a container whose cgroup is frozen before an action signals it, as Docker thaws a
     * paused container it kills: a frozen process acts on no signal (in cgroup v1 not even
     * SIGKILL) until thawed. Decided from the freezer, not the engine's word: one the engine
     * paused is unpaused through the engine, so that its state says running again; one frozen by
     * other hands, which the engine does not know of, is thawed through the freezer, which gives
     * back the state the engine believes it in.
     *
     * @throws IllegalStateException when it stays frozen: a parent cgroup is frozen
     */
    private void thawFirst(Engine e, Container c) {
        Cgroup cg = cgroups.get();
        String path = c.cgroup();
        if (cg == null || path == null || !Boolean.TRUE.equals(cg.frozen(path))) {
            return;
        }
        Container now = e.inspect(c.id());
        if (now != null && now.state() == ContainerState.PAUSED) {
            e.unpause(c.id());
        }
        try {
            if (Boolean.TRUE.equals(cg.frozen(path)) && !cg.thaw(path)) {
                throw new IllegalStateException(c.displayName() + " stays frozen: a parent of its cgroup " + path
                        + " is frozen (thaw that first)");
            }
        } catch (IOException x) {
            throw new IllegalStateException(c.displayName() + " is frozen and could not be thawed: "
                    + (x.getMessage() == null ? x.toString() : x.getMessage()), x);
        }
    }

    @Override
    public void start(Container c) {
        act(c, e -> e.start(c.id()));
    }

    @Override
    public void stop(Container c, int graceSeconds) {
        act(c, e -> {
            thawFirst(e, c);
            e.stop(c.id(), graceSeconds);
        });
    }

    @Override
    public void restart(Container c, int graceSeconds) {
        act(c, e -> {
            thawFirst(e, c);
            e.restart(c.id(), graceSeconds);
        });
    }

    @Override
    public void kill(Container c, String signal) {
        act(c, e -> {
            thawFirst(e, c);
            e.kill(c.id(), signal);
        });
    }

    @Override
    public void pause(Container c) {
        act(c, e -> e.pause(c.id()));
    }

    @Override
    public void resume(Container c) {
        act(c, e -> e.unpause(c.id()));
    }

    @Override
    public void remove(Container c, boolean force) {
        act(c, e -> {
            if (force) {
                thawFirst(e, c);
            }
            e.remove(c.id(), force);
        });
    }

    @Override
    public void logs(Container c, int tail, boolean follow, Consumer<LogLine> sink) throws InterruptedException {
        try {
            engine().logs(c.id(), tail, follow, sink);
        } catch (Engine.EngineException e) {
            throw new IllegalStateException(name + ": " + e.getMessage(), e);
        }
    }

    /** The container as the engine's inspection tells it (restart count, OOM kill …), with what {@code c} knew besides. */
    @Override
    public Container detailed(Container c) {
        try {
            Container full = engine().inspect(c.id());
            return full == null ? c : Pods.member(full, c.membership()).completedBy(c);
        } catch (Engine.EngineException e) {
            throw new IllegalStateException(name + ": " + e.getMessage(), e);
        }
    }

    /** The engine's inspect JSON, indented; kept until the container has an event ({@link Inspections}). */
    @Override
    public String config(Container c) {
        try {
            Engine e = engine();
            String json = inspections.json(c.id(), e::inspectJson);
            if (json == null) {
                return null;
            }
            ObjectMapper m = new ObjectMapper();
            return m.writerWithDefaultPrettyPrinter().writeValueAsString(m.readTree(json));
        } catch (Engine.EngineException e) {
            throw new IllegalStateException(name + ": " + e.getMessage(), e);
        } catch (IOException e) {
            throw new IllegalStateException(name + " gave unreadable JSON for " + c.displayName(), e);
        }
    }

    @Override
    public List<ContainerEvent> recent(Container c) {
        return events.of(c.id());
    }

    /** The engine's events of {@code c} from its creation until now: one call to the engine. */
    @Override
    public List<ContainerEvent> past(Container c) {
        Instant from = c.details() != null && c.details().createdAt() != null ? c.details().createdAt()
                : c.startedAt() != null ? c.startedAt() : Instant.EPOCH.plusSeconds(1);
        // Whole seconds, the one unit both engines take; the end a second ahead, past the current one.
        String since = Long.toString(Math.max(1, from.getEpochSecond() - 1));
        String until = Long.toString(Instant.now().getEpochSecond() + 1);
        try {
            List<ContainerEvent> out = new ArrayList<>();
            for (Engine.Event e : engine().pastEvents(c.id(), since, until, EventLog.PER_CONTAINER)) {
                if (e.action() != null && changesListing(e.action())) {
                    out.add(toContainerEvent(e));
                }
            }
            return out;
        } catch (Engine.EngineException e) {
            throw new IllegalStateException(name + ": " + e.getMessage(), e);
        }
    }

    private static void closeQuietly(Closeable c) {
        if (c != null) {
            try {
                c.close();
            } catch (IOException | RuntimeException e) {
                // the connection is being dropped anyway
            }
        }
    }
}
