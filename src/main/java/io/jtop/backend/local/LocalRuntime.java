package io.jtop.backend.local;

import io.jtop.container.Lookup;
import io.jtop.engine.bundle.BundleWriter;
import io.jtop.engine.bundle.RunOptions;
import io.jtop.engine.bundle.Spec;
import io.jtop.engine.bundle.SpecGenerator;
import io.jtop.engine.image.AtomicFiles;
import io.jtop.engine.image.Image;
import io.jtop.engine.image.ImageStore;
import io.jtop.engine.image.StoreFailure;
import io.jtop.engine.lifecycle.ContainerRecord;
import io.jtop.engine.lifecycle.LifecycleState;
import io.jtop.engine.lifecycle.LogFiles;
import io.jtop.engine.lifecycle.LogLines;
import io.jtop.engine.lifecycle.LogOptions;
import io.jtop.engine.lifecycle.LogReader;
import io.jtop.engine.lifecycle.LogSink;
import io.jtop.engine.lifecycle.OciDriver;
import io.jtop.engine.lifecycle.RuntimeWaits;
import io.jtop.engine.lifecycle.StateStore;
import io.jtop.engine.snapshot.Mounter;
import io.jtop.engine.snapshot.OverlaySnapshotter;
import io.jtop.engine.snapshot.Snapshot;
import io.jtop.linux.cgroup.Cgroup;
import io.jtop.linux.cgroup.Cgroups;
import io.jtop.linux.mount.EngineSocketFiles;
import io.jtop.linux.mount.MountInfo;
import io.jtop.linux.proc.KernelFiles;
import io.jtop.linux.proc.ProcFs;
import io.jtop.linux.proc.ProcLimits;
import io.jtop.linux.sys.Signals;

import java.io.IOException;
import java.nio.channels.FileLock;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.function.LongPredicate;

/**
 * jtop's own runtime: image → overlay snapshot → OCI bundle → conmon + runc, and each action on a
 * container's record. Each container is watched by its own conmon, so it outlives jtop; its record
 * (state.json) and conmon's exit file keep its state and exit code while jtop is not running.
 * Every action first reconciles the record with what the host shows (exit files, dead conmons,
 * reboots). {@link LocalBackend} lists these containers and acts on them as a backend.
 *
 * <p>Above 500 lines for one reason: creating, starting, stopping and removing a container share
 * its lock, its driver and the rule that a record is written before an action and taken back
 * after a failure; split apart, each half would need the other's private steps.
 */
public final class LocalRuntime {
    /** How often a wait for a container's exit looks for its exit file (a stat). */
    private static final long EXIT_POLL_MILLIS = 5;
    /** How long a container is given to exit after SIGKILL: it ends at once unless something holds it. */
    private static final long KILL_WAIT_MILLIS = 10_000;
    /** The cgroup under which runc puts each container of jtop's. */
    private static final String CGROUP_PARENT = "/jtop";
    /** How long a follower waits before it looks again at a log that did not grow. */
    private static final long FOLLOW_POLL_MILLIS = 50;

    private final Path root;
    private final Path runDir;
    private final Path proc;
    private final ProcFs procFs;
    private final KernelFiles files = new KernelFiles(64);
    private Cgroup cgroup;
    private final ImageStore images;
    private final StateStore states;
    private final OverlaySnapshotter snapshots;
    private final Mounter mounter = new Mounter();
    /** Each container's driver: the runtime it was created with ({@link RuntimeChoice}), or the default one. */
    private final Drivers drivers;
    private final Reconciling reconciling;
    private final CgroupLeftovers leftovers;
    /** See {@link #takeNotes}. */
    private final List<String> notes = Collections.synchronizedList(new ArrayList<>());

    /** Made on first use: views that only list never need an id, and seeding the generator is not free. */
    private static final class Ids {
        static final SecureRandom RANDOM = new SecureRandom();
    }

    /**
     * @param root    persistent store, e.g. {@code /var/lib/jtop}
     * @param runDir  run-time files, e.g. {@code /run/jtop} (gone after a reboot, as they should be)
     * @param runtime the OCI runtime binary (runc by default)
     */
    public LocalRuntime(Path root, Path runDir, Path runtime, Path procRoot) {
        this(root, runDir, runtime, procRoot, RuntimeWaits.DEFAULT);
    }

    /** @param waits how long each call of the runtime is waited for */
    public LocalRuntime(Path root, Path runDir, Path runtime, Path procRoot, RuntimeWaits waits) {
        this.root = root;
        this.runDir = runDir;
        this.proc = procRoot;
        this.procFs = new ProcFs(procRoot.getParent(), files);
        this.images = new ImageStore(root);
        this.states = new StateStore(root);
        this.snapshots = new OverlaySnapshotter(images, root.resolve("snapshots"));
        this.drivers = new Drivers(runDir, states, RuntimeChoice.of(runtime, runDir), waits);
        this.reconciling = new Reconciling(states, drivers, procFs, procRoot, this::cgroup, this::release);
        this.leftovers = new CgroupLeftovers(procRoot, procFs);
    }

    public ImageStore images() {
        return images;
    }

    /** The store this runtime keeps its images and containers in. */
    public Path root() {
        return root;
    }

    /** {@link #run(String, RunOptions, LogOptions)} with the default log options. */
    public ContainerRecord run(String imageRef, RunOptions opts) throws IOException {
        return run(imageRef, opts, LogOptions.DEFAULT);
    }

    /**
     * Creates and starts a container; returns its record. On failure nothing of it is left, and a
     * full or read-only store is said as such ({@link StoreFailure}).
     */
    public ContainerRecord run(String imageRef, RunOptions opts, LogOptions log) throws IOException {
        return run(imageRef, opts, log, created -> { });
    }

    /** What is done with a container once it is created, before it starts. */
    @FunctionalInterface
    public interface BeforeStart {
        void created(String id) throws IOException;
    }

    /**
     * Creates and starts a container; {@code beforeStart} is called between the two, when its log
     * exists and nothing is written to it yet (an attached run opens the log there: see
     * {@link #openLog}). A failure of {@code beforeStart} undoes the container like any other.
     */
    public ContainerRecord run(String imageRef, RunOptions opts, LogOptions log, BeforeStart beforeStart)
            throws IOException {
        if (opts.name() != null) {
            ContainerRecord.checkName(opts.name());
        }
        Image image = images.find(imageRef).orElseThrow(() -> new IllegalArgumentException(
                "no image '" + imageRef + "' (import one with: jtop image import SOURCE NAME)"));
        String id = newId();
        String name = opts.name() != null ? opts.name() : "jtop-" + id.substring(0, 8);
        String boot = reconciling.bootId();
        ContainerRecord record = ContainerRecord.builder().id(id).name(name).image(image.id())
                .imageName(image.names().isEmpty() ? image.shortId() : image.names().get(0)).command(opts.args())
                .created(Instant.now().toString()).state(LifecycleState.CREATED).bootId(boot).exitCode(-1).build();
        states.create(record);
        try {
            if (!images.has(image.id())) {
                // Removed after it was found, before this record named it (see ImageStore.Users).
                throw new IllegalStateException("image " + imageRef + " was removed while " + name + " was made");
            }
            Snapshot snap = snapshots.prepare(id, image);
            mounter.mount(snap.mount());
            long hardNofile = ProcLimits.parseOpenFilesHard(Files.readString(proc.resolve("self/limits")));
            SpecGenerator gen = new SpecGenerator(SpecGenerator.readCapabilities(proc), cgroup().version() == 2,
                    EngineSocketFiles.PATHS);
            Spec spec = gen.generate(id, image.config(), opts, hardNofile < 0 ? 1_048_576 : hardNofile);
            spec = new Spec(spec.ociVersion(), spec.process(), new Spec.Root(snap.merged().toString(),
                    spec.root().readonly()), spec.hostname(), spec.mounts(), spec.linux());
            Path bundle = AtomicFiles.privateDirectory(states.containerDir(id).resolve("bundle"));
            BundleWriter.write(bundle, spec);
            Path dir = states.containerDir(id);
            drivers.defaultRuntime().write(dir);
            log.save(dir);
            OciDriver.Created created = drivers.base().create(id, bundle, LogFiles.current(dir), log.maxSize(), exitDir());
            beforeStart.created(id);
            drivers.base().start(id);
            long ticks = reconciling.startTicks(created.containerPid()); // 0 if it has already exited

            return states.update(id, r -> r.running(created.containerPid(), ticks, created.conmonPid(), boot));
        } catch (IOException e) {
            undo(id, name, e);
            throw StoreFailure.of(root, "cannot create " + name, e);
        } catch (RuntimeException e) {
            undo(id, name, e);
            throw e;
        } finally {
            states.created(id);
        }
    }

    /** Removes what a failed {@link #run} made; what fails in that is told with the failure, not instead of it. */
    private void undo(String id, String name, Exception failure) {
        try {
            cleanUp(id, name);
        } catch (IOException | RuntimeException e) {
            failure.addSuppressed(e);
        }
    }

    /**
     * Removes an image, or with {@code force} only its names while containers use it; see
     * {@link ImageStore#remove}.
     */
    public ImageStore.Removal removeImage(String ref, boolean force) throws IOException {
        return images.remove(ref, force, this::whileNoneIsMade);
    }

    /**
     * Tells {@code then} the containers whose record names the image, under the records' lock: a
     * container made meanwhile finds its image gone once its record is written ({@link #run}).
     * A record that cannot be read (corrupt) may be of any image: it counts as a user of every one.
     */
    private void whileNoneIsMade(String imageId, ImageStore.Then then) throws IOException {
        states.whileLocked(() -> {
            List<String> users = new ArrayList<>();
            StateStore.Listing all = states.listAll();
            for (ContainerRecord r : all.records()) {
                if (r.image() == null || r.image().equals(imageId)) {
                    users.add(r.name());
                }
            }
            for (StateStore.Damaged d : all.damaged()) {
                users.add(d.id().substring(0, 12));
            }
            then.with(users);
        });
    }

    /** Runs a command inside a running container on this terminal ({@code runc exec}); returns its exit code. */
    public int exec(String query, boolean tty, List<String> command) throws IOException, InterruptedException {
        ContainerRecord r = reconcile(get(query));
        if (r.state() != LifecycleState.RUNNING) {
            throw new IllegalStateException(r.name() + " is " + r.state().label() + ": exec needs it running");
        }
        return drivers.of(r.id()).exec(r.id(), tty, command);
    }

    /**
     * Stops a running container (with grace) and starts it again from the same bundle and snapshot.
     * A store that takes no writes (read-only) is refused before it is stopped: it could record
     * neither its exit nor its new start.
     */
    ContainerRecord restart(ContainerRecord r, int graceSeconds) throws IOException, InterruptedException {
        states.checkWritable("restart " + r.name());
        return start(stop(r, graceSeconds));
    }

    /**
     * Starts a created or exited container again from its bundle and snapshot, which is mounted
     * again first when it is not (an exited container lets its mount go: {@link #release}).
     */
    ContainerRecord start(ContainerRecord r) throws IOException {
        if (r.state() != LifecycleState.CREATED && r.state() != LifecycleState.EXITED) {
            throw new IllegalStateException(r.name() + " is " + r.state().label()
                    + ": only a created or exited container can be started");
        }
        try (FileLock lock = lockOf(r.id())) {
            boolean mounted = mountAgain(r);
            try {
                return startMounted(r);
            } catch (IOException | RuntimeException e) {
                if (mounted) {
                    try {
                        mounter.unmount(merged(r.id())); // exited again: as release leaves it
                    } catch (IOException | RuntimeException undo) {
                        e.addSuppressed(undo);
                    }
                }
                throw e;
            }
        }
    }

    /**
     * Mounts a container's snapshot where it is not mounted (after it exited, or after a reboot);
     * whether it did.
     */
    private boolean mountAgain(ContainerRecord r) throws IOException {
        Path merged = merged(r.id());
        if (MountInfo.parse(procFs.selfMountinfoText()).stream().anyMatch(m -> m.mountPoint().equals(merged.toString()))) {
            return false;
        }
        for (Image i : images.list()) {
            if (i.id().equals(r.image())) {
                mounter.mount(snapshots.mount(r.id(), i));
                return true;
            }
        }
        throw new IllegalStateException(r.name() + ": its image " + r.imageName() + " is not in the store any more;"
                + " run it anew");
    }

    private ContainerRecord startMounted(ContainerRecord r) throws IOException {
        String id = r.id();
        OciDriver oci = drivers.of(id);
        oci.delete(id, true, exitDir());
        Files.deleteIfExists(exitDir().resolve(id));
        Path dir = states.containerDir(id);
        LogOptions log = LogOptions.load(dir);
        LogFiles.rotate(dir, log.maxFiles());
        try {
            OciDriver.Created created = oci.create(id, dir.resolve("bundle"), LogFiles.current(dir), log.maxSize(),
                    exitDir());
            oci.start(id);
            long ticks = reconciling.startTicks(created.containerPid());
            String boot = reconciling.bootId();
            // From the record as this start found it: a stop whose exit a full store could not
            // take leaves it saying "running" on disk.
            return states.update(id, x -> r.running(created.containerPid(), ticks, created.conmonPid(), boot));
        } catch (IOException | RuntimeException e) {
            // What this start made is taken back, so that the record, which still says how it
            // last ended, stays true: no created init, conmon or running process behind it.
            try {
                deleteFromRuntime(id, r.name(), leftovers.directories(cgroupPath(id)));
            } catch (IOException | RuntimeException undo) {
                e.addSuppressed(undo);
            }
            if (e instanceof IOException io) {
                throw StoreFailure.of(root, "cannot start " + r.name(), io);
            }
            throw e;
        }
    }

    /**
     * Sends a signal to a running container's init through a pidfd, if its start time is one
     * {@code listed} accepts (the caller's one check that it is the process it listed).
     */
    void kill(ContainerRecord r, String signal, LongPredicate listed) throws IOException {
        if (r.state() != LifecycleState.RUNNING && r.state() != LifecycleState.PAUSED) {
            throw new IllegalStateException(r.name() + " is " + r.state().label() + ": nothing to signal");
        }
        int number = Signals.parse(signal);
        r = thawed(r);
        Signals.send((int) r.pid(), listed, number, proc);
    }

    /**
     * SIGTERM, then SIGKILL after {@code graceSeconds}; returns the exited record.
     *
     * @throws IllegalStateException when it could not be stopped, saying why
     */
    ContainerRecord stop(ContainerRecord r, int graceSeconds) throws IOException, InterruptedException {
        String id = r.id();
        if (r.state() == LifecycleState.RUNNING || r.state() == LifecycleState.PAUSED) {
            r = thawed(r);
            trySignal(r, "TERM");
            if (!awaitExit(id, graceSeconds * 1000L)) {
                trySignal(r, "KILL");
                awaitExit(id, KILL_WAIT_MILLIS);
            }
        }
        ContainerRecord after = reconcile(get(id));
        if (after.state().onHost()) {
            throw new IllegalStateException(r.name() + " did not stop: it is still " + withFreezer(after).state().label()
                    + " " + KILL_WAIT_MILLIS / 1000 + " s after SIGKILL");
        }
        return after;
    }

    void pause(ContainerRecord r) throws IOException {
        String id = r.id();
        r = withFreezer(r);
        if (r.state() == LifecycleState.PAUSED) {
            throw new IllegalStateException(r.name() + " is already paused");
        }
        r.state().check(LifecycleState.PAUSED, r.name());
        recordThen(r, LifecycleState.PAUSED, () -> drivers.of(id).pause(id));
    }

    void unpause(ContainerRecord listed) throws IOException {
        ContainerRecord r = withFreezer(listed);
        if (r.state() != LifecycleState.PAUSED) {
            throw new IllegalStateException(r.name() + " is " + r.state().label() + ", not paused");
        }
        thawed(r);
    }

    /**
     * Records a container's next state, then acts: so a store that cannot record it (full,
     * read-only) leaves the container as it was, never frozen while its record says running; and
     * an action that fails is taken back out of the record.
     */
    private void recordThen(ContainerRecord r, LifecycleState next, Step action) throws IOException {
        LifecycleState before = r.state();
        states.update(r.id(), "record " + r.name() + " as " + next.label() + ", so it was left " + before.label(),
                x -> x.moveTo(next));
        try {
            action.run();
        } catch (IOException | RuntimeException e) {
            try {
                states.update(r.id(), x -> x.state() == next ? x.moveTo(before) : x);
            } catch (IOException | RuntimeException undo) {
                e.addSuppressed(undo);
            }
            throw e;
        }
    }

    /** An action on a container, as {@link #recordThen} runs it. */
    private interface Step {
        void run() throws IOException;
    }

    /**
     * Removes a container: its runc state, mount, snapshot, cgroup and files. One whose record is
     * corrupt is removed only with {@code force}: its record cannot say whether it still runs.
     */
    public void remove(String query, boolean force) throws IOException, InterruptedException {
        Found f = find(query);
        if (f.record() == null) {
            removeDamaged(f, force);
        } else {
            remove(reconcile(f.record()), force);
        }
    }

    /**
     * Refuses to begin removing a container from a store that takes no writes (read-only): it
     * would be killed and its record left behind. Said as the store's failure, as is any later one.
     */
    private void removing(String id, String name, Remover step) throws IOException, InterruptedException {
        states.checkWritable("remove " + name);
        try {
            step.run();
        } catch (IOException e) {
            throw StoreFailure.of(root, "cannot remove " + name, e);
        }
    }

    /** One removal, as {@link #removing} runs it. */
    private interface Remover {
        void run() throws IOException, InterruptedException;
    }

    /** Everything the id of a container whose record is corrupt still names, what runs killed first (see {@link #cleanUp}). */
    void removeDamaged(Found f, boolean force) throws IOException, InterruptedException {
        if (!force) {
            throw corrupt(f);
        }
        removing(f.id(), f.label(), () -> cleanUp(f.id(), f.label()));
    }

    void remove(ContainerRecord r, boolean force) throws IOException, InterruptedException {
        if ((r.state() == LifecycleState.RUNNING || r.state() == LifecycleState.PAUSED) && !force) {
            withFreezer(r).state().check(LifecycleState.REMOVED, r.name());
        }
        removing(r.id(), r.name(), () -> removeNow(r));
    }

    /** Kills a container that runs, then removes everything of it. */
    private void removeNow(ContainerRecord r) throws IOException, InterruptedException {
        String id = r.id();
        if (r.state() == LifecycleState.RUNNING || r.state() == LifecycleState.PAUSED) {
            r = thawed(r);
            trySignal(r, "KILL");
            awaitExit(id, KILL_WAIT_MILLIS);
        }
        cleanUp(id, r.name());
        images.release(r.image(), this::whileNoneIsMade); // an image removed while it was in use goes with its last container
    }

    /**
     * The record of a live container with the state its cgroup's freezer shows now, saved if the
     * record said otherwise: whoever froze or thawed it (jtop's pause, {@code runc pause}, a hand on
     * the freezer), actions go by what it is, not by what jtop last did to it.
     */
    private ContainerRecord withFreezer(ContainerRecord r) throws IOException {
        if (r.state() != LifecycleState.RUNNING && r.state() != LifecycleState.PAUSED) {
            return r;
        }
        Boolean frozen = cgroup().frozen(cgroupPath(r.id()));
        LifecycleState now = frozen == null ? r.state() : frozen ? LifecycleState.PAUSED : LifecycleState.RUNNING;
        if (now == r.state()) {
            return r;
        }
        try {
            return states.update(r.id(), x -> x.state() == r.state() ? x.moveTo(now) : x);
        } catch (IOException e) {
            reconciling.unsaved(e.getMessage()); // a full or read-only store: the freezer is what it is all the same
            return r.moveTo(now);
        }
    }

    /**
     * Thaws a frozen container and returns its record, running: before a signal, since a frozen
     * process acts on none (in cgroup v1 not even SIGKILL) until it is thawed, as Docker thaws a
     * paused container it kills. Through the freezer itself, as runc's resume does, so that one
     * frozen by other hands (half-way, FREEZING, which runc does not call paused) thaws too; runc
     * tells its state from the freezer, so it sees it running. Freezing stays runc's: it retries a
     * freezer that does not settle while processes fork.
     *
     * @throws IllegalStateException when it stays frozen: a parent cgroup is frozen
     */
    private ContainerRecord thawed(ContainerRecord r) throws IOException {
        String path = cgroupPath(r.id());
        if (Boolean.TRUE.equals(cgroup().frozen(path)) && !cgroup().thaw(path)) {
            throw new IllegalStateException(r.name() + " stays frozen: a parent of its cgroup " + path
                    + " is frozen (thaw that first)");
        }
        return withFreezer(r);
    }

    /** The cgroup runc gives a container of jtop's (config.json's cgroupsPath). */
    static String cgroupPath(String id) {
        return CGROUP_PARENT + "/" + id;
    }

    /**
     * Removes jtop's parent cgroup from each hierarchy where it holds no container's cgroup any
     * more: runc makes it for the first container and leaves it after the last. The kernel refuses
     * to remove one that still holds a cgroup or a process (EBUSY), so none in use goes; a
     * {@code run} whose runtime made it a moment before and is about to make the container's
     * cgroup in it would fail, hence this is only for {@code demo --clean}.
     */
    public void removeEmptyCgroupParent() {
        for (Path d : leftovers.directories(CGROUP_PARENT)) {
            try {
                Files.deleteIfExists(d); // rmdir: an empty cgroup's files go with it
            } catch (IOException e) {
                // still in use
            }
        }
    }

    /**
     * Hands the container's output to {@code sink} from its kept files and its current one: the last
     * {@code tail} lines (all when negative) and, with {@code follow}, what it writes after until it
     * exits or is removed. A {@link LogLines} sink is flushed at the end.
     */
    public void logs(String query, int tail, boolean follow, LogSink sink) throws IOException, InterruptedException {
        String id = get(query).id();
        try (LogReader reader = openLog(id)) {
            reader.skipToLast(tail);
            if (follow) {
                follow(id, reader, sink);
            } else {
                reader.read(sink);
                if (sink instanceof LogLines lines) {
                    lines.flush();
                }
            }
        }
    }

    /**
     * A reader of the container's log files as they are now. Opened before the container starts,
     * it holds every byte of its output: conmon replaces a full log file by renaming a new one over
     * it, and the open file keeps what was written to it.
     */
    public LogReader openLog(String id) throws IOException {
        Path dir = states.containerDir(id);
        return new LogReader(LogFiles.kept(dir), LogFiles.current(dir));
    }

    /** Hands {@code sink} what {@code reader} has and what the container writes until it exits or is removed. */
    public void follow(String id, LogReader reader, LogSink sink) throws IOException, InterruptedException {
        Path dir = states.containerDir(id);
        Path exits = exitDir();
        reader.follow(sink, () -> exited(exits, id, dir), FOLLOW_POLL_MILLIS);
        if (sink instanceof LogLines lines) {
            lines.flush();
        }
    }

    /** Whether a followed container is done writing: exited (conmon writes the exit file last) or removed. */
    private boolean exited(Path exits, String id, Path dir) {
        try {
            return drivers.base().exitCode(exits, id).isPresent() || !Files.isDirectory(dir);
        } catch (IOException e) {
            return true; // an exit file that cannot be read: it is there, the container has exited
        }
    }

    /** Waits until the container has exited (its exit file is written), up to {@code millis}. */
    public boolean awaitExit(String query, long millis) throws IOException, InterruptedException {
        String id = get(query).id();
        long end = System.nanoTime() + millis * 1_000_000;
        while (System.nanoTime() < end) {
            if (drivers.base().exitCode(exitDir(), id).isPresent()) {
                reconcile(get(id));
                return true;
            }
            Thread.sleep(EXIT_POLL_MILLIS);
        }
        return false;
    }

    /**
     * The record of a container by full id, name or unique id prefix.
     *
     * @throws IllegalStateException for a container whose record is corrupt: only {@link #remove} acts on it
     */
    public ContainerRecord get(String query) throws IOException {
        Found f = find(query);
        if (f.record() == null) {
            throw corrupt(f);
        }
        return f.record();
    }

    /** What every action but {@code rm -f} says of a container whose record is corrupt. */
    private static IllegalStateException corrupt(Found f) {
        return new IllegalStateException(f.label() + "'s record is corrupt (" + f.damage()
                + "): whether it runs is unknown; rm -f removes it and whatever it still runs");
    }

    /**
     * One of this runtime's containers, found by what a user typed: its record, or why its record
     * cannot be read (then its name is unknown, and only its id finds it).
     */
    public record Found(String id, String name, ContainerRecord record, String damage) {
        /** How messages name it: its name, else its short id. */
        public String label() {
            return name != null ? name : id.substring(0, 12);
        }
    }

    /** The container a query names, by full id, name or unique id prefix, whether its record is sound or corrupt. */
    public Found find(String query) throws IOException {
        StateStore.Listing l = states.listAll();
        List<Found> all = new ArrayList<>(l.records().size() + l.damaged().size());
        for (ContainerRecord r : l.records()) {
            all.add(new Found(r.id(), r.name(), r, null));
        }
        for (StateStore.Damaged d : l.damaged()) {
            all.add(new Found(d.id(), null, null, d.reason()));
        }
        return Lookup.one(all, query, Found::id, Found::name,
                f -> f.id().substring(0, 12) + "  " + (f.name() != null ? f.name() : "-") + "  jtop");
    }

    /**
     * Whether a query names one of jtop's own containers; not when this user may not read the
     * store (it is root's): the query is then looked for among the other runtimes' containers.
     */
    public boolean knows(String query) throws IOException {
        try {
            find(query);
            return true;
        } catch (IllegalArgumentException | AccessDeniedException e) {
            return false;
        }
    }


    /**
     * Lets go of what only a running container needs, once its exit is recorded, as Docker does:
     * the runtime's state of it, its cgroup (which kept its last figures, an OOM kill among them,
     * until the exit was read) and its root file system's mount. Its record, snapshot, bundle and
     * logs stay; {@link #start} mounts and creates it again. Under the container's lock and only
     * while its record still says it exited so: a start under way (another jtop's restart) is never
     * undone. The runtime's delete is not forced: a container whose conmon died while it ran may
     * still run, and is left as it is. What cannot be let go (the runtime fails or hangs) stays
     * until the container is started again or removed, which both remove it all the same.
     */
    private void release(ContainerRecord exited) {
        String id = exited.id();
        try (FileLock lock = lockOf(id)) {
            if (!states.get(id).map(exited::equals).orElse(false)) {
                return;
            }
            keepMemoryPeak(id); // before the runtime's delete, which removes the cgroup
            drivers.of(id).delete(id, false, exitDir());
            CgroupLeftovers.remove(leftovers.directories(cgroupPath(id)));
            mounter.unmount(merged(id));
        } catch (IOException | RuntimeException e) {
            // left for the next start or rm (see above)
        }
    }

    /** Its cgroup's memory high-water mark, kept beside its record for why it exited. */
    private void keepMemoryPeak(String id) {
        try {
            MemoryPeakFile.write(states.containerDir(id), cgroup().memoryPeak(cgroupPath(id)));
        } catch (IOException e) {
            // a full or read-only store: only this figure is lost, the release goes on
        }
    }

    /**
     * The lock of one container's run-time resources (runtime state, cgroup, mount), which
     * {@link #release}, {@link #start} and {@link #cleanUp} take so that none undoes another.
     */
    private FileLock lockOf(String id) throws IOException {
        AtomicFiles.privateDirectory(runDir); // made here first after a reboot: root's alone, as always
        return AtomicFiles.lock(lockFile(id));
    }

    private Path lockFile(String id) {
        return runDir.resolve("locks").resolve(id);
    }

    /** Where a container's snapshot is mounted while it runs. */
    private Path merged(String id) {
        return root.resolve("snapshots").resolve(id).resolve("merged");
    }

    /** Brings a record up to date with the host and saves the change. */
    ContainerRecord reconcile(ContainerRecord r) throws IOException {
        return reconciling.reconcile(r, null);
    }

    private void trySignal(ContainerRecord r, String signal) throws IOException {
        try {
            Signals.send((int) r.pid(), r.pidStartTicks(), Signals.parse(signal), proc);
        } catch (Signals.ProcessGoneException | Signals.ProcessChangedException e) {
            // already exited: conmon's exit file says how
        }
    }

    /**
     * Removes everything a container's id names, whatever its record says or whether it has one:
     * what still runs in its cgroup (killed), runc's state, its cgroup in every hierarchy, its root
     * file system's mount and snapshot, its exit file and its directory in the store. Each step
     * runs even when one before it failed. The record goes last, and only when all else went, so
     * that what is left is still listed and the next {@code rm -f} finds it; the first failure is
     * then thrown, the others with it.
     *
     * @param label how notes name it
     */
    private void cleanUp(String id, String label) throws IOException {
        try (FileLock lock = lockOf(id)) {
            cleanUpLocked(id, label);
            Files.deleteIfExists(lockFile(id)); // its record is gone: one who waits for it finds nothing to do
        }
    }

    private void cleanUpLocked(String id, String label) throws IOException {
        List<Exception> failed = new ArrayList<>();
        List<Path> cgroups = List.of();
        try {
            cgroups = leftovers.directories(cgroupPath(id));
            leftovers.empty(cgroupPath(id), cgroups);
        } catch (IOException | RuntimeException e) {
            failed.add(e);
        }
        try {
            deleteFromRuntime(id, label, cgroups);
        } catch (IOException | RuntimeException e) {
            failed.add(e);
        }
        try {
            CgroupLeftovers.remove(cgroups);
            mounter.unmount(merged(id));
            snapshots.remove(id);
        } catch (IOException | RuntimeException e) {
            failed.add(e);
        }
        if (failed.isEmpty()) {
            try {
                Files.deleteIfExists(exitDir().resolve(id));
                states.delete(id);
            } catch (IOException | RuntimeException e) {
                failed.add(e);
            }
        }
        if (!failed.isEmpty()) {
            Exception first = failed.get(0);
            failed.stream().skip(1).forEach(first::addSuppressed);
            if (first instanceof IOException io) {
                throw io;
            }
            throw (RuntimeException) first;
        }
    }

    /**
     * Deletes a container from its runtime, killed first if it runs. One the runtime cannot delete
     * (it fails, hangs, or cannot read its own state of it) is done without it once nothing of it
     * runs: what the runtime keeps of it is discarded, and a note says so; else its failure stands.
     *
     * @param cgroups the directories of its cgroup, emptied before the runtime forgets it
     */
    private void deleteFromRuntime(String id, String label, List<Path> cgroups) throws IOException {
        try {
            drivers.of(id).delete(id, true, exitDir());
        } catch (IOException | RuntimeException e) {
            try {
                leftovers.empty(cgroupPath(id), cgroups);
                drivers.discarder(id).discard(id);
            } catch (IOException | RuntimeException discard) {
                e.addSuppressed(discard);
                throw e;
            }
            notes.add(label + ": the runtime could not delete it (" + e.getMessage()
                    + "); jtop removed its state itself");
        }
    }

    /**
     * What this runtime's actions did otherwise than asked since this was last called, one line
     * each: a container removed although its OCI runtime could not delete it.
     */
    public List<String> takeNotes() {
        synchronized (notes) {
            List<String> out = List.copyOf(notes);
            notes.clear();
            return out;
        }
    }

    /** The host's cgroup tree, opened on first use: listing containers does not need it. */
    private synchronized Cgroup cgroup() {
        if (cgroup == null) {
            cgroup = Cgroups.open(proc.getParent(), files);
        }
        return cgroup;
    }

    /** How records are brought up to date with the host, for the listing. */
    Reconciling reconciling() {
        return reconciling;
    }

    /** The OCI runtime a container was created with. */
    RuntimeChoice runtimeOf(String id) throws IOException {
        return drivers.runtimeOf(id);
    }

    /** The records in the store, sound and damaged. */
    StateStore states() {
        return states;
    }

    /** The wall-clock time of a process's start, from its start time in clock ticks since boot. */
    Instant startedAt(long startTicks) {
        return procFs.startedAt(startTicks);
    }

    /** Where conmon writes exit files. */
    Path exitDir() {
        return drivers.exitDir();
    }

    private static String newId() {
        byte[] b = new byte[32];
        Ids.RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

}
