package io.jtop.metrics;

import io.jtop.linux.sys.Native;
import io.jtop.text.Utf8;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * What a container changed in its root file system: the entries of an overlay's upper directory
 * compared with its lower directories, as {@code docker diff} shows them.
 *
 * <ul>
 *   <li>{@code ADDED}: in the upper directory and in no lower one, as the merged view looks it up
 *       (a lower entry hidden by a whiteout or an opaque directory of a higher lower does not
 *       count). Below an {@code OPAQUE} directory the lower layers are hidden, so all is ADDED.
 *   <li>{@code MODIFIED}: a file, symlink or other non-directory copied up over a lower entry; or a
 *       directory that replaced a lower non-directory. A directory that is merely the parent of a
 *       change (it exists below as a directory) is not listed.
 *   <li>{@code DELETED}: a whiteout, i.e. a character device 0/0, or (kernel ≥ 6.7) an empty
 *       regular file with the {@code overlay.whiteout} xattr.
 *   <li>{@code OPAQUE}: a directory with {@code overlay.opaque} = {@code y}: the container removed
 *       the lower directory and made a new one in its place ({@code rm -rf d; mkdir d}).
 * </ul>
 *
 * <p>Sizes are what the upper directory holds: the apparent size of files and symlinks; 0 for
 * directories (their contents are listed themselves, so a sum would count twice) and whiteouts.
 *
 * <p>Overlay's xattrs are looked up under both {@code trusted.} (the default; readable by root
 * only: to others they look absent) and {@code user.} (mounts with {@code userxattr}, rootless).
 *
 * <p>The upper directory is written by the running container, so the walk never follows a symlink
 * even when one replaces a directory under our feet: directories are opened relative to their
 * parent's descriptor with {@code O_NOFOLLOW} (a {@link SecureDirectoryStream}). Overlay's xattrs
 * and device numbers are read by path, which the JDK offers no descriptor-relative call for: a
 * path swapped meanwhile can at worst misclassify one entry, never lead the walk out of the upper
 * directory. Entries that cannot be read, or vanish while we look, are skipped and counted.
 *
 * @param changes   the changes, sorted by path; paths are absolute as the container sees them
 * @param totals    count and bytes per kind, of the listed changes; every kind is present
 * @param truncated whether the scan stopped early: after {@code maxEntries} upper entries, or at a
 *                  directory deeper than {@value #MAX_DEPTH} levels, which it did not enter
 * @param skipped   upper entries that could not be read
 */
public record UpperDirChanges(List<Change> changes, Map<Kind, Total> totals, boolean truncated, int skipped) {

    /** Directories nested deeper are not entered: each level holds a descriptor open. */
    public static final int MAX_DEPTH = 128;

    private static final int S_IFMT = 0170000;
    private static final int S_IFDIR = 0040000;
    private static final int S_IFREG = 0100000;
    private static final List<String> PREFIXES = List.of("trusted.", "user.");

    public enum Kind { ADDED, MODIFIED, DELETED, OPAQUE }

    /** One changed entry; {@code path} starts with {@code /}. */
    public record Change(Kind kind, String path, long bytes) {
    }

    public record Total(int count, long bytes) {
    }

    public UpperDirChanges {
        changes = List.copyOf(changes);
        totals = Collections.unmodifiableMap(new EnumMap<>(totals));
    }

    /**
     * Scans an overlay's upper directory.
     *
     * @param upper      the upper (writable) directory
     * @param lowers     the lower directories, topmost first, as the mount lists them
     * @param maxEntries the most upper entries to look at (files, directories and whiteouts alike),
     *                   which bounds the work and the list
     * @throws IOException if the upper directory itself cannot be opened
     */
    public static UpperDirChanges scan(Path upper, List<Path> lowers, int maxEntries) throws IOException {
        Scan scan = new Scan(maxEntries);
        try (DirectoryStream<Path> root = Files.newDirectoryStream(upper)) {
            if (!(root instanceof SecureDirectoryStream<Path> secure)) {
                throw new IOException("cannot walk " + upper + " without following symlinks on this platform");
            }
            scan.walk(secure, upper, "", lowers, 0);
        } catch (DirectoryIteratorException e) {
            throw new IOException("unable to read " + upper + ": " + e.getCause().getMessage(), e.getCause());
        }
        scan.changes.sort(Comparator.comparing(Change::path));
        Map<Kind, Total> totals = new EnumMap<>(Kind.class);
        for (Kind k : Kind.values()) {
            totals.put(k, new Total(0, 0));
        }
        for (Change c : scan.changes) {
            Total t = totals.get(c.kind());
            totals.put(c.kind(), new Total(t.count() + 1, t.bytes() + c.bytes()));
        }
        return new UpperDirChanges(scan.changes, totals, scan.truncated, scan.skipped);
    }

    /** What a lower layer holds at a path. */
    private enum Below { NOTHING, WHITEOUT, DIRECTORY, OTHER }

    /** The state of one walk. */
    private static final class Scan {
        final int maxEntries;
        final List<Change> changes = new ArrayList<>();
        int examined;
        int skipped;
        boolean truncated;

        Scan(int maxEntries) {
            this.maxEntries = maxEntries;
        }

        /**
         * Walks one upper directory.
         *
         * @param abs    its path on the host
         * @param rel    its path below the upper directory as shown, "" for the top
         * @param lowers the lower directories that show through at this path, topmost first
         */
        void walk(SecureDirectoryStream<Path> dir, Path abs, String rel, List<Path> lowers, int depth) {
            for (Path entry : dir) {
                if (examined >= maxEntries) {
                    truncated = true;
                    return;
                }
                examined++;
                Path name = entry.getFileName();
                String childRel = rel.isEmpty() ? shown(entry) : rel + "/" + shown(entry);
                BasicFileAttributes a;
                try {
                    a = dir.getFileAttributeView(name, BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
                            .readAttributes();
                } catch (IOException e) {
                    skipped++;
                    continue;
                }
                // Paths are resolved from Path names, which keep a name's bytes; its String may not.
                Path child = abs.resolve(name);
                if (a.isDirectory()) {
                    directory(dir, name, childRel, child, lowers, depth);
                } else if (isWhiteout(child, a)) {
                    changes.add(new Change(Kind.DELETED, "/" + childRel, 0));
                } else {
                    Kind k = below(lowers, name) == Below.NOTHING ? Kind.ADDED : Kind.MODIFIED;
                    changes.add(new Change(k, "/" + childRel, a.size()));
                }
            }
        }

        private void directory(SecureDirectoryStream<Path> parent, Path name, String rel, Path abs,
                               List<Path> lowers, int depth) {
            boolean opaque = "y".equals(overlayXattr(abs, "opaque"));
            // The lower directories that merge into this one: down to the first layer that hides
            // the rest (a whiteout, a non-directory or an opaque directory).
            List<Path> merged = new ArrayList<>();
            Below first = Below.NOTHING;
            for (Path l : lowers) {
                Path p = l.resolve(name);
                Below b = below(p);
                if (b == Below.NOTHING) {
                    continue;
                }
                if (first == Below.NOTHING) {
                    first = b;
                }
                if (b != Below.DIRECTORY) {
                    break;
                }
                merged.add(p);
                if ("y".equals(overlayXattr(p, "opaque"))) {
                    break;
                }
            }
            if (opaque) {
                changes.add(new Change(Kind.OPAQUE, "/" + rel, 0));
            } else if (first == Below.NOTHING || first == Below.WHITEOUT) {
                changes.add(new Change(Kind.ADDED, "/" + rel, 0));
            } else if (first == Below.OTHER) {
                changes.add(new Change(Kind.MODIFIED, "/" + rel, 0));
            }
            if (depth + 1 >= MAX_DEPTH) {
                truncated = true;
                return;
            }
            try (SecureDirectoryStream<Path> sub = parent.newDirectoryStream(name, LinkOption.NOFOLLOW_LINKS)) {
                walk(sub, abs, rel, opaque ? List.of() : merged, depth + 1);
            } catch (IOException | RuntimeException e) {
                // Unreadable, gone, or replaced by a symlink since we looked (ELOOP).
                skipped++;
            }
        }

        /** What the topmost lower layer that has {@code name} holds; lowers given are directories. */
        private static Below below(List<Path> lowers, Path name) {
            for (Path l : lowers) {
                Below b = below(l.resolve(name));
                if (b != Below.NOTHING) {
                    return b == Below.WHITEOUT ? Below.NOTHING : b;
                }
            }
            return Below.NOTHING;
        }

        private static Below below(Path p) {
            Map<String, Object> a;
            try {
                a = Files.readAttributes(p, "unix:mode,rdev,size", LinkOption.NOFOLLOW_LINKS);
            } catch (IOException | RuntimeException e) {
                return Below.NOTHING; // absent, or unreadable, which is as good as absent to us
            }
            int type = (Integer) a.get("mode") & S_IFMT;
            if (type == Native.S_IFCHR && (Long) a.get("rdev") == 0) {
                return Below.WHITEOUT;
            }
            if (type == S_IFDIR) {
                return Below.DIRECTORY;
            }
            if (type == S_IFREG && (Long) a.get("size") == 0 && overlayXattr(p, "whiteout") != null) {
                return Below.WHITEOUT;
            }
            return Below.OTHER;
        }

        /** A character device 0/0, or an empty regular file marked with the whiteout xattr. */
        private static boolean isWhiteout(Path abs, BasicFileAttributes a) {
            if (a.isRegularFile()) {
                return a.size() == 0 && overlayXattr(abs, "whiteout") != null;
            }
            return a.isOther() && below(abs) == Below.WHITEOUT;
        }
    }

    /**
     * An entry's name as UTF-8 text (the JDK decodes a name that is not UTF-8 with U+FFFD, losing
     * its bytes): a byte that is not UTF-8 becomes a {@link Utf8} surrogate escape, which the
     * outputs show as {@code \xff}. The bytes are read back from the path's URI, which the JDK
     * builds from them.
     */
    static String shown(Path entry) {
        String name = entry.getFileName().toString();
        if (name.indexOf('\uFFFD') < 0) {
            return name;
        }
        String raw = entry.toUri().getRawPath();
        if (raw.endsWith("/")) {
            raw = raw.substring(0, raw.length() - 1); // a directory's URI ends with a slash
        }
        String last = raw.substring(raw.lastIndexOf('/') + 1);
        ByteArrayOutputStream b = new ByteArrayOutputStream(last.length());
        for (int i = 0; i < last.length(); i++) {
            char c = last.charAt(i);
            if (c == '%' && i + 2 < last.length()) {
                b.write(Integer.parseInt(last.substring(i + 1, i + 3), 16));
                i += 2;
            } else {
                b.write(c);
            }
        }
        return Utf8.decode(b.toByteArray());
    }

    /** Overlay's xattr {@code overlay.<name>} on the entry itself, trusted or user, or null. */
    static String overlayXattr(Path p, String name) {
        for (String prefix : PREFIXES) {
            try {
                byte[] v = Native.lgetxattr(p.toString(), prefix + "overlay." + name);
                if (v != null) {
                    return new String(v, StandardCharsets.UTF_8);
                }
            } catch (IOException e) {
                // No xattrs on this file system (EOPNOTSUPP), or the entry is gone: none.
            }
        }
        return null;
    }
}
