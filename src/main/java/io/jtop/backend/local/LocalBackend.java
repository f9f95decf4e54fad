package io.jtop.backend.local;

import io.jtop.container.Backend;
import io.jtop.container.Container;
import io.jtop.container.ContainerState;
import io.jtop.container.Details;
import io.jtop.container.Inspectable;
import io.jtop.container.Killable;
import io.jtop.container.Lifecycle;
import io.jtop.container.LogLine;
import io.jtop.container.Loggable;
import io.jtop.container.Pausable;
import io.jtop.container.Removable;
import io.jtop.container.RunRequest;
import io.jtop.container.Runner;
import io.jtop.container.Runtime;
import io.jtop.engine.bundle.BundleMemory;
import io.jtop.engine.bundle.RunOptions;
import io.jtop.engine.image.Image;
import io.jtop.engine.lifecycle.ContainerRecord;
import io.jtop.engine.lifecycle.LifecycleState;
import io.jtop.engine.lifecycle.LogLines;
import io.jtop.engine.lifecycle.LogReader;
import io.jtop.engine.lifecycle.StateStore;
import io.jtop.linux.sys.Signals;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * jtop's own runtime as a backend: its containers as listed (from the records, kept while nothing
 * says they changed) and every action on them, each through {@link LocalRuntime}. The command line
 * and the UI both act here, on a container as it was listed; the command line finds it by what the
 * user typed ({@link #container}).
 */
public final class LocalBackend implements Backend, Killable, Lifecycle, Pausable, Removable, Loggable,
        Inspectable, Runner {

    static final long RELIST_NANOS = 30_000_000_000L;
    /** How long the prefetch's listing serves: for the view's first frame, not its next tick. */
    static final long QUICK_LISTING_NANOS = 500_000_000L;

    private final LocalRuntime runtime;
    private final ExitWatch exitWatch;
    /** Records a listing could not save (a full or read-only store): the last listing's, one line each. */
    private volatile Set<String> problems = Set.of();
    /** Whether the last listing was refused the store (it is root's, and this user is not root). */
    private volatile boolean storeDenied;
    private volatile boolean quickConmons;
    private volatile Listing listing;
    private volatile boolean relist;
    /** The containers of the last relisting, by the record they were made of; guarded by {@code this}. */
    private Map<ContainerRecord, Container> lastMade = Map.of();

    /** @param quick whether conmons were only looked for in /proc (see {@link #prefetch}) */
    private record Listing(List<Container> containers, Stamp stamp, long nanos, boolean quick) {
    }

    /** What tells that the records may have changed: both directories' times and the store's own writes. */
    private record Stamp(long states, long exits, long writes) {
        // Written out: a record's generated equals links a chain of method handles on its first
        // call, and the first comparison is on the first frame's path.
        @Override
        public boolean equals(Object o) {
            return o instanceof Stamp s && s.states == states && s.exits == exits && s.writes == writes;
        }

        @Override
        public int hashCode() {
            return Long.hashCode(states) * 961 + Long.hashCode(exits) * 31 + Long.hashCode(writes);
        }
    }

    public LocalBackend(LocalRuntime runtime) {
        this.runtime = runtime;
        this.exitWatch = new ExitWatch(runtime.exitDir());
    }

    @Override
    public String name() {
        return "jtop";
    }

    /** The runtime this backend lists and acts through. */
    public LocalRuntime runtime() {
        return runtime;
    }

    /**
     * What the last listing could not do, one line each: records it brought up to date in memory
     * but could not save (a full or read-only store; the next listing finds the same again).
     */
    public Set<String> problems() {
        return problems;
    }

    /** Whether the last listing was refused the store: this user may not read it (it is root's). */
    public boolean storeDenied() {
        return storeDenied;
    }

    /** The store this runtime keeps its images and containers in. */
    public Path root() {
        return runtime.root();
    }

    /**
     * The container a user's query names (full id, name or unique id prefix) as a listing shows
     * it, one whose record is corrupt too (only {@code rm -f} then acts on it); null when none
     * does, or this user may not read the store (it is root's): the query is then looked for
     * among the other runtimes' containers.
     */
    public Container container(String query) throws IOException {
        LocalRuntime.Found f;
        try {
            f = runtime.find(query);
        } catch (IllegalArgumentException | AccessDeniedException e) {
            return null;
        }
        return f.record() != null ? toContainer(f.record()) : damaged(f.id(), f.damage());
    }

    /**
     * Every container, running and paused ones or all. A view lists at every tick, and reading and
     * reconciling every record costs tens of microseconds each: so the records are read again only
     * when something says they may have changed — a record made, written or removed by any jtop
     * process (the records' directory's time changes, see {@link StateStore}), a container that
     * exited (conmon writes its exit file: the exit directory changes), a record written by this
     * process, an action through this backend ({@link #changed}, which the sampler also calls
     * when a container's cgroup empties) — and at the latest after {@link #RELIST_NANOS}, which
     * bounds how late anything else is seen.
     */
    @Override
    public List<Container> list(boolean all) {
        List<Container> out = new ArrayList<>();
        try {
            for (Container c : records()) {
                // One whose state is unknown may be running: it is listed either way.
                if (all || c.state() == ContainerState.RUNNING || c.state() == ContainerState.PAUSED
                        || c.state() == ContainerState.UNKNOWN) {
                    out.add(c);
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot read jtop's containers in " + root() + ": " + e.getMessage(), e);
        }
        return out;
    }

    /**
     * Starts reading the records on a thread of its own, for a listing about to come, which then
     * finds them read (or waits for the rest). Reading a few hundred records cold is the slowest
     * part of a view's first listing; this lets it run while the rest of the host is wired.
     * This first listing tells a live conmon from one read of /proc's pids instead of reading
     * each one's stat; it serves for {@link #QUICK_LISTING_NANOS} (the first frame), and the
     * listing after it checks every conmon as every later listing does (its name, and that it is
     * no zombie).
     */
    public void prefetch() {
        quickConmons = true;
        Thread t = new Thread(new Runnable() { // a class, not a lambda: it runs cold, first
            @Override
            public void run() {
                try {
                    records();
                } catch (IOException | RuntimeException e) {
                    // the listing itself reads again and says what is wrong
                }
            }
        }, "jtop-prefetch");
        t.setDaemon(true);
        t.start();
    }

    /**
     * The containers as the records say, reconciled; none when this user may not read the store
     * (it is root's), which {@link #storeDenied} then says.
     */
    private synchronized List<Container> records() throws IOException {
        try {
            List<Container> out = readRecords();
            storeDenied = false;
            return out;
        } catch (AccessDeniedException e) {
            storeDenied = true;
            listing = null;
            return List.of();
        }
    }

    private List<Container> readRecords() throws IOException {
        StateStore states = runtime.states();
        Stamp stamp = new Stamp(stamp(states.directory()), stamp(runtime.exitDir()), states.writes());
        long now = System.nanoTime();
        Listing l = listing;
        if (l != null && !relist && l.stamp().equals(stamp)
                && now - l.nanos() < (l.quick() ? QUICK_LISTING_NANOS : RELIST_NANOS)) {
            return l.containers();
        }
        relist = false;
        List<Container> all = new ArrayList<>();
        Map<ContainerRecord, Container> made = new IdentityHashMap<>();
        Reconciling.Facts facts = runtime.reconciling().facts(l == null && quickConmons);
        StateStore.Listing records = states.listAll();
        runtime.reconciling().unsaved(); // what earlier looks could not save: this listing looks again
        for (ContainerRecord r : records.records()) {
            ContainerRecord current = runtime.reconciling().reconcile(r, facts);
            // A record that did not change (the store keeps its parse while the file is the same)
            // gives the same container object: the merged list and the sampler reuse their work
            // for an entry that is the same object as at the last tick.
            Container c = lastMade.get(current);
            if (c == null) {
                c = toContainer(current);
            }
            made.put(current, c);
            all.add(c);
        }
        for (StateStore.Damaged d : records.damaged()) {
            all.add(damaged(d.id(), d.reason()));
        }
        lastMade = made;
        problems = runtime.reconciling().unsaved();
        listing = new Listing(List.copyOf(all), stamp, now, facts.pids() != null);
        return listing.containers();
    }

    /** A container whose record cannot be read: its state is unknown, it may still run. */
    private static Container damaged(String id, String reason) {
        return new Container(id, null, Runtime.JTOP, null, 0, ContainerState.UNKNOWN, null, null, null, false,
                null, "corrupt record: " + reason);
    }

    /** A directory's modification time in ns, or {@code Long.MIN_VALUE} when it is missing. */
    private static long stamp(Path dir) {
        try {
            BasicFileAttributes a = Files.readAttributes(dir, BasicFileAttributes.class);
            return a.lastModifiedTime().to(TimeUnit.NANOSECONDS);
        } catch (IOException e) {
            return Long.MIN_VALUE;
        }
    }

    /** A container that exits is told at once: conmon's exit file is watched from the first frame on. */
    @Override
    public void onChange(Runnable listener) {
        exitWatch.add(listener);
    }

    @Override
    public void firstFrameShown() {
        exitWatch.start();
    }

    @Override
    public void close() {
        exitWatch.close();
    }

    @Override
    public void changed(Container c) {
        relist = true;
        runtime.reconciling().forgetConmons();
    }

    /** Each image's names, or its short id when it has none. */
    @Override
    public List<String> imageNames() throws IOException {
        List<String> out = new ArrayList<>();
        for (Image i : runtime.images().list()) {
            if (i.names().isEmpty()) {
                out.add(i.shortId());
            } else {
                out.addAll(i.names());
            }
        }
        return out;
    }

    @Override
    public Container run(RunRequest request) throws IOException {
        RunOptions opts = RunOptions.builder().name(request.name()).memory(request.memoryBytes())
                .cpus(request.cpus()).pidsLimit(request.pidsLimit())
                .args(request.command().toArray(String[]::new)).build();
        ContainerRecord r = runtime.run(request.image(), opts);
        exitWatch.start(); // the first container of a store makes the exit directory
        return toContainer(runtime.reconcile(r));
    }

    @Override
    public void start(Container c) throws IOException {
        runtime.start(runtime.reconcile(runtime.get(c.id())));
    }

    @Override
    public void stop(Container c, int graceSeconds) throws IOException, InterruptedException {
        runtime.stop(listed(c), graceSeconds);
    }

    /** Refused before it is stopped when the store takes no writes: it could record neither its exit nor its start. */
    @Override
    public void restart(Container c, int graceSeconds) throws IOException, InterruptedException {
        runtime.restart(listed(c), graceSeconds);
    }

    /**
     * Signals the init {@code c} was listed with: the record must still name its pid, and the
     * process the pidfd holds must have started when {@code c} says (the one check of its start;
     * where the boot time cannot be read no start can be told, and the signal is refused).
     */
    @Override
    public void kill(Container c, String signal) throws IOException {
        ContainerRecord r = runtime.reconcile(runtime.get(c.id()));
        int pid = toContainer(r).pid();
        if (pid != 0 && pid != c.pid()) {
            throw processChanged(c);
        }
        try {
            runtime.kill(r, signal, ticks -> Objects.equals(runtime.startedAt(ticks), c.startedAt()));
        } catch (Signals.ProcessChangedException e) {
            throw processChanged(c);
        }
    }

    @Override
    public void pause(Container c) throws IOException {
        runtime.pause(listed(c));
    }

    @Override
    public void resume(Container c) throws IOException {
        runtime.unpause(runtime.reconcile(runtime.get(c.id())));
    }

    /** One whose record is corrupt is removed only with {@code force}: its record cannot say whether it still runs. */
    @Override
    public void remove(Container c, boolean force) throws IOException, InterruptedException {
        LocalRuntime.Found f = runtime.find(c.id());
        if (f.record() == null) {
            runtime.removeDamaged(f, force);
        } else {
            runtime.remove(listed(c), force);
        }
    }

    @Override
    public void logs(Container c, int tail, boolean follow, Consumer<LogLine> sink)
            throws IOException, InterruptedException {
        runtime.logs(c.id(), tail, follow, new LogLines(l -> sink.accept(logLine(l))));
    }

    private static LogLine logLine(LogReader.Line l) {
        return new LogLine(l.time(), l.stream() == LogReader.Stream.STDERR, l.text());
    }

    /**
     * The container with the OCI runtime it was created with, the memory limit its bundle set and,
     * once exited, the memory high-water mark kept at its exit ({@code inspect}). A corrupt record
     * (its state unknown) is left as listed; a runtime file that cannot be read is said as such.
     */
    @Override
    public Container detailed(Container c) throws IOException {
        if (c.state() == ContainerState.UNKNOWN) {
            return c;
        }
        ContainerRecord r = runtime.get(c.id());
        Long peak = c.state() == ContainerState.EXITED ? MemoryPeakFile.read(runtime.states().containerDir(r.id()))
                : null;
        return c.withDetails(new Details(Map.of(), null, null, Instant.parse(r.created()),
                runtime.runtimeOf(r.id()).name(), null, peak, BundleMemory.limit(bundleConfig(r.id()))));
    }

    /** The bundle's config.json as the OCI runtime was given it, or null if it has gone. */
    @Override
    public String config(Container c) throws IOException {
        Path config = bundleConfig(runtime.get(c.id()).id());
        return Files.exists(config) ? Files.readString(config) : null;
    }

    private Path bundleConfig(String id) {
        return runtime.states().containerDir(id).resolve("bundle").resolve("config.json");
    }

    /**
     * The container's record now, refused when it has a process and that is not the one {@code c}
     * was listed with (pid and start time, as {@link #toContainer} gives them). What is then
     * signalled is this record's pid and start ticks, which the pidfd check holds the process to.
     */
    private ContainerRecord listed(Container c) throws IOException {
        ContainerRecord r = runtime.reconcile(runtime.get(c.id()));
        Container now = toContainer(r);
        if (now.pid() != 0 && (now.pid() != c.pid() || !Objects.equals(now.startedAt(), c.startedAt()))) {
            throw processChanged(c);
        }
        return r;
    }

    /**
     * The container as listed. Its start is its init's while it runs (so a restart shows, and
     * actions can tell the listed process from a later one), else its creation.
     */
    private Container toContainer(ContainerRecord r) {
        boolean live = r.state() == LifecycleState.RUNNING || r.state() == LifecycleState.PAUSED;
        ContainerState state = switch (r.state()) {
            case CREATED -> ContainerState.CREATED;
            case RUNNING -> ContainerState.RUNNING;
            case PAUSED -> ContainerState.PAUSED;
            default -> ContainerState.EXITED;
        };
        Instant started = live && r.pidStartTicks() > 0 ? runtime.startedAt(r.pidStartTicks()) : null;
        Container c = new Container(r.id(), r.name(), Runtime.JTOP, r.imageName(), live ? (int) r.pid() : 0, state,
                live ? LocalRuntime.cgroupPath(r.id()) : null, started != null ? started : Instant.parse(r.created()),
                state == ContainerState.EXITED ? r.exitCode() : null, r.oomKilled());
        return state == ContainerState.EXITED ? c.withFinishedAt(finished(r)) : c;
    }

    /** When the record says the container exited; null when it does not say, or says it unreadably. */
    private static Instant finished(ContainerRecord r) {
        try {
            return r.finished() == null ? null : Instant.parse(r.finished());
        } catch (DateTimeParseException e) {
            return null; // a hand-edited record: the state stands, without its age
        }
    }
}
