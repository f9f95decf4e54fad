package io.jtop.engine.lifecycle;

import io.jtop.engine.image.AtomicFiles;
import io.jtop.engine.image.StoreFailure;

import java.io.FileInputStream;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.UnaryOperator;

/**
 * The records of jtop's containers under {@code <root>/containers/<id>/state.json}. Every change
 * is a read-modify-write under an exclusive lock on {@code <root>/containers/lock}, so two jtop
 * processes at once never lose an update, and each record is written atomically (temp file,
 * fsync, rename), so a crash leaves the old record or the new one, never half of one. A
 * container's directory comes and goes whole: it is made under a temp name and renamed into
 * place, and renamed away before it is deleted. Every write and delete sets the time of
 * {@code <root>/containers}, which is how another process's view knows to read the records again.
 *
 * <p>It stays one class of about 500 lines: listing, creating, updating and deleting records all
 * go through the same lock, the same directory stamp and the same cache of parsed records.
 *
 * <p>A record that cannot be read (empty, truncated, garbled, of a newer format, not its
 * directory's) is listed as {@link Damaged}, with the reason; the others are read as ever.
 *
 * <p>Everything under the store's root is its owner's (root's) alone: the root and the records'
 * directory are made 0700, or closed to others when jtop next writes a record there.
 */
public final class StateStore {

    private static final String RECORD = "state.json";
    private static final String CREATING = "creating";
    /** Far more than a record holds (its command line is bounded by the kernel's ARG_MAX): a bigger file is not read. */
    static final long MAX_RECORD_BYTES = 4 << 20;
    private static final Comparator<ContainerRecord> NEWEST_FIRST = new Comparator<>() {
        @Override
        public int compare(ContainerRecord a, ContainerRecord b) {
            return String.valueOf(b.created()).compareTo(String.valueOf(a.created()));
        }
    };

    private final Path root;
    private final Path dir;
    private final Path index;
    /** Each record read, by its container's id, with the stamp it was read at: parsed again only when that changes. */
    private final Map<String, Parsed> parsed = new ConcurrentHashMap<>();
    /** The containers' ids at the records' directory's last key (no directory added or removed since). */
    private volatile Ids ids;
    /** What the index on disk holds, as far as this process knows: the directory's key and the records. */
    private volatile Ids indexed;
    private volatile List<Parsed> indexedRecords = List.of();
    private final Map<String, FileChannel> creating = new ConcurrentHashMap<>();
    private final AtomicLong writes = new AtomicLong();

    public StateStore(Path root) {
        this.root = root;
        this.dir = root.resolve("containers");
        this.index = root.resolve("containers.index");
    }

    /**
     * One read of a record's file: the record, or why it is not one ({@code damage}), and the
     * stamp of the file it was read from.
     */
    record Parsed(FileStamp stamp, ContainerRecord record, String damage) {
    }

    /** A container's directory whose record cannot be read: its id and why, in jtop's own words. */
    public record Damaged(String id, String reason) {
    }

    /** Every record as it was on disk: the sound ones, newest first, and the damaged ones. */
    public record Listing(List<ContainerRecord> records, List<Damaged> damaged) {
    }

    /** The containers' directories' ids, read at the records' directory's {@code key}. */
    private record Ids(String key, List<String> ids) {
    }

    /** The directory holding every container's directory. */
    public Path directory() {
        return dir;
    }

    /** The directory of one container's files (state, logs, exit file, bundle). */
    public Path containerDir(String id) {
        return dir.resolve(id);
    }

    /** The sound records, as they are on disk now (see {@link #listAll}). */
    public List<ContainerRecord> list() throws IOException {
        return listAll().records();
    }

    /**
     * Every record, as it is on disk now (no lock: each file is whole): one stat of each record's
     * file, and a parse of those whose file changed since this store last read them.
     *
     * <p>A process's first listing takes the records from {@code <root>/containers.index} when the
     * index was written at the records' directory's current key (no container's directory added
     * or removed since) — one file instead of one per container, on the way to a view's first
     * frame — and still stats each record's file: one whose stamp is not the index's is read
     * itself. A listing that parsed anything, or did not find the index current, writes it again
     * (not while a record is damaged: each process then reads the records and says so).
     *
     * @throws AccessDeniedException when this user may not read the records (they are root's)
     */
    public Listing listAll() throws IOException {
        BasicFileAttributes attrs;
        try {
            attrs = Files.readAttributes(dir, BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
            return new Listing(List.of(), List.of());
        }
        if (!attrs.isDirectory()) {
            return new Listing(List.of(), List.of());
        }
        String key = attrs.fileKey() + "@" + attrs.lastModifiedTime().to(TimeUnit.NANOSECONDS);
        Ids known = ids;
        if (known == null || !known.key().equals(key)) {
            known = parsed.isEmpty() ? fromIndex(key) : null;
            if (known == null) {
                known = new Ids(key, containerIds());
            }
            ids = known;
        }
        List<ContainerRecord> records = new ArrayList<>(known.ids().size());
        List<Parsed> sound = new ArrayList<>(known.ids().size());
        List<Damaged> damaged = new ArrayList<>();
        for (String id : known.ids()) {
            Parsed p = read(id);
            if (p == null) {
                continue; // removed while we looked, or still being made
            }
            if (p.record() != null) {
                records.add(p.record());
                sound.add(p);
            } else {
                damaged.add(new Damaged(id, p.damage()));
            }
        }
        records.sort(NEWEST_FIRST);
        if (damaged.isEmpty() && !(known == indexed && sameObjects(sound, indexedRecords))) {
            toIndex(known, sound);
        }
        return new Listing(records, List.copyOf(damaged));
    }

    /** Whether two lists hold the same objects, in order. */
    private static boolean sameObjects(List<Parsed> a, List<Parsed> b) {
        if (a.size() != b.size()) {
            return false;
        }
        for (int i = 0; i < a.size(); i++) {
            if (a.get(i) != b.get(i)) {
                return false;
            }
        }
        return true;
    }

    /** The names of the containers' directories: 64 hex digits (not the lock, nor temp entries). */
    private List<String> containerIds() throws IOException {
        List<String> out = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path d : ds) {
                String name = d.getFileName().toString();
                if (isId(name)) {
                    out.add(name);
                }
            }
        }
        return out;
    }

    private static boolean isId(String name) {
        if (name.length() != 64) {
            return false;
        }
        for (int i = 0; i < 64; i++) {
            char c = name.charAt(i);
            if ((c < '0' || c > '9') && (c < 'a' || c > 'f')) {
                return false;
            }
        }
        return true;
    }

    /**
     * A container's record, parsed again only when its file's stamp changed (views list the
     * records every tick, and a record is replaced by a rename, which gives the file a new
     * identity); null when its directory is gone or has no record while it is being created.
     */
    private Parsed read(String id) throws IOException {
        Path f = dir.resolve(id + "/" + RECORD); // one path made, not two: a first listing makes one per record
        BasicFileAttributes a;
        try {
            a = Files.readAttributes(f, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            parsed.remove(id);
            if (!Files.isDirectory(dir.resolve(id), LinkOption.NOFOLLOW_LINKS) || creating(id)) {
                return null;
            }
            return new Parsed(null, null, "no " + RECORD); // what an interrupted jtop may have left
        } catch (AccessDeniedException e) {
            throw e;
        } catch (FileSystemException e) {
            return new Parsed(null, null, unreadable(e)); // not a directory, a loop, an I/O error
        }
        FileStamp stamp = FileStamp.of(a);
        Parsed known = parsed.get(id);
        if (known != null && known.stamp().same(stamp)) {
            return known;
        }
        Parsed p = new Parsed(stamp, null, null);
        if (!a.isRegularFile()) {
            p = new Parsed(stamp, null, "not a regular file");
        } else if (a.size() > MAX_RECORD_BYTES) {
            p = new Parsed(stamp, null, "too large for a record (" + a.size() + " bytes)");
        } else {
            try {
                ContainerRecord r = RecordJson.read(readSmall(f));
                p = id.equals(r.id()) ? new Parsed(stamp, r, null)
                        : new Parsed(stamp, null, "its id is not its directory's");
            } catch (CorruptRecordException e) {
                p = new Parsed(stamp, null, e.getMessage());
            } catch (AccessDeniedException e) {
                throw e;
            } catch (NoSuchFileException e) {
                return null; // removed between the stat and the read
            } catch (IOException e) {
                p = new Parsed(stamp, null, unreadable(e));
            }
        }
        parsed.put(id, p);
        return p;
    }

    /** {@link #beingCreated}, and when that cannot be told (a read-only store): as if it were. */
    private boolean creating(String id) {
        try {
            return beingCreated(id);
        } catch (IOException e) {
            return true;
        }
    }

    /** Why a record's file could not be read, in the kernel's words (e.g. "Input/output error"), not a path. */
    private static String unreadable(IOException e) {
        String why = e instanceof FileSystemException f ? f.getReason() : e.getMessage();
        return "unreadable" + (why == null ? "" : " (" + why + ")");
    }

    /**
     * A record's bytes through java.io, which in a new JVM costs less CPU than
     * {@link Files#readAllBytes}'s channel: a view's first listing may read every record.
     */
    private static byte[] readSmall(Path f) throws IOException {
        try (FileInputStream in = new FileInputStream(f.toString())) {
            return in.readAllBytes();
        } catch (FileNotFoundException e) {
            return Files.readAllBytes(f); // to fail as NIO says it: gone, denied or a directory
        }
    }

    /**
     * The ids of the index's records if it was written at {@code key}, each record taken into this
     * store's reads with the stamp it was indexed at; else (or unreadable, or none) null.
     */
    private Ids fromIndex(String key) {
        List<Parsed> read;
        try {
            read = RecordIndex.read(readSmall(index), key);
        } catch (IOException e) {
            return null; // none yet, or unreadable: the records themselves are the truth
        }
        if (read == null) {
            return null;
        }
        List<String> out = new ArrayList<>(read.size());
        for (Parsed p : read) {
            out.add(p.record().id());
            parsed.put(p.record().id(), p);
        }
        Ids known = new Ids(key, List.copyOf(out));
        indexed = known;
        indexedRecords = read;
        return known;
    }

    /** Writes the index; a store this process cannot write (full, read-only, not root's) just has none. */
    private void toIndex(Ids at, List<Parsed> records) {
        try {
            AtomicFiles.replace(index, RecordIndex.write(at.key(), records));
            indexed = at;
            indexedRecords = records;
        } catch (IOException e) {
            // none then: the next listing reads the records
        }
    }

    /** The sound record of a container by full id; empty when there is none. */
    public Optional<ContainerRecord> get(String id) throws IOException {
        Path f = containerDir(id).resolve(RECORD);
        if (!Files.exists(f, LinkOption.NOFOLLOW_LINKS)) {
            return Optional.empty();
        }
        Parsed p = read(id);
        if (p == null) {
            return Optional.empty();
        }
        if (p.record() == null) {
            throw new CorruptRecordException(p.damage());
        }
        return Optional.of(p.record());
    }

    /** Records written or deleted through this store, so a reader can tell its cache is stale. */
    public long writes() {
        return writes.get();
    }

    /**
     * Creates a record; refuses a name or id already taken. The record is marked as being created
     * until {@link #created} (or {@link #delete}): a created record has no conmon yet, and without
     * the mark another jtop process listing it meanwhile would take it for one whose conmon died.
     * The mark is a lock on {@code <id>/creating} that this process holds, so the kernel drops it
     * if the process is killed half-way. The directory is made whole under a temp name and renamed
     * into place, so a failure (a full store) leaves nothing of it.
     */
    public void create(ContainerRecord r) throws IOException {
        writes.incrementAndGet();
        try (FileLock lock = lock()) {
            for (ContainerRecord other : list()) {
                if (other.name().equals(r.name())) {
                    throw new IllegalArgumentException("the name '" + r.name() + "' is taken by " + other.id().substring(0, 12));
                }
            }
            sweep();
            Path tmp = dir.resolve(".tmp-new-" + r.id());
            FileChannel mark = null;
            try {
                AtomicFiles.privateDirectory(tmp);
                mark = FileChannel.open(tmp.resolve(CREATING), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                mark.lock();
                AtomicFiles.write(tmp.resolve(RECORD), RecordJson.write(r));
                Files.move(tmp, containerDir(r.id())); // fails if the id is taken, which a random one never is
                creating.put(r.id(), mark);
                touch();
            } catch (IOException | RuntimeException e) {
                if (mark != null) {
                    mark.close();
                }
                AtomicFiles.deleteTree(tmp);
                throw e;
            }
        } catch (IOException e) {
            throw StoreFailure.of(root, "cannot create the record of " + r.name(), e);
        }
    }

    /** Removes what an interrupted create or delete left in the records' directory; under the lock. */
    private void sweep() throws IOException {
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, ".tmp-*")) {
            for (Path p : ds) {
                AtomicFiles.deleteTree(p);
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
        } catch (NoSuchFileException e) {
            return false;
        } catch (OverlappingFileLockException e) {
            return true; // another store of this process holds it
        }
    }

    /**
     * Changes one record under the lock: reads the current one, applies {@code change} (which
     * may throw to refuse) and writes the result. Returns what was written.
     */
    public ContainerRecord update(String id, UnaryOperator<ContainerRecord> change) throws IOException {
        return update(id, null, change);
    }

    /**
     * {@link #update}, saying what could not be done when the store refuses the write, e.g.
     * {@code record web as paused, so it was left running}; null for "save the record of NAME".
     */
    public ContainerRecord update(String id, String what, UnaryOperator<ContainerRecord> change) throws IOException {
        writes.incrementAndGet();
        try (FileLock lock = lock()) {
            ContainerRecord now = get(id).orElseThrow(() -> new IllegalArgumentException("no container " + id));
            ContainerRecord next = change.apply(now);
            if (next != now) {
                AtomicFiles.write(containerDir(id).resolve(RECORD), RecordJson.write(next));
                touch();
            }
            return next;
        } catch (IOException e) {
            throw StoreFailure.of(root, "cannot " + (what != null ? what : "save the record of " + nameOf(id)), e);
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

    /**
     * Deletes a record and its container's directory, under the lock: renamed away first, so no
     * listing sees it half deleted. Where the rename cannot be made (a full file system that would
     * need a block for the new name) it is deleted in place: deleting needs no space.
     */
    public void delete(String id) throws IOException {
        writes.incrementAndGet();
        String name = nameOf(id);
        created(id);
        try (FileLock lock = lock()) {
            parsed.remove(id);
            Path doomed = dir.resolve(".tmp-rm-" + id);
            try {
                Files.move(containerDir(id), doomed);
            } catch (NoSuchFileException e) {
                return;
            } catch (IOException e) {
                doomed = containerDir(id);
            }
            AtomicFiles.deleteTree(doomed);
            touch();
        } catch (IOException e) {
            throw StoreFailure.of(root, "cannot remove the record of " + name, e);
        }
    }

    /**
     * Refuses, saying why, when the store takes no writes at all (read-only): asked before an
     * action that would otherwise be left half done. A full store passes: removing needs no space.
     */
    public void checkWritable(String what) throws IOException {
        try (FileLock lock = lock()) {
            // taken and released: the store can be written
        } catch (IOException e) {
            throw StoreFailure.of(root, "cannot " + what, e);
        }
    }

    /** A container's name as last read, else its short id: for messages. */
    private String nameOf(String id) {
        Parsed p = parsed.get(id);
        return p != null && p.record() != null ? p.record().name() : id.substring(0, Math.min(12, id.length()));
    }

    /**
     * Sets the records' directory's time to now, to the nanosecond: a record is renamed into its
     * own container's directory, which this one's time does not show, and a view of another
     * process reads the records again only when this time changes. Set explicitly, not left to
     * the kernel's coarse clock, so two writes within a few ms still give two times. A failure
     * only delays other views (they list again within 30 s), and what was written stands: it is
     * not one of the write's.
     */
    private void touch() {
        try {
            Files.setLastModifiedTime(dir, FileTime.from(Instant.now()));
        } catch (IOException e) {
            // as above
        }
    }

    /**
     * The records' lock; the store's root and the records' directory, with what is directly in
     * each (containers' directories, the index, lock files), are made (or kept) root's alone first.
     */
    private FileLock lock() throws IOException {
        AtomicFiles.privateStore(root);
        AtomicFiles.privateStore(dir);
        return AtomicFiles.lock(dir.resolve("lock"));
    }
}
