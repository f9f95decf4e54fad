package io.jtop.linux.proc;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemLoopException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Set;

import io.jtop.linux.sys.Native;

/**
 * A small file of a container's own tree, such as its {@code /etc/resolv.conf}, read through
 * {@code /proc/<pid>/root} without ever leaving that tree. The kernel resolves the
 * {@code root} link into the container's root, but what lies below is the container's to shape,
 * while jtop reads it as root: an absolute symbolic link ({@code /etc/hosts -> /etc/shadow}) or
 * {@code ..} would be resolved against jtop's own root, and a file checked to be regular can be
 * swapped for a FIFO (whose open waits for a writer for ever) or a device node before it is opened.
 *
 * <p>So the kernel resolves the path and names the file in one step: {@code openat2} with
 * {@code RESOLVE_IN_ROOT} (links and {@code ..} resolved against the container's root) and
 * {@code RESOLVE_NO_MAGICLINKS}, relative to a descriptor of the root, gives an {@code O_PATH}
 * descriptor, which opens nothing behind it (no FIFO, no device driver). Its type is read through
 * {@code /proc/self/fd/<fd>}, the same inode; only a regular file is then opened, through that same
 * link, so what is read is what was checked. Only its first {@code max} bytes are read.
 *
 * <p>Where {@code openat2} is missing (Linux &lt; 5.6, or a seccomp filter answering ENOSYS) or jnr
 * cannot bind libc, links are followed here, each against the container's root, {@code ..} stops at
 * that root, and the file is then opened one directory at a time relative to the last one, none of
 * them following a link ({@code openat} with {@code O_NOFOLLOW} through {@link SecureDirectoryStream}):
 * a link swapped in fails the read instead of leading out. That walk still checks the file's type
 * before opening it by name, so there a container that swaps a FIFO in between can block the reading
 * thread until something writes to the FIFO, and a device node swapped in is opened by jtop.
 */
public final class RootFile {

    /** Links followed at most while resolving one path, as the kernel's own limit of 40 is for lookups. */
    static final int MAX_LINKS = 40;
    /** Tries of a lookup that a rename elsewhere on the host raced (EAGAIN), before giving up. */
    private static final int TRIES = 8;
    private static final int ENOENT = 2;
    private static final int EACCES = 13;
    private static final int ENOTDIR = 20;
    private static final int ELOOP = 40;

    /** The text read, cut at the bound when {@code truncated}; or why nothing was read. */
    public record Content(String text, boolean truncated, String error) {
    }

    private RootFile() {
    }

    /** Reads {@code path} (absolute, in the container) under {@code root}, at most {@code max} bytes. */
    public static Content read(Path root, String path, int max) {
        try {
            int fd = openInRoot(root, path);
            return fd < 0 ? walk(root, path, max) : readChecked(fd, max);
        } catch (IOException | RuntimeException e) {
            return new Content(null, false, reason(e));
        }
    }

    /** An {@code O_PATH} descriptor of {@code path} resolved by the kernel inside {@code root}; -1 without openat2. */
    private static int openInRoot(Path root, String path) throws IOException {
        int dir;
        try {
            dir = Native.openat2(Native.AT_FDCWD, root.toString(), Native.O_PATH | Native.O_CLOEXEC, 0);
        } catch (IOException e) {
            // errno -1: jnr could not bind libc, which the walk does not need
            int errno = Native.errno(e);
            if (errno == Native.ENOSYS || errno == -1) {
                return -1;
            }
            throw e;
        }
        try {
            for (int k = 1; ; k++) {
                try {
                    return Native.openat2(dir, path, Native.O_PATH | Native.O_CLOEXEC,
                            Native.RESOLVE_IN_ROOT | Native.RESOLVE_NO_MAGICLINKS);
                } catch (IOException e) {
                    if (Native.errno(e) != Native.EAGAIN || k == TRIES) {
                        throw e;
                    }
                }
            }
        } finally {
            Native.close(dir);
        }
    }

    /** Reads the file {@code fd} names if it is a regular file, opening it through the descriptor itself; closes it. */
    private static Content readChecked(int fd, int max) throws IOException {
        try {
            Path named = Path.of("/proc/self/fd/" + fd);
            if (!Files.readAttributes(named, BasicFileAttributes.class).isRegularFile()) {
                return new Content(null, false, "not a regular file");
            }
            try (SeekableByteChannel ch = Files.newByteChannel(named, StandardOpenOption.READ)) {
                return text(ch, max);
            }
        } finally {
            Native.close(fd);
        }
    }

    /** The fallback without openat2: the path resolved here, then opened directory by directory. */
    static Content walk(Path root, String path, int max) throws IOException {
        List<String> parts = resolve(root, path);
        if (parts.isEmpty()) {
            return new Content(null, false, "not a regular file");
        }
        return open(root, parts, max);
    }

    /** The components of {@code path} with every link followed inside the root; throws past {@link #MAX_LINKS}. */
    static List<String> resolve(Path root, String path) throws IOException {
        Deque<String> todo = new ArrayDeque<>(split(path));
        List<String> done = new ArrayList<>();
        int links = 0;
        while (!todo.isEmpty()) {
            String c = todo.removeFirst();
            if (c.isEmpty() || c.equals(".")) {
                continue;
            }
            if (c.equals("..")) {
                if (!done.isEmpty()) {
                    done.remove(done.size() - 1);
                }
                continue;
            }
            Path here = under(root, done).resolve(c);
            if (!Files.isSymbolicLink(here)) {
                done.add(c);
                continue;
            }
            if (++links > MAX_LINKS) {
                throw new IOException("too many symbolic links");
            }
            String target = Files.readSymbolicLink(here).toString();
            List<String> t = split(target);
            for (int k = t.size() - 1; k >= 0; k--) {
                todo.addFirst(t.get(k));
            }
            if (target.startsWith("/")) {
                done.clear();
            }
        }
        return done;
    }

    private static Content open(Path root, List<String> parts, int max) throws IOException {
        DirectoryStream<Path> top = Files.newDirectoryStream(root);
        if (!(top instanceof SecureDirectoryStream<Path> dir)) {
            top.close();
            throw new IOException("this platform cannot open files relative to a directory");
        }
        List<SecureDirectoryStream<Path>> opened = new ArrayList<>();
        opened.add(dir);
        try {
            for (int k = 0; k < parts.size() - 1; k++) {
                dir = dir.newDirectoryStream(Path.of(parts.get(k)), LinkOption.NOFOLLOW_LINKS);
                opened.add(dir);
            }
            Path name = Path.of(parts.get(parts.size() - 1));
            BasicFileAttributes a = dir.getFileAttributeView(name, BasicFileAttributeView.class,
                    LinkOption.NOFOLLOW_LINKS).readAttributes();
            if (!a.isRegularFile()) {
                return new Content(null, false, "not a regular file");
            }
            try (SeekableByteChannel ch = dir.newByteChannel(name,
                    Set.of(StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS))) {
                return text(ch, max);
            }
        } finally {
            for (int k = opened.size() - 1; k >= 0; k--) {
                opened.get(k).close();
            }
        }
    }

    /** The first {@code max} bytes of {@code ch} as text, invalid UTF-8 replaced; cut if more follow. */
    private static Content text(ReadableByteChannel ch, int max) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(max + 1);
        while (buf.hasRemaining() && ch.read(buf) > 0) {
            // fills up to one byte past the bound, which tells a cut file from a whole one
        }
        boolean cut = buf.position() > max;
        String text = new String(buf.array(), 0, Math.min(buf.position(), max), StandardCharsets.UTF_8);
        return new Content(text, cut, null);
    }

    private static Path under(Path root, List<String> parts) {
        Path p = root;
        for (String s : parts) {
            p = p.resolve(s);
        }
        return p;
    }

    private static List<String> split(String path) {
        List<String> out = new ArrayList<>();
        for (String s : path.split("/")) {
            if (!s.isEmpty()) {
                out.add(s);
            }
        }
        return out;
    }

    private static String reason(Exception e) {
        // openat2's failures carry errno; the walk's are the JDK's exceptions
        int errno = e instanceof IOException io ? Native.errno(io) : -1;
        String said = switch (errno) {
            case ENOENT -> "no such file";
            case EACCES -> "permission denied";
            case ELOOP -> "too many symbolic links";
            case ENOTDIR -> "not a directory on the way";
            default -> null;
        };
        if (said != null) {
            return said;
        }
        if (e instanceof NoSuchFileException) {
            return "no such file";
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof FileSystemLoopException) {
            return "a symbolic link where a directory was expected";
        }
        String m = e.getMessage();
        return m == null ? e.getClass().getSimpleName() : m;
    }
}
