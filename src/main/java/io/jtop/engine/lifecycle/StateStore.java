package io.jtop.engine.lifecycle;

import io.jtop.engine.image.AtomicFiles;

import java.io.IOException;
import java.nio.channels.FileLock;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * The records of jtop's containers under {@code <root>/containers/<id>/state.json}. Every change
 * is a read-modify-write under an exclusive lock on {@code <root>/containers/lock}, so two jtop
 * processes at once never lose an update, and each record is written atomically (temp file,
 * fsync, rename), so a crash leaves the old record or the new one, never half of one.
 */
public final class StateStore {

    private final Path dir;
    private final java.util.Set<String> unreadable = new java.util.LinkedHashSet<>();

    public StateStore(Path root) {
        this.dir = root.resolve("containers");
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

    /** Every record, as it is on disk now (no lock: each file is whole). */
    public List<ContainerRecord> list() throws IOException {
        List<ContainerRecord> out = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return out;
        }
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
                }
            }
        }
        out.sort((a, b) -> String.valueOf(b.created()).compareTo(String.valueOf(a.created())));
        return out;
    }

    public Optional<ContainerRecord> get(String id) throws IOException {
        Path f = containerDir(id).resolve("state.json");
        return Files.isRegularFile(f) ? Optional.of(read(f)) : Optional.empty();
    }

    /** Creates a record; refuses a name or id already taken. */
    /** Records written or deleted through this store, so a reader can tell its cache is stale. */
    public long writes() {
        return writes.get();
    }

    private final java.util.concurrent.atomic.AtomicLong writes = new java.util.concurrent.atomic.AtomicLong();

    public void create(ContainerRecord r) throws IOException {
        writes.incrementAndGet();
        try (FileLock lock = lock()) {
            for (ContainerRecord other : list()) {
                if (other.name().equals(r.name())) {
                    throw new IllegalArgumentException("the name '" + r.name() + "' is taken by " + other.id().substring(0, 12));
                }
            }
            Files.createDirectories(containerDir(r.id()));
            write(r);
        }
    }

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

    /** Deletes a record and its directory, under the lock. */
    public void delete(String id) throws IOException {
        writes.incrementAndGet();
        try (FileLock lock = lock()) {
            parsed.remove(containerDir(id).resolve("state.json"));
            AtomicFiles.deleteTree(containerDir(id));
        }
    }

    private void write(ContainerRecord r) throws IOException {
        AtomicFiles.write(containerDir(r.id()).resolve("state.json"), RecordJson.write(r));
    }

    private FileLock lock() throws IOException {
        return AtomicFiles.lock(dir.resolve("lock"));
    }
}
