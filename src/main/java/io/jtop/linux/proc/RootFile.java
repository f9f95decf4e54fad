package io.jtop.linux.proc;

import java.io.IOException;
import java.nio.ByteBuffer;
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

/**
 * A small file of a container's own tree, such as its {@code /etc/resolv.conf}, read through
 * {@code /proc/<pid>/root} without ever leaving that tree. The kernel resolves the
 * {@code root} link into the container's root, but what lies below is the container's to shape:
 * an absolute symbolic link ({@code /etc/hosts -> /etc/shadow}) or {@code ..} would be resolved
 * by the kernel against jtop's own root. So links are followed here, each against the container's
 * root, {@code ..} stops at that root, and the file is then opened one directory at a time
 * relative to the last one, none of them following a link ({@code openat} with {@code O_NOFOLLOW}
 * through {@link SecureDirectoryStream}): a link swapped in meanwhile fails the read instead of
 * leading out. Only a regular file is read, and only its first {@code max} bytes.
 */
public final class RootFile {

    /** Links followed at most while resolving one path, as the kernel's own limit of 40 is for lookups. */
    static final int MAX_LINKS = 40;

    /** The text read, cut at the bound when {@code truncated}; or why nothing was read. */
    public record Content(String text, boolean truncated, String error) {
    }

    private RootFile() {
    }

    /** Reads {@code path} (absolute, in the container) under {@code root}, at most {@code max} bytes. */
    public static Content read(Path root, String path, int max) {
        try {
            List<String> parts = resolve(root, path);
            if (parts.isEmpty()) {
                return new Content(null, false, "not a file");
            }
            return open(root, parts, max);
        } catch (IOException | RuntimeException e) {
            return new Content(null, false, reason(e));
        }
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
                ByteBuffer buf = ByteBuffer.allocate(max + 1);
                while (buf.hasRemaining() && ch.read(buf) > 0) {
                    // fills up to one byte past the bound, which tells a cut file from a whole one
                }
                boolean cut = buf.position() > max;
                String text = new String(buf.array(), 0, Math.min(buf.position(), max), StandardCharsets.UTF_8);
                return new Content(text, cut, null);
            }
        } finally {
            for (int k = opened.size() - 1; k >= 0; k--) {
                opened.get(k).close();
            }
        }
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
