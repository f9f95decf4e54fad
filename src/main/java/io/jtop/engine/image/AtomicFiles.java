package io.jtop.engine.image;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Stream;

/** Create atomically: write a temp file beside the target, fsync, rename; clean up only on failure. */
public final class AtomicFiles {

    /** rwx------: a store's directories, which hold what root alone may read. */
    private static final Set<PosixFilePermission> OWNER_ONLY = EnumSet.of(PosixFilePermission.OWNER_READ,
            PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_EXECUTE);
    /** rw-------: what {@link Files#createTempFile} gives {@link #write}'s files; {@link #replace} asks for it. */
    private static final FileAttribute<Set<PosixFilePermission>> OWNER_READ_WRITE = PosixFilePermissions.asFileAttribute(
            EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE));

    /** The stores {@link #privateStore} closed in this process. */
    private static final Set<Path> CLOSED = ConcurrentHashMap.newKeySet();

    private static final ConcurrentHashMap<Path, ReentrantLock> LOCAL =
            new ConcurrentHashMap<>();

    private AtomicFiles() {
    }

    /**
     * Writes a file atomically: a temp file beside it (unique, named {@code .tmp-*} so stores can
     * sweep what a crash left), fsync, rename, fsync of the directory. A reader sees the old file
     * or the whole new one; the temp file goes on failure.
     */
    public static void write(Path target, byte[] content) throws IOException {
        Path tmp = Files.createTempFile(target.getParent(), ".tmp-" + target.getFileName() + "-", null);
        writeAndRename(tmp, target, content, true, StandardOpenOption.TRUNCATE_EXISTING);
    }

    /**
     * {@link #write} without the fsyncs: for a cache that its reader checks and rebuilds from the
     * files it caches, so a crash may lose it or leave it cut short, never wrong. Its temp file is
     * named by the time, not made by {@link Files#createTempFile}, whose first call in a JVM seeds
     * a {@code SecureRandom} (the records' index is written on a view's way to its first frame);
     * it is made 0600 as {@link #write}'s are.
     */
    public static void replace(Path target, byte[] content) throws IOException {
        Path tmp = target.resolveSibling(".tmp-" + target.getFileName() + "-" + System.nanoTime());
        writeAndRename(tmp, target, content, false, StandardOpenOption.CREATE_NEW);
    }

    private static void writeAndRename(Path tmp, Path target, byte[] content, boolean durable,
                                       StandardOpenOption open) throws IOException {
        try {
            try (FileChannel ch = open == StandardOpenOption.CREATE_NEW
                    ? FileChannel.open(tmp, Set.of(StandardOpenOption.WRITE, open), OWNER_READ_WRITE)
                    : FileChannel.open(tmp, StandardOpenOption.WRITE, open)) {
                ByteBuffer buf = ByteBuffer.wrap(content);
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
                if (durable) {
                    ch.force(true);
                }
            }
            move(tmp, target);
            if (durable) {
                fsyncDir(target.getParent());
            }
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
    }

    /**
     * Makes {@code dir} a directory its owner alone can read: created 0700 (its parents as the
     * umask has them), or, when it exists, its group and other permissions taken away, so a store
     * an earlier jtop made 0755 is closed when jtop next writes to it. Owner-only directories are
     * what keeps a store's records, logs and images from other users; the files a container
     * itself reads (its layers, seen through the overlay mount) keep their own modes below them.
     */
    public static Path privateDirectory(Path dir) throws IOException {
        Set<PosixFilePermission> now;
        try {
            now = Files.getPosixFilePermissions(dir);
        } catch (NoSuchFileException e) {
            Files.createDirectories(dir.toAbsolutePath().getParent());
            try {
                return Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
            } catch (FileAlreadyExistsException raced) {
                now = Files.getPosixFilePermissions(dir); // made by another process meanwhile
            }
        }
        if (!OWNER_ONLY.containsAll(now)) {
            Set<PosixFilePermission> owner = EnumSet.copyOf(now);
            owner.retainAll(OWNER_ONLY);
            Files.setPosixFilePermissions(dir, owner);
        }
        return dir;
    }

    /**
     * Closes a store to everyone but its owner: {@link #privateDirectory} for its root, and the
     * group and other permissions taken off each directory and file directly in it (which an
     * earlier jtop made 0755 and 0644). Not below them: a layer's files keep the modes its image
     * gave them, which the containers made from it need, and the root's 0700 is what keeps them
     * from other users. Done once per store and process.
     */
    public static void privateStore(Path root) throws IOException {
        Path key = root.toAbsolutePath().normalize();
        if (CLOSED.contains(key)) {
            return;
        }
        privateDirectory(root);
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(root)) {
            for (Path p : ds) {
                try {
                    closeToOthers(p);
                } catch (NoSuchFileException e) {
                    // Renamed or removed since it was listed, by another jtop process (this runs
                    // outside the records' lock): nothing left to close.
                }
            }
        }
        CLOSED.add(key);
    }

    /** Takes the group and other permissions off a directory or a file (not a link). */
    private static void closeToOthers(Path p) throws IOException {
        PosixFileAttributes a = Files.readAttributes(p, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        if ((a.isDirectory() || a.isRegularFile()) && !OWNER_ONLY.containsAll(a.permissions())) {
            Set<PosixFilePermission> owner = EnumSet.copyOf(a.permissions());
            owner.retainAll(OWNER_ONLY);
            Files.setPosixFilePermissions(p, owner);
        }
    }

    /**
     * Takes an exclusive lock (flock) on a lock file, creating it (0600) and its directory;
     * closing the returned lock releases it and closes the file.
     */
    public static FileLock lock(Path lockFile) throws IOException {
        Files.createDirectories(lockFile.getParent());
        // flock excludes other processes; threads of this JVM need their own lock, since the
        // JVM refuses a second lock on a file it already locks (OverlappingFileLockException).
        ReentrantLock local =
                LOCAL.computeIfAbsent(lockFile.toAbsolutePath().normalize(), k -> new ReentrantLock());
        local.lock();
        FileChannel ch = null;
        try {
            ch = FileChannel.open(lockFile, Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE),
                    OWNER_READ_WRITE);
            FileLock inner = ch.lock();
            FileChannel channel = ch;
            return new FileLock(ch, 0, Long.MAX_VALUE, false) {
                @Override
                public boolean isValid() {
                    return inner.isValid();
                }

                @Override
                public void release() throws IOException {
                    try {
                        inner.release();
                        channel.close();
                    } finally {
                        local.unlock();
                    }
                }
            };
        } catch (IOException | RuntimeException e) {
            if (ch != null) {
                ch.close();
            }
            local.unlock();
            throw e;
        }
    }

    public static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException("cannot rename " + from + " to " + to + " atomically", e);
        }
    }

    public static void fsyncDir(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException ignored) {
            // Some file systems refuse fsync on a directory; the rename is still atomic.
        }
    }

    /** Deletes a tree without following symbolic links out of it. */
    public static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) all.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(p);
            }
        }
    }
}
