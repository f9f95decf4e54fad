package io.jtop.linux.proc;

import java.io.FileInputStream;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reads small kernel files (cgroup and /proc) through descriptors kept open and re-read at offset
 * 0, which costs much less than opening the file each time.
 *
 * <p>Callers hold {@link KernelFile} handles for what they read every tick (the sampler holds one
 * per cgroup file of each container) or use {@link #read(Path)}, which keeps a handle per path.
 * The number of descriptors kept open is bounded below the process's {@code RLIMIT_NOFILE}: past
 * the bound a handle opens, reads and closes its file each time, slower but never failing.
 *
 * <p>Handles may be used from several threads; the path map of {@link #read(Path)} is meant for
 * the sampling thread.
 */
public final class KernelFiles implements AutoCloseable {

    private final long maxOpen;
    private long open;
    private final Set<KernelFile> kept = ConcurrentHashMap.newKeySet();
    private final Map<Path, KernelFile> byPath = new HashMap<>();
    private final Set<Path> denied = ConcurrentHashMap.newKeySet();

    /** @param maxOpen the most descriptors to keep open at once */
    public KernelFiles(long maxOpen) {
        this.maxOpen = Math.max(16, maxOpen);
    }

    /** Bounded below the soft open-files limit read from {@code /proc/self/limits}. */
    public static KernelFiles forThisProcess() {
        long soft = ProcLimits.openFilesSoftLimit(Path.of("/proc/self/limits"));
        // Leave room for the JVM's own jars, sockets, the terminal and child processes' pipes.
        return new KernelFiles(Math.max(64, soft - 256));
    }

    /** A handle on one file; nothing is opened until its first read. */
    public KernelFile file(Path path) {
        return new KernelFile(this, path);
    }

    /**
     * The file's content through a handle kept for this path, or null when it does not exist,
     * cannot be read (then {@link #deniedPaths()} records it) or belongs to an object that is gone.
     * One pread: whole for a file of one record, only about the first page of a seq_file of many
     * (see {@link KernelFile#readAll}); {@link #readOnce} reads those to the end.
     */
    public synchronized String read(Path path) {
        return byPath.computeIfAbsent(path, this::file).readString();
    }

    /**
     * Reads a whole file without keeping it open, to the end even for a seq_file of many records:
     * for files read once, such as a process's mountinfo or a cgroup's cgroup.procs.
     */
    public String readOnce(Path path) {
        // java.io first: for a small file read once in a new JVM it costs less CPU than a
        // FileChannel, and a first listing reads hundreds.
        try (FileInputStream in = new FileInputStream(path.toString())) {
            return readToEnd(in);
        } catch (FileNotFoundException e) {
            // gone, denied or not a file: the channel's open tells which (and notes a denial)
        } catch (IOException e) {
            return null; // ESRCH for a process that just exited, ENODEV, EINVAL
        }
        try (FileChannel ch = KernelFile.openChannel(this, path)) {
            if (ch == null) {
                return null;
            }
            CharSequence text = KernelFile.readAll(ch, true);
            return text == null ? null : text.toString();
        } catch (IOException e) {
            return null;
        }
    }

    /**
     * The stream's bytes up to {@link KernelFile#MAX_FILE}, as Latin-1, read into a page that
     * doubles as needed: {@code readNBytes} allocated some 100 KB for a status file of 1.5 KB, and
     * {@code jtop serve} reads hundreds of them a scrape.
     */
    private static String readToEnd(FileInputStream in) throws IOException {
        byte[] b = new byte[4096];
        int n = 0;
        int r;
        while ((r = in.read(b, n, b.length - n)) > 0) {
            n += r;
            if (n == b.length) {
                if (n >= KernelFile.MAX_FILE) {
                    break;
                }
                b = Arrays.copyOf(b, Math.min(KernelFile.MAX_FILE, n * 2));
            }
        }
        return new String(b, 0, n, StandardCharsets.ISO_8859_1);
    }

    /** Closes the handles {@link #read(Path)} keeps for paths under a prefix, e.g. of a container that is gone. */
    public synchronized void forget(Path prefix) {
        List<Path> gone = new ArrayList<>();
        for (Map.Entry<Path, KernelFile> e : byPath.entrySet()) {
            if (e.getKey().startsWith(prefix)) {
                e.getValue().close();
                gone.add(e.getKey());
            }
        }
        gone.forEach(byPath::remove);
    }

    /** Paths whose open failed for lack of permission since this reader was made. */
    public Set<Path> deniedPaths() {
        return Set.copyOf(denied);
    }

    /** Number of descriptors held open now. */
    public synchronized long openCount() {
        return open;
    }

    /** The paths held open now, for benchmarks that re-read the same files elsewhere. */
    public List<Path> openPaths() {
        List<Path> out = new ArrayList<>();
        for (KernelFile f : kept) {
            out.add(f.path());
        }
        return out;
    }

    /** Every handle holding a descriptor now, for benchmarks that count reads per file. */
    public List<KernelFile> openFiles() {
        return List.copyOf(kept);
    }

    @Override
    public synchronized void close() {
        for (KernelFile f : List.copyOf(kept)) {
            f.close();
        }
        byPath.clear();
    }

    /** Whether one more descriptor may be kept open; counts it if so. */
    synchronized boolean reserve(KernelFile f) {
        if (open >= maxOpen) {
            return false;
        }
        open++;
        kept.add(f);
        return true;
    }

    synchronized void release(KernelFile f) {
        if (kept.remove(f)) {
            open--;
        }
    }

    void denied(Path p) {
        denied.add(p);
    }

    static String latin1(byte[] b, int n) {
        return new String(b, 0, n, StandardCharsets.ISO_8859_1);
    }
}
