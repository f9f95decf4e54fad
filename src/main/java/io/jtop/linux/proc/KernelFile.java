package io.jtop.linux.proc;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * One kernel file read again and again through a descriptor kept open. {@link #read()} returns a
 * view of the content in a per-thread buffer, valid until that thread's next read: parse it, do
 * not keep it. A handle is meant for one thread at a time (the sampler's); it is not locked on the
 * hot path.
 *
 * <p>A file that does not exist is remembered as missing and not looked for again: the files of a
 * cgroup or process do not appear later. A read that fails on an open descriptor means the object
 * is gone (a removed cgroup answers ENODEV, an exited process ESRCH); the descriptor is dropped
 * and the path opened once more, in case it now names a new object.
 */
public final class KernelFile implements AutoCloseable {

    static final int MAX_FILE = 1 << 20;
    private static final ThreadLocal<Buffer> BUFFERS = ThreadLocal.withInitial(Buffer::new);

    private final KernelFiles owner;
    private final Path path;
    private FileChannel channel;
    private boolean missing;
    private long reads;

    KernelFile(KernelFiles owner, Path path) {
        this.owner = owner;
        this.path = path;
    }

    public Path path() {
        return path;
    }

    /** How many times the file was read: benchmarks replay the same reads elsewhere. */
    public long reads() {
        return reads;
    }

    /** The content, or null when the file is missing, unreadable or its object is gone. */
    public CharSequence read() {
        if (missing) {
            return null;
        }
        reads++;
        if (channel != null) {
            CharSequence text = readAll(channel, false);
            if (text != null) {
                return text;
            }
            close(); // gone: the path may name a new object now
        }
        FileChannel ch = openChannel(owner, path);
        if (ch == null) {
            missing = true;
            return null;
        }
        CharSequence text = readAll(ch, false);
        if (text != null && owner.reserve(this)) {
            channel = ch;
        } else {
            closeQuietly(ch);
        }
        return text;
    }

    /** The content as a String, or null. */
    public String readString() {
        CharSequence t = read();
        return t == null ? null : t.toString();
    }

    @Override
    public synchronized void close() {
        if (channel != null) {
            closeQuietly(channel);
            channel = null;
            owner.release(this);
        }
    }

    static FileChannel openChannel(KernelFiles owner, Path path) {
        try {
            return FileChannel.open(path, StandardOpenOption.READ);
        } catch (AccessDeniedException e) {
            owner.denied(path);
            return null;
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException | SecurityException e) {
            // ESRCH for a /proc entry of a process that just exited, ENODEV, EINVAL for write-only files.
            return null;
        }
    }

    /**
     * Reads from offset 0 to the end. A kernel file of one record (a process's stat, every cgroup
     * control file) is generated whole on each read from offset 0, so a read that does not fill the
     * buffer has reached the end: one pread. A seq_file of many records (mountinfo, cgroup.procs)
     * hands out about a page per read (Linux seq_read_iter fills its page-sized buffer, no more);
     * {@code toEnd} reads on until the kernel returns 0.
     */
    static CharSequence readAll(FileChannel ch, boolean toEnd) {
        Buffer b = BUFFERS.get();
        try {
            // A direct buffer: a heap one would make the JDK copy through a temporary direct one.
            ByteBuffer buf = b.direct;
            buf.clear();
            long pos = 0;
            while (true) {
                int n = ch.read(buf, pos);
                if (n <= 0) {
                    break;
                }
                pos += n;
                if (buf.hasRemaining()) {
                    if (toEnd) {
                        continue;
                    }
                    break;
                }
                if (buf.capacity() >= MAX_FILE) {
                    break;
                }
                buf = b.grow();
            }
            int len = buf.position();
            if (b.bytes.length < len) {
                b.bytes = new byte[buf.capacity()];
            }
            buf.get(0, b.bytes, 0, len);
            return b.text.set(b.bytes, len);
        } catch (IOException e) {
            return null;
        }
    }

    private static void closeQuietly(FileChannel ch) {
        try {
            ch.close();
        } catch (IOException ignored) {
            // Closing a read-only descriptor cannot lose data.
        }
    }

    /** A thread's read buffer, the bytes parsed from, and the view over them. */
    private static final class Buffer {
        ByteBuffer direct = ByteBuffer.allocateDirect(16 * 1024);
        byte[] bytes = new byte[16 * 1024];
        final Latin1Text text = new Latin1Text();

        ByteBuffer grow() {
            ByteBuffer bigger = ByteBuffer.allocateDirect(direct.capacity() * 2);
            direct.flip();
            bigger.put(direct);
            direct = bigger;
            return bigger;
        }
    }
}
