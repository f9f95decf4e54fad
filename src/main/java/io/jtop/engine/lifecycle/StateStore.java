package io.jtop.engine.lifecycle;

import io.jtop.engine.image.AtomicFiles;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * The records of jtop's containers under {@code <root>/containers/<id>/state.json}. Every change
 * is a read-modify-write under an exclusive lock on {@code <root>/containers/lock}, so two jtop
 * processes at once never lose an update, and each record is written atomically (temp file,
 * fsync, rename), so a crash leaves the old record or the new one, never half of one. Every
 * write and delete sets the time of {@code <root>/containers}, which is how another process's
 * view knows to read the records again.
 */
public final class StateStore {

    private final Path dir;
    private final java.util.Set<String> unreadable = new java.util.LinkedHashSet<>();

    private final Path index;

    public StateStore(Path root) {
        this.dir = root.resolve("containers");
        this.index = root.resolve("containers.index");
    }

    /**
     * A record, parsed again only when its file changed: views list the records every tick, and a
     * record is replaced by a rename, which gives the file a new identity.
     */
    private ContainerRecord read(Path f) throws IOException {
        java.nio.file.attribute.BasicFileAttributes a =
                Files.readAttributes(f, java.nio.file.attribute.BasicFileAttributes.class);
        Parsed known = parsed.get(f);
        if (known != null && java.util.Objects.equals(known.key(), a.fileKey())
                && known.modified().equals(a.lastModifiedTime())) {
            return known.record();
        }
        ContainerRecord r = RecordJson.read(readSmall(f));
        parsed.put(f, new Parsed(a.fileKey(), a.lastModifiedTime(), r));
        return r;
    }

    /**
     * A record's bytes through java.io: cold, about half the CPU of {@link Files#readAllBytes}'s
     * channel, and a view's first listing reads every record on the way to its first frame.
     */
    private static byte[] readSmall(Path f) throws IOException {
        try (java.io.FileInputStream in = new java.io.FileInputStream(f.toString())) {
            return in.readAllBytes();
        } catch (java.io.FileNotFoundException e) {
            return Files.readAllBytes(f); // to fail as before: gone, denied or a directory
        }
    }

    private record Parsed(Object key, java.nio.file.attribute.FileTime modified, ContainerRecord record) {
    }

    private final java.util.Map<Path, Parsed> parsed = new java.util.concurrent.ConcurrentHashMap<>();

    /** Records that could not be read (and were left out of {@link #list}), one line each. */
    public java.util.Set<String> unreadable() {
        return unreadable;
    }

    /** The directory holding every container's directory. */
    public Path directory() {
        return dir;
    }

    /** The directory of one container's files (state, logs, exit file, bundle). */
    public Path containerDir(String id) {
        return dir.resolve(id);
    }

    /**
     * Every record, as it is on disk now (no lock: each file is whole).
     *
     * <p>A process's first listing reads them from {@code <root>/containers.index} when that is
     * current: one file instead of one per container (a view's first frame waits for this
     * listing, and 200 records read and parsed cold cost ~60 ms of CPU against ~20). The index is
     * written by a listing that found it stale, with the key of the records' directory as it was
     * before the records were read: its identity and its time, which every write and delete of a
     * record sets to the nanosecond ({@link #touch}). A record changed after that time has moved
     * the time on, so an index never passes for newer than it is.
     */
    public List<ContainerRecord> list() throws IOException {
        List<ContainerRecord> out = new ArrayList<>();
        java.nio.file.attribute.BasicFileAttributes attrs;
        try {
            attrs = Files.readAttributes(dir, java.nio.file.attribute.BasicFileAttributes.class);
        } catch (java.nio.file.NoSuchFileException e) {
            return out;
        }
        if (!attrs.isDirectory()) {
            return out;
        }
        String key = attrs.fileKey() + "@" + attrs.lastModifiedTime().to(java.util.concurrent.TimeUnit.NANOSECONDS);
        Listed before = last;
        if (before != null && before.key().equals(key)) {
            // Nothing written since: the same record objects, which a view's listing reuses its
            // work for (a record read anew, from the index, would be a new object each time).
            out.addAll(before.records());
            return out;
        }
        if (parsed.isEmpty()) {
            List<ContainerRecord> indexed = fromIndex(key);
            if (indexed != null) {
                out.addAll(indexed);
                out.sort(NEWEST_FIRST);
                last = new Listed(key, List.copyOf(out));
                return out;
            }
        }
        boolean whole = true;
        // One stat per record (in read): listing runs every tick of a view.
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path d : ds) {
                if (d.getFileName().toString().length() != 64) {
                    continue; // the lock file; containers' directories are named by their 64-hex ids
                }
                Path f = d.resolve("state.json");
                try {
                    out.add(read(f));
                } catch (java.nio.file.NoSuchFileException | java.nio.file.NotDirectoryException e) {
                    // not a container's directory, or removed while we looked
                } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                    // Records are written atomically, so this is damage from outside: skip it, say so.
                    unreadable.add("unreadable record " + f + ": " + e.getOriginalMessage().lines().findFirst().orElse(""));
                    whole = false; // not indexed: the next process should read it and say so too
                }
            }
        }
        out.sort(NEWEST_FIRST);
        if (whole) {
            toIndex(key, out);
            last = new Listed(key, List.copyOf(out));
        }
        return out;
    }

    /** The last whole listing and the key of the records' directory it was read at. */
    private record Listed(String key, List<ContainerRecord> records) {
    }

    private volatile Listed last;

    private static final java.util.Comparator<ContainerRecord> NEWEST_FIRST = new java.util.Comparator<>() {
        @Override
        public int compare(ContainerRecord a, ContainerRecord b) {
            return String.valueOf(b.created()).compareTo(String.valueOf(a.created()));
        }
    };

    /** The index's records if it was written at {@code key}; else (or unreadable, or none) null. */
    private List<ContainerRecord> fromIndex(String key) {
        try {
            return RecordIndex.read(readSmall(index), key);
        } catch (IOException e) {
            return null; // none yet, or damaged: the records themselves are the truth
        }
    }

    /** Writes the index; a store this process cannot write (not root) just has none. */
    private void toIndex(String key, List<ContainerRecord> records) {
        try {
            AtomicFiles.replace(index, RecordIndex.write(key, records));
        } catch (IOException e) {
            // none then: the next listing reads the records
        }
    }

    public Optional<ContainerRecord> get(String id) throws IOException {
        Path f = containerDir(id).resolve("state.json");
        return Files.isRegularFile(f) ? Optional.of(read(f)) : Optional.empty();
    }

    /** Records written or deleted through this store, so a reader can tell its cache is stale. */
    public long writes() {
        return writes.get();
    }

    private final java.util.concurrent.atomic.AtomicLong writes = new java.util.concurrent.atomic.AtomicLong();

    /**
     * Creates a record; refuses a name or id already taken. The record is marked as being created
     * until {@link #created} (or {@link #delete}): a created record has no conmon yet, and without
     * the mark another jtop process listing it meanwhile would take it for one whose conmon died.
     * The mark is a lock on {@code <id>/creating} that this process holds, so the kernel drops it
     * if the process is killed half-way.
     */
    public void create(ContainerRecord r) throws IOException {
        writes.incrementAndGet();
        try (FileLock lock = lock()) {
            for (ContainerRecord other : list()) {
                if (other.name().equals(r.name())) {
                    throw new IllegalArgumentException("the name '" + r.name() + "' is taken by " + other.id().substring(0, 12));
                }
            }
            Files.createDirectories(containerDir(r.id()));
            FileChannel mark = FileChannel.open(containerDir(r.id()).resolve(CREATING), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE);
            try {
                mark.lock();
                creating.put(r.id(), mark);
                write(r);
            } catch (IOException | RuntimeException e) {
                created(r.id());
                mark.close();
                throw e;
            }
        }
    }

    /** Ends the mark {@link #create} set: the record says by now whether the container runs. */
    public void created(String id) throws IOException {
        FileChannel mark = creating.remove(id);
        if (mark != null) {
            mark.close(); // releases its lock
            Files.deleteIfExists(containerDir(id).resolve(CREATING));
        }
    }

    /** Whether a jtop process (this one or another) is still creating the container, see {@link #create}. */
    public boolean beingCreated(String id) throws IOException {
        if (creating.containsKey(id)) {
            return true;
        }
        try (FileChannel mark = FileChannel.open(containerDir(id).resolve(CREATING), StandardOpenOption.WRITE)) {
            FileLock held = mark.tryLock();
            if (held == null) {
                return true; // another process holds it
            }
            held.release();
            return false; // its creator ended without saying it was done
        } catch (java.nio.file.NoSuchFileException e) {
            return false;
        } catch (java.nio.channels.OverlappingFileLockException e) {
            return true; // another store of this process holds it
        }
    }

    private static final String CREATING = "creating";

    private final java.util.Map<String, FileChannel> creating = new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * Changes one record under the lock: reads the current one, applies {@code change} (which
     * may throw to refuse) and writes the result. Returns what was written.
     */
    public ContainerRecord update(String id, UnaryOperator<ContainerRecord> change) throws IOException {
        writes.incrementAndGet();
        try (FileLock lock = lock()) {
            ContainerRecord now = get(id).orElseThrow(() -> new IllegalArgumentException("no container " + id));
            ContainerRecord next = change.apply(now);
            if (next != now) {
                write(next);
            }
            return next;
        }
    }

    /** What runs under the records' lock. */
    public interface Locked {
        void run() throws IOException;
    }

    /** Runs {@code action} under the records' lock: no record is made, changed or deleted meanwhile. */
    public void whileLocked(Locked action) throws IOException {
        try (FileLock lock = lock()) {
            action.run();
        }
    }

    /** Deletes a record and its directory, under the lock. */
    public void delete(String id) throws IOException {
        writes.incrementAndGet();
        created(id);
        try (FileLock lock = lock()) {
            parsed.remove(containerDir(id).resolve("state.json"));
            AtomicFiles.deleteTree(containerDir(id));
            touch();
        }
    }

    private void write(ContainerRecord r) throws IOException {
        AtomicFiles.write(containerDir(r.id()).resolve("state.json"), RecordJson.write(r));
        touch();
    }

    /**
     * Sets the records' directory's time to now, to the nanosecond: a record is renamed into its
     * own container's directory, which this one's time does not show, and a view of another
     * process reads the records again only when this time changes. Set explicitly, not left to
     * the kernel's coarse clock, so two writes within a few ms still give two times.
     */
    private void touch() throws IOException {
        Files.setLastModifiedTime(dir, java.nio.file.attribute.FileTime.from(java.time.Instant.now()));
    }

    private FileLock lock() throws IOException {
        return AtomicFiles.lock(dir.resolve("lock"));
    }
}
