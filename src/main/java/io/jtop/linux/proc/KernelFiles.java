package io.jtop.linux.proc;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.RemovalCause;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reads small kernel files (cgroup and /proc) through descriptors kept open and re-read at offset
 * 0, which costs about a seventh of opening the file each time (see FIELD-NOTES).
 *
 * <p>Descriptors live in a bounded Caffeine cache; eviction closes them, so the number of open
 * files stays below the process's {@code RLIMIT_NOFILE} whatever the number of containers. A read
 * that fails on an open descriptor means the file's object is gone (a removed cgroup answers
 * ENODEV, an exited process ESRCH): the descriptor is dropped and the file is opened once more, in
 * case the same path now names a new object.
 *
 * <p>Not thread-safe for concurrent reads of the same file: one sampler thread uses it.
 */
public final class KernelFiles implements AutoCloseable {

    private static final int MAX_FILE = 1 << 20;

    private final Cache<Path, FileChannel> open;
    private final Set<Path> denied = ConcurrentHashMap.newKeySet();
    private ByteBuffer buffer = ByteBuffer.allocate(16 * 1024);

    /** @param maxOpen the most descriptors to keep open at once */
    public KernelFiles(long maxOpen) {
        this.open = Caffeine.newBuilder()
                .maximumSize(Math.max(16, maxOpen))
                .executor(Runnable::run)
                .removalListener((Path p, FileChannel ch, RemovalCause cause) -> closeQuietly(ch))
                .build();
    }

    /** A cache bounded below the soft open-files limit read from {@code /proc/self/limits}. */
    public static KernelFiles forThisProcess() {
        long soft = ProcLimits.openFilesSoftLimit(Path.of("/proc/self/limits"));
        // Leave room for the JVM's own jars, sockets, the terminal and child processes' pipes.
        return new KernelFiles(Math.max(64, soft - 256));
    }

    /**
     * The file's whole content, or null when it does not exist, cannot be read (then
     * {@link #deniedPaths()} records it) or belongs to an object that is gone.
     */
    public String read(Path path) {
        FileChannel ch = open.getIfPresent(path);
        if (ch != null) {
            String text = readAll(ch);
            if (text != null) {
                return text;
            }
            open.invalidate(path);
        }
        ch = openChannel(path);
        if (ch == null) {
            return null;
        }
        String text = readAll(ch);
        if (text == null) {
            closeQuietly(ch);
            return null;
        }
        open.put(path, ch);
        return text;
    }

    /** Reads a file without keeping it open: for files read once, such as a process's mountinfo. */
    public String readOnce(Path path) {
        FileChannel ch = openChannel(path);
        if (ch == null) {
            return null;
        }
        try {
            return readAll(ch);
        } finally {
            closeQuietly(ch);
        }
    }

    /** Paths whose open failed for lack of permission since this reader was made. */
    public Set<Path> deniedPaths() {
        return Set.copyOf(denied);
    }

    /** Number of descriptors held open now. */
    public long openCount() {
        open.cleanUp();
        return open.estimatedSize();
    }

    /** The paths held open now, for benchmarks that re-read the same files elsewhere. */
    public Set<Path> openPaths() {
        return Set.copyOf(open.asMap().keySet());
    }

    /** Closes descriptors whose path starts with the prefix, e.g. of a container that is gone. */
    public void forget(Path prefix) {
        for (Path p : open.asMap().keySet()) {
            if (p.startsWith(prefix)) {
                open.invalidate(p);
            }
        }
        open.cleanUp();
    }

    @Override
    public void close() {
        open.invalidateAll();
        open.cleanUp();
    }

    private FileChannel openChannel(Path path) {
        try {
            return FileChannel.open(path, StandardOpenOption.READ);
        } catch (AccessDeniedException e) {
            denied.add(path);
            return null;
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException | SecurityException e) {
            // ESRCH for a /proc entry of a process that just exited, ENODEV, EINVAL for write-only files.
            return null;
        }
    }

    private String readAll(FileChannel ch) {
        try {
            ByteBuffer buf = buffer;
            buf.clear();
            long pos = 0;
            while (true) {
                int n = ch.read(buf, pos);
                if (n <= 0) {
                    break;
                }
                pos += n;
                if (!buf.hasRemaining()) {
                    if (buf.capacity() >= MAX_FILE) {
                        break;
                    }
                    ByteBuffer bigger = ByteBuffer.allocate(buf.capacity() * 2);
                    buf.flip();
                    bigger.put(buf);
                    buffer = buf = bigger;
                }
            }
            return new String(buf.array(), 0, buf.position(), StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            // ENODEV: the cgroup was removed; ESRCH: the process exited.
            return null;
        }
    }

    private static void closeQuietly(FileChannel ch) {
        if (ch == null) {
            return;
        }
        try {
            ch.close();
        } catch (IOException ignored) {
            // Closing a read-only descriptor cannot lose data.
        }
    }
}
