package io.jtop.engine.image;

import static java.nio.file.LinkOption.NOFOLLOW_LINKS;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.jtop.linux.sys.Native;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * Unpacks one OCI/Docker layer tarball (plain, gzip or zstd) into a new directory, converting its
 * whiteouts to overlayfs form.
 *
 * <p>Invariants, checked for every entry before anything is written:
 * <ul>
 *   <li>Names (and hard-link targets) are relative: an absolute name or any {@code ..} component is
 *       rejected, even one that would stay inside (real layers never have one); {@code ./} and empty
 *       components are ignored.
 *   <li>Every parent component is walked from the layer root with {@code lstat}: a missing one is
 *       created as a directory, a symlink or non-directory rejects the entry. So nothing is ever
 *       written, linked or changed through a symlink, whatever it points to.
 *   <li>A symlink is created as-is (it is only a link); an existing symlink may only be replaced by
 *       another symlink; an existing directory may only be "replaced" by a directory (which updates
 *       it); any other existing entry is removed first (the later entry wins).
 *   <li>A hard link must name an existing regular file of this layer (never a symlink or directory).
 *   <li>Character and block devices are skipped (the runtime provides {@code /dev}), except the
 *       char device 0/0, which is an overlay whiteout; FIFOs are created.
 *   <li>{@code .wh.X} becomes the whiteout char device 0/0 named X, {@code .wh..wh..opq} sets
 *       {@code trusted.overlay.opaque=y} on its directory; other {@code .wh.} names are rejected.
 * </ul>
 *
 * <p>The tree is built in a private {@code .tmp-<random>} sibling of the destination, fsynced and
 * renamed into place (never over an existing directory); on any failure the temp dir is removed. Nobody else writes into that temp dir,
 * so a check of a path and its use cannot race. Modes, owners (when running as root) and times are
 * applied after the content, and for directories only at the end, deepest first, so that a read-only
 * directory can still be filled and its mtime is not disturbed by its children.
 *
 * <p>Times (to the nanosecond, symlinks included), whiteouts, FIFOs and xattrs go through
 * {@link Native}, so the first unpack of a JVM pays for binding libc through jnr. Whiteouts need root
 * (mknod of a char device); the rootless form ({@code user.overlay.whiteout}) is not written.
 * A symlink's target goes through {@link Path#of}, which drops doubled and trailing slashes.
 */
public final class LayerUnpacker {
    private static final String WHITEOUT = ".wh.";
    private static final String OPAQUE = ".wh..wh..opq";
    private static final String TMP = ".tmp-";
    private static final int BUFFER = 1 << 16;
    private static final SecureRandom RANDOM = new SecureRandom();

    private enum Kind { DIRECTORY, SYMLINK, OTHER }

    /**
     * Extracts the layer {@code tarStream} into {@code dest}, which must not exist yet. The caller's
     * stream is read but not closed.
     *
     * @throws UnsafeLayerException if an entry would escape {@code dest} or is malformed
     * @throws IOException if the archive is corrupt or truncated, or the file system fails; the
     *     message names the entry
     */
    public void unpack(InputStream tarStream, Path dest) throws IOException {
        Path target = dest.toAbsolutePath();
        if (Files.exists(target, NOFOLLOW_LINKS)) {
            throw new FileAlreadyExistsException(target.toString(), null, "a layer is unpacked into a new directory");
        }
        byte[] random = new byte[8];
        RANDOM.nextBytes(random);
        Path tmp = target.resolveSibling(TMP + HexFormat.of().formatHex(random));
        Files.createDirectory(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        try {
            new Extraction(tmp).run(Compression.decompress(new FilterInputStream(tarStream) {
                @Override
                public void close() {
                    // the caller opened it, the caller closes it
                }
            }));
            fsyncDirectories(tmp);
            Native.renameNoReplace(tmp, target); // rename(2) would silently replace an empty directory
        } catch (IOException | RuntimeException | Error e) {
            try {
                deleteTree(tmp);
            } catch (IOException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
        fsync(target.getParent());
    }

    /** Removes the {@code .tmp-*} directories an interrupted {@link #unpack} left in {@code layersDir}. */
    public static void cleanStaleTemps(Path layersDir) throws IOException {
        if (!Files.isDirectory(layersDir, NOFOLLOW_LINKS)) {
            return;
        }
        try (DirectoryStream<Path> stale = Files.newDirectoryStream(layersDir, TMP + "*")) {
            for (Path p : stale) {
                if (Files.isDirectory(p, NOFOLLOW_LINKS)) {
                    deleteTree(p);
                }
            }
        }
    }

    /** The state of one unpack: its root and the directories whose metadata waits for the end. */
    private static final class Extraction {
        private final Path root;
        private final boolean chown;
        private final Map<Path, TarArchiveEntry> directories = new LinkedHashMap<>();

        Extraction(Path root) throws IOException {
            this.root = root;
            // Only root may give files away; an unprivileged unpack keeps its own uid.
            this.chown = ((Integer) Files.getAttribute(root, "unix:uid", NOFOLLOW_LINKS)) == 0;
        }

        void run(InputStream decompressed) throws IOException {
            EndCheck in = new EndCheck(decompressed);
            TarArchiveInputStream tar = new TarArchiveInputStream(in, StandardCharsets.UTF_8.name());
            String last = null;
            while (true) {
                TarArchiveEntry e;
                try {
                    e = tar.getNextEntry();
                } catch (IOException x) {
                    throw new IOException("unable to read the layer " + after(last) + ": " + x.getMessage(), x);
                }
                if (e == null) {
                    break;
                }
                last = e.getName();
                try {
                    apply(e, tar);
                } catch (UnsafeLayerException x) {
                    throw x;
                } catch (IOException x) {
                    throw new IOException("unable to unpack layer entry '" + UnsafeLayerException.printable(last)
                            + "': " + x.getMessage(), x);
                }
            }
            in.requireEndMarker(last);
            if (!directories.containsKey(root)) {
                Files.setAttribute(root, "unix:mode", 0755);
            }
            List<Path> dirs = new ArrayList<>(directories.keySet());
            Collections.reverse(dirs);
            for (Path d : dirs) {
                metadata(d, directories.get(d), Kind.DIRECTORY);
            }
        }

        private void apply(TarArchiveEntry e, InputStream content) throws IOException {
            String name = e.getName();
            List<String> parts = components(name, name);
            if (parts.isEmpty()) {
                if (!e.isDirectory()) {
                    throw new UnsafeLayerException(name, "names the layer root but is not a directory");
                }
                directories.put(root, e);
                return;
            }
            for (String c : parts.subList(0, parts.size() - 1)) {
                if (c.startsWith(WHITEOUT)) {
                    throw new UnsafeLayerException(name, "a whiteout name cannot be a directory");
                }
            }
            Path dir = parent(name, parts, true);
            String base = parts.get(parts.size() - 1);
            if (base.startsWith(WHITEOUT)) {
                whiteout(e, dir, base);
                return;
            }
            Path path = dir.resolve(base);
            // isFile() is also true for links and devices, so it comes last.
            if (e.isSymbolicLink()) {
                if (e.getLinkName().isEmpty()) {
                    throw new UnsafeLayerException(name, "symlink with an empty target");
                }
                clear(name, path, Kind.SYMLINK);
                Files.createSymbolicLink(path, Path.of(e.getLinkName()));
                metadata(path, e, Kind.SYMLINK);
            } else if (e.isLink()) {
                hardLink(name, path, e.getLinkName());
            } else if (e.isCharacterDevice() && e.getDevMajor() == 0 && e.getDevMinor() == 0) {
                clear(name, path, Kind.OTHER);
                Native.mknod(path.toString(), Native.S_IFCHR, 0);
            } else if (e.isCharacterDevice() || e.isBlockDevice()) {
                return; // devices come from the runtime's /dev, never from an image
            } else if (e.isFIFO()) {
                clear(name, path, Kind.OTHER);
                Native.mkfifo(path.toString(), 0600);
                metadata(path, e, Kind.OTHER);
            } else if (e.isDirectory()) {
                if (!clear(name, path, Kind.DIRECTORY)) {
                    Files.createDirectory(path);
                }
                directories.put(path, e);
            } else if (e.isFile()) {
                clear(name, path, Kind.OTHER);
                try (FileChannel ch = FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                        NOFOLLOW_LINKS);
                        OutputStream out = Channels.newOutputStream(ch)) {
                    content.transferTo(out);
                    ch.force(true);
                }
                metadata(path, e, Kind.OTHER);
            }
            // Anything else (GNU volume headers, multi-volume continuations) carries no file.
        }

        private void hardLink(String name, Path path, String linkName) throws IOException {
            List<String> target = components(name, linkName);
            if (target.isEmpty()) {
                throw new UnsafeLayerException(name, "hard link to the layer root");
            }
            Path existing = parent(name, target, false).resolve(target.get(target.size() - 1));
            BasicFileAttributes a = attributes(existing);
            if (a == null || !a.isRegularFile()) {
                throw new UnsafeLayerException(name, "hard link target " + linkName
                        + (a == null ? " does not exist" : " is not a regular file"));
            }
            if (existing.equals(path)) {
                throw new UnsafeLayerException(name, "hard link to itself");
            }
            clear(name, path, Kind.OTHER);
            Files.createLink(path, existing);
        }

        private void whiteout(TarArchiveEntry e, Path dir, String base) throws IOException {
            String name = e.getName();
            if (e.isDirectory() || e.isSymbolicLink() || e.isLink()) {
                throw new UnsafeLayerException(name, "a whiteout must be a plain file");
            }
            if (base.equals(OPAQUE)) {
                byte[] y = {'y'};
                Native.lsetxattr(dir.toString(), "trusted.overlay.opaque", y, y.length, 0);
                return;
            }
            String hidden = base.substring(WHITEOUT.length());
            if (hidden.isEmpty() || hidden.equals(".") || hidden.equals("..") || hidden.startsWith(WHITEOUT)) {
                throw new UnsafeLayerException(name, "invalid whiteout name " + base);
            }
            Path path = dir.resolve(hidden);
            clear(name, path, Kind.OTHER);
            Native.mknod(path.toString(), Native.S_IFCHR, 0);
        }

        /**
         * Walks the parent components of {@code parts} from the root without following anything,
         * creating missing ones if {@code create}, and returns the parent directory.
         */
        private Path parent(String name, List<String> parts, boolean create) throws IOException {
            Path p = root;
            for (String c : parts.subList(0, parts.size() - 1)) {
                p = p.resolve(c);
                BasicFileAttributes a = attributes(p);
                if (a == null && create) {
                    Files.createDirectory(p);
                    Files.setAttribute(p, "unix:mode", 0755); // as docker makes missing parents, whatever the umask
                } else if (a == null) {
                    throw new UnsafeLayerException(name, root.relativize(p) + " does not exist");
                } else if (a.isSymbolicLink()) {
                    throw new UnsafeLayerException(name, "its path crosses the symlink " + root.relativize(p));
                } else if (!a.isDirectory()) {
                    throw new UnsafeLayerException(name, root.relativize(p) + " is not a directory");
                }
            }
            return p;
        }

        /**
         * Makes room for a new entry of {@code kind} at {@code path}.
         *
         * @return true if a directory is there and stays (only for a directory entry)
         */
        private boolean clear(String name, Path path, Kind kind) throws IOException {
            BasicFileAttributes a = attributes(path);
            if (a == null) {
                return false;
            }
            if (a.isSymbolicLink() && kind != Kind.SYMLINK) {
                throw new UnsafeLayerException(name, "would replace the symlink " + root.relativize(path));
            }
            if (a.isDirectory()) {
                if (kind == Kind.DIRECTORY) {
                    return true;
                }
                throw new UnsafeLayerException(name, "would replace the directory " + root.relativize(path));
            }
            Files.delete(path); // removes a symlink itself, never its target
            return false;
        }

        /**
         * Owner, then mode (chown clears set-id bits), extended attributes, then times. A symlink
         * has no mode of its own, and {@code unix:mode} follows links, so it is never chmod-ed;
         * everything else here was created by this unpack and is known not to be a symlink.
         */
        private void metadata(Path path, TarArchiveEntry e, Kind kind) throws IOException {
            if (chown) {
                Files.setAttribute(path, "unix:uid", (int) e.getLongUserId(), NOFOLLOW_LINKS);
                Files.setAttribute(path, "unix:gid", (int) e.getLongGroupId(), NOFOLLOW_LINKS);
            }
            if (kind != Kind.SYMLINK) {
                Files.setAttribute(path, "unix:mode", e.getMode() & 07777);
                xattrs(path, e);
            }
            Native.lutimens(path, e.getLastModifiedTime().toInstant(), e.getLastModifiedTime().toInstant());
        }

        /**
         * Applies PAX {@code SCHILY.xattr.*} headers in the {@code user.} and {@code trusted.}
         * namespaces. {@code trusted.overlay.*} is never taken from a layer (a forged redirect or
         * opaque marker would change what overlayfs shows), and {@code security.*} is skipped:
         * commons-compress decodes PAX values as UTF-8, so binary values such as
         * {@code security.capability} arrive corrupted.
         */
        private void xattrs(Path path, TarArchiveEntry e) throws IOException {
            for (Map.Entry<String, String> h : e.getExtraPaxHeaders().entrySet()) {
                if (!h.getKey().startsWith("SCHILY.xattr.")) {
                    continue;
                }
                String attr = h.getKey().substring("SCHILY.xattr.".length());
                boolean wanted = attr.startsWith("user.") || (attr.startsWith("trusted.") && chown);
                if (wanted && !attr.startsWith("trusted.overlay.")) {
                    byte[] value = h.getValue().getBytes(StandardCharsets.UTF_8);
                    Native.lsetxattr(path.toString(), attr, value, value.length, 0);
                }
            }
        }
    }

    /**
     * Counts what the tar reader consumes and where the zeros at the end begin. commons-compress
     * treats end-of-file at a header boundary as the end of the archive, so a layer cut between two
     * entries would unpack "successfully"; a whole archive is 512-byte blocks ending in at least
     * two zero blocks (more when padded to a record). Mark/reset is refused so every byte is counted.
     */
    private static final class EndCheck extends FilterInputStream {
        private long count;
        private long endOfData;

        EndCheck(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = in.read(b, off, len);
            for (int i = n - 1; i >= 0; i--) {
                if (b[off + i] != 0) {
                    endOfData = count + i + 1;
                    break;
                }
            }
            count += Math.max(n, 0);
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            byte[] buffer = new byte[(int) Math.min(n, BUFFER)];
            int r = read(buffer, 0, buffer.length);
            return Math.max(r, 0);
        }

        @Override
        public boolean markSupported() {
            return false;
        }

        /** Reads what is left and fails unless the stream was empty or ended as a whole tar does. */
        void requireEndMarker(String lastEntry) throws IOException {
            transferTo(OutputStream.nullOutputStream());
            if (count != 0 && (count % 512 != 0 || count - endOfData < 1024)) {
                throw new IOException("the layer ends " + after(lastEntry) + " without the end-of-archive blocks: truncated");
            }
        }
    }

    private static String after(String entry) {
        return entry == null ? "before its first entry" : "after entry '" + UnsafeLayerException.printable(entry) + "'";
    }

    /** Splits a relative name into its components, rejecting absolute names and {@code ..}. */
    static List<String> components(String entry, String name) throws UnsafeLayerException {
        if (name.startsWith("/")) {
            throw new UnsafeLayerException(entry, "absolute path " + name);
        }
        List<String> parts = new ArrayList<>();
        for (String c : name.split("/")) {
            if (c.equals("..")) {
                throw new UnsafeLayerException(entry, "'..' in " + name);
            }
            if (!c.isEmpty() && !c.equals(".")) {
                parts.add(c);
            }
        }
        return parts;
    }

    private static BasicFileAttributes attributes(Path p) throws IOException {
        try {
            return Files.readAttributes(p, BasicFileAttributes.class, NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    /** Regular files were forced when written; directories are forced here, children first. */
    private static void fsyncDirectories(Path tree) throws IOException {
        Files.walkFileTree(tree, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException failure) throws IOException {
                if (failure != null) {
                    throw failure;
                }
                fsync(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    private static void fsync(Path dir) throws IOException {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        }
    }

    /** Deletes a tree without following symlinks, making read-only directories writable first. */
    private static void deleteTree(Path tree) throws IOException {
        Files.walkFileTree(tree, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                var perms = Files.getPosixFilePermissions(dir, NOFOLLOW_LINKS);
                if (perms.add(PosixFilePermission.OWNER_WRITE) | perms.add(PosixFilePermission.OWNER_EXECUTE)
                        | perms.add(PosixFilePermission.OWNER_READ)) {
                    Files.setPosixFilePermissions(dir, perms);
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException failure) throws IOException {
                if (failure != null) {
                    throw failure;
                }
                Files.delete(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
