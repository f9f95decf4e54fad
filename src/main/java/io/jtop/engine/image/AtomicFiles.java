package io.jtop.engine.image;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.stream.Stream;

/** Create atomically: write a temp file beside the target, fsync, rename; clean up only on failure. */
public final class AtomicFiles {

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
     * a {@code SecureRandom} (~40 ms of a cold start: the records' index is written on a view's way
     * to its first frame); so it has the umask's mode, not 0600.
     */
    public static void replace(Path target, byte[] content) throws IOException {
        Path tmp = target.resolveSibling(".tmp-" + target.getFileName() + "-" + System.nanoTime());
        writeAndRename(tmp, target, content, false, StandardOpenOption.CREATE_NEW);
    }

    private static void writeAndRename(Path tmp, Path target, byte[] content, boolean durable,
                                       StandardOpenOption open) throws IOException {
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, open)) {
                java.nio.ByteBuffer buf = java.nio.ByteBuffer.wrap(content);
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
     * Takes an exclusive lock (flock) on a lock file, creating it and its directory; closing the
     * returned lock releases it and closes the file.
     */
    public static java.nio.channels.FileLock lock(Path lockFile) throws IOException {
        Files.createDirectories(lockFile.getParent());
        // flock excludes other processes; threads of this JVM need their own lock, since the
        // JVM refuses a second lock on a file it already locks (OverlappingFileLockException).
        java.util.concurrent.locks.ReentrantLock local =
                LOCAL.computeIfAbsent(lockFile.toAbsolutePath().normalize(), k -> new java.util.concurrent.locks.ReentrantLock());
        local.lock();
        FileChannel ch = null;
        try {
            ch = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            java.nio.channels.FileLock inner = ch.lock();
            FileChannel channel = ch;
            return new java.nio.channels.FileLock(ch, 0, Long.MAX_VALUE, false) {
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

    private static final java.util.concurrent.ConcurrentHashMap<Path, java.util.concurrent.locks.ReentrantLock> LOCAL =
            new java.util.concurrent.ConcurrentHashMap<>();

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
        if (!Files.exists(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) all.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(p);
            }
        }
    }
}
