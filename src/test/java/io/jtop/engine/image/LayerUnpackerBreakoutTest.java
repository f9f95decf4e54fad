package io.jtop.engine.image;

import static java.nio.file.LinkOption.NOFOLLOW_LINKS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Stream;

import io.jtop.linux.sys.Native;
import io.jtop.testing.Host;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Malicious and tricky layers, in the classes of containerd's breakout tests. Each runs next to a
 * {@code probe} directory outside the destination that symlinks and links aim at; the probe must
 * be identical afterwards (paths, types, modes, owners, sizes, mtimes, contents), nothing may
 * appear beside the destination, and a rejected layer leaves no destination and no temp dir.
 */
class LayerUnpackerBreakoutTest {
    private static final String LONG = "d".repeat(120) + "/" + "e".repeat(120) + "/" + "f".repeat(100);

    /** One archive, made knowing where the probe is, and what must become of it. */
    record Case(String name, Function<Path, byte[]> archive, String rejectedEntry, List<String> tree, boolean root) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Case rejects(String name, String entry, Function<Path, byte[]> archive) {
        return new Case(name, archive, entry, null, false);
    }

    static Case accepts(String name, Function<Path, byte[]> archive, String... tree) {
        return new Case(name, archive, null, List.of(tree), false);
    }

    /** Whiteouts are char devices, and only root may mknod. */
    static Case acceptsAsRoot(String name, Function<Path, byte[]> archive, String... tree) {
        return new Case(name, archive, null, List.of(tree), true);
    }

    static Stream<Case> cases() {
        return Stream.of(
                rejects("absolute path", "/etc/evil", p -> new TestLayer().file("/etc/evil", "x").tar()),
                rejects("leading ..", "../evil", p -> new TestLayer().file("../evil", "x").tar()),
                rejects("leading ../.. to the probe", "../../probe/f",
                        p -> new TestLayer().file("../../probe/f", "x").tar()),
                rejects("middle .. escaping", "a/../../evil", p -> new TestLayer().dir("a").file("a/../../evil", "x").tar()),
                rejects("middle .. staying inside (any .. is refused)", "a/../b",
                        p -> new TestLayer().dir("a").file("a/../b", "x").tar()),
                rejects("trailing ..", "a/../", p -> new TestLayer().dir("a/..").tar()),
                rejects("./..", "./../evil", p -> new TestLayer().file("./../evil", "x").tar()),
                rejects("symlink to / then a file under it", "root/etc/evil",
                        p -> new TestLayer().symlink("root", "/").file("root/etc/evil", "x").tar()),
                rejects("symlink to the probe then overwrite through it", "s/f",
                        p -> new TestLayer().symlink("s", p.toString()).file("s/f", "x").tar()),
                rejects("symlink to .. then a file under it", "up/evil",
                        p -> new TestLayer().symlink("up", "..").file("up/evil", "x").tar()),
                rejects("symlink chain escaping", "a/f",
                        p -> new TestLayer().symlink("b", p.toString()).symlink("a", "b").file("a/f", "x").tar()),
                rejects("relative symlink escaping via ../..", "l/f",
                        p -> new TestLayer().symlink("l", "../../probe").file("l/f", "x").tar()),
                rejects("symlink inside a directory, then a file below it", "d/s/sub/g",
                        p -> new TestLayer().dir("d").symlink("d/s", "../../../probe").file("d/s/sub/g", "x").tar()),
                rejects("hard link to /etc/passwd", "h", p -> new TestLayer().hardlink("h", "/etc/passwd").tar()),
                rejects("hard link to the probe by ../..", "h",
                        p -> new TestLayer().hardlink("h", "../../probe/f").tar()),
                rejects("hard link via a symlink", "h",
                        p -> new TestLayer().symlink("s", p.toString()).hardlink("h", "s/f").tar()),
                rejects("hard link to ..", "h", p -> new TestLayer().hardlink("h", "..").tar()),
                rejects("hard link to a symlink that escapes", "h",
                        p -> new TestLayer().symlink("s", p + "/f").hardlink("h", "s").tar()),
                rejects("hard link to a directory", "h", p -> new TestLayer().dir("d").hardlink("h", "d").tar()),
                rejects("hard link to a missing file", "h", p -> new TestLayer().hardlink("h", "nothing").tar()),
                rejects("hard link to the layer root", "h", p -> new TestLayer().hardlink("h", "./").tar()),
                rejects("directory replacing a symlink", "s/",
                        p -> new TestLayer().symlink("s", p + "/sub").dir("s", 0777).tar()),
                rejects("file over a directory", "d", p -> new TestLayer().dir("d").file("d", "x").tar()),
                rejects("symlink over an existing directory", "d",
                        p -> new TestLayer().dir("d").symlink("d", p.toString()).tar()),
                rejects("file, then symlink of the same name, then a file through it", "x/f",
                        p -> new TestLayer().file("x", "1").symlink("x", p.toString()).file("x/f", "2").tar()),
                rejects("file over a symlink to the probe (setuid)", "s",
                        p -> new TestLayer().symlink("s", p + "/f").file("s", "x", 04755).tar()),
                rejects("FIFO over a symlink to the probe", "s",
                        p -> new TestLayer().symlink("s", p + "/f").fifo("s").tar()),
                rejects("chmod through a symlink: directory entry over a link to the probe", "s/",
                        p -> new TestLayer().symlink("s", p.toString()).dir("s", 0777).tar()),
                rejects("whiteout of ..", ".wh...", p -> new TestLayer().whiteout("", "..").tar()),
                rejects("whiteout of .", ".wh..", p -> new TestLayer().whiteout("", ".").tar()),
                rejects(".wh. alone", ".wh.", p -> new TestLayer().whiteout("", "").tar()),
                rejects("whiteout with a / (a whiteout as a directory)", ".wh.d/x",
                        p -> new TestLayer().file(".wh.d/x", "").tar()),
                rejects("whiteout of a whiteout name", ".wh..wh.x", p -> new TestLayer().whiteout("", ".wh.x").tar()),
                rejects("whiteout as a directory entry", ".wh.d/", p -> new TestLayer().dir(".wh.d").tar()),
                rejects("whiteout of a symlink to the probe", ".wh.s",
                        p -> new TestLayer().symlink("s", p + "/f").whiteout("", "s").tar()),
                rejects("opaque marker in a symlinked directory", "s/.wh..wh..opq",
                        p -> new TestLayer().symlink("s", p.toString()).whiteout("s/", ".wh..opq").tar()),
                rejects("newline in an escaping name stays on one line", "../x?y", p -> new TestLayer().file("../x\ny", "x").tar()),
                rejects("the layer root as a file", ".", p -> new TestLayer().file(".", "x").tar()),
                rejects("truncated archive", "big",
                        p -> new TestLayer().file("a", "a").file("big", "x".repeat(10_000)).truncated(4096)),
                rejects("archive cut between two entries", "a",
                        p -> new TestLayer().file("a", "a").file("b", "b").truncated(2048)),
                rejects("archive cut inside a header", "a",
                        p -> new TestLayer().file("a", "a").file("b", "b").truncated(2300)),
                rejects("gzip layer cut short", "big", p -> {
                    byte[] gz = new TestLayer().file("big", noise(100_000)).gzip();
                    return Arrays.copyOf(gz, gz.length / 2);
                }),
                accepts("./ prefixes and empty components", p -> new TestLayer().file("./a", "1").file(".//d//x", "2").tar(),
                        "a f 644 1", "d/ d 755", "d/x f 644 2"),
                accepts("symlinks may point anywhere; they are only links",
                        p -> new TestLayer().symlink("abs", "/etc/passwd").symlink("up", "../../probe/f")
                                .symlink("probe", p.toString()).tar(),
                        "abs -> /etc/passwd", "probe -> PROBE", "up -> ../../probe/f"),
                accepts("setuid bit on a symlink to the probe is not applied to the target",
                        p -> new TestLayer().symlink("s", p + "/f", 04777).tar(), "s -> PROBE/f"),
                accepts("later regular file wins", p -> new TestLayer().file("x", "1").file("x", "2", 0600).tar(),
                        "x f 600 2"),
                accepts("symlink replaced by a symlink", p -> new TestLayer().symlink("x", p.toString()).symlink("x", "b").tar(),
                        "x -> b"),
                accepts("hard link to a file of the layer", p -> new TestLayer().file("d/a", "1").hardlink("b", "d/a").tar(),
                        "b f 644 1", "d/ d 755", "d/a f 644 1"),
                accepts("directory entry after its files keeps them, takes its mode",
                        p -> new TestLayer().file("d/x", "1").dir("d", 0555).tar(), "d/ d 555", "d/x f 644 1"),
                accepts("setuid inside the layer is kept", p -> new TestLayer().file("su", "x", 04755).tar(), "su f 4755 x"),
                accepts("very long names through PAX", p -> new TestLayer().file(LONG, "long").symlink("l", LONG).tar(),
                        "d".repeat(120) + "/ d 755", "d".repeat(120) + "/" + "e".repeat(120) + "/ d 755",
                        LONG + " f 644 long", "l -> " + LONG),
                accepts("unicode names", p -> new TestLayer().file("café/naïve-Ω-日本.txt", "ü").tar(),
                        "café/ d 755", "café/naïve-Ω-日本.txt f 644 ü"),
                accepts("FIFO", p -> new TestLayer().fifo("p").tar(), "p fifo 640"),
                accepts("block and char devices are skipped", p -> new TestLayer()
                        .device("sda", TarConstants.LF_BLK, 8, 0).device("null", TarConstants.LF_CHR, 1, 3).tar()),
                accepts("gzip layer", p -> new TestLayer().file("g", "gz").gzip(), "g f 644 gz"),
                accepts("zstd layer", p -> new TestLayer().file("z", "zst").zstd(), "z f 644 zst"),
                accepts("empty archive (no bytes at all)", p -> new byte[0]),
                accepts("empty tar (only the end blocks)", p -> new TestLayer().tar()),
                acceptsAsRoot("whiteouts become char devices 0/0",
                        p -> new TestLayer().whiteout("", "a").whiteout("d/", "x").tar(),
                        "a whiteout", "d/ d 755", "d/x whiteout"),
                acceptsAsRoot("whiteout of a file created earlier in the layer replaces it",
                        p -> new TestLayer().file("a", "1").whiteout("", "a").tar(), "a whiteout"),
                acceptsAsRoot("opaque marker", p -> new TestLayer().dir("d").whiteout("d/", ".wh..opq").file("d/y", "y").tar(),
                        "d/ d 755 opaque", "d/y f 644 y"));
    }

    /** Letters that do not compress, so a cut compressed stream ends inside the entry's content. */
    private static String noise(int length) {
        Random random = new Random(42);
        StringBuilder s = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            s.append((char) ('a' + random.nextInt(26)));
        }
        return s.toString();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void neverTouchesAnythingOutside(Case c, @TempDir Path tmp) throws IOException {
        if (c.root()) {
            Host.requireRoot();
        }
        Path probe = probe(tmp.resolve("probe"));
        Path layers = Files.createDirectory(tmp.resolve("layers"));
        Path dest = layers.resolve("dest");
        byte[] archive = c.archive().apply(probe);
        Map<String, String> before = snapshot(probe);

        if (c.rejectedEntry() != null) {
            IOException e = assertThrows(IOException.class,
                    () -> new LayerUnpacker().unpack(new ByteArrayInputStream(archive), dest));
            assertTrue(e.getMessage().contains("'" + c.rejectedEntry() + "'"), e.getMessage());
            assertFalse(e.getMessage().contains("\n"), e.getMessage());
            assertEquals(List.of(), list(layers), "no destination and no temp dir is left");
        } else {
            new LayerUnpacker().unpack(new ByteArrayInputStream(archive), dest);
            assertEquals(c.tree(), tree(dest, probe));
            assertEquals(List.of("dest"), list(layers));
        }
        assertEquals(before, snapshot(probe), "the probe outside the destination is unchanged");
        assertEquals(List.of("layers", "probe"), list(tmp));
    }

    @Test
    void appliesModesTimesOwnersAndUserXattrs(@TempDir Path tmp) throws IOException {
        Path dest = tmp.resolve("dest");
        byte[] archive = new TestLayer().file("f", "x", 0640).xattr("user.jtop", "yes")
                .xattr("trusted.overlay.redirect", "/etc").symlink("s", "f").dir("ro", 0500).tar();
        new LayerUnpacker().unpack(new ByteArrayInputStream(archive), dest);

        FileTime mtime = FileTime.from(TestLayer.MTIME);
        assertEquals(mtime, Files.getLastModifiedTime(dest.resolve("f")));
        assertEquals(mtime, Files.getLastModifiedTime(dest.resolve("s"), NOFOLLOW_LINKS));
        assertEquals(mtime, Files.getLastModifiedTime(dest.resolve("ro")));
        assertEquals(0755, mode(dest) & 07777, "a layer without ./ gets a 0755 root");
        UserDefinedFileAttributeView user = Files.getFileAttributeView(dest.resolve("f"), UserDefinedFileAttributeView.class);
        ByteBuffer value = ByteBuffer.allocate(16);
        user.read("jtop", value);
        assertEquals("yes", new String(value.array(), 0, value.position(), StandardCharsets.UTF_8));
        if (Files.getAttribute(dest, "unix:uid").equals(0)) {
            assertEquals(0, Files.getAttribute(dest.resolve("f"), "unix:uid"), "owner from the entry (0)");
        }
    }

    @Test
    void refusesAnExistingDestination(@TempDir Path tmp) throws IOException {
        Path dest = Files.createDirectory(tmp.resolve("dest"));
        byte[] archive = new TestLayer().file("a", "1").tar();
        assertThrows(FileAlreadyExistsException.class,
                () -> new LayerUnpacker().unpack(new ByteArrayInputStream(archive), dest));
        assertEquals(List.of("dest"), list(tmp));
        assertEquals(List.of(), list(dest));
    }

    @Test
    void cleanStaleTempsRemovesOnlyTempDirsAndFollowsNoLink(@TempDir Path tmp) throws IOException {
        Path probe = probe(tmp.resolve("probe"));
        Map<String, String> before = snapshot(probe);
        Path layers = Files.createDirectory(tmp.resolve("layers"));
        Files.createDirectories(layers.resolve(".tmp-1/d"));
        Files.writeString(layers.resolve(".tmp-1/d/f"), "x");
        Files.setPosixFilePermissions(layers.resolve(".tmp-1/d"), PosixFilePermissions.fromString("r-x------"));
        Files.createSymbolicLink(layers.resolve(".tmp-1/escape"), probe);
        Files.createSymbolicLink(layers.resolve(".tmp-link"), probe);
        Files.createDirectory(layers.resolve("sha256-abc"));

        LayerUnpacker.cleanStaleTemps(layers);
        LayerUnpacker.cleanStaleTemps(tmp.resolve("missing"));

        assertEquals(List.of(".tmp-link", "sha256-abc"), list(layers));
        assertEquals(before, snapshot(probe));
    }

    /** A small tree outside the destination that the archives aim at. */
    private static Path probe(Path probe) throws IOException {
        Files.createDirectories(probe.resolve("sub"));
        Files.writeString(probe.resolve("f"), "secret");
        Files.writeString(probe.resolve("passwd"), "root:x:0:0::/root:/bin/sh\n");
        Files.writeString(probe.resolve("sub/g"), "g");
        Files.createSymbolicLink(probe.resolve("link"), Path.of("f"));
        for (String p : new String[] {"f", "passwd", "sub/g", "sub", ""}) {
            Files.setLastModifiedTime(probe.resolve(p), FileTime.fromMillis(1_000_000_000_000L));
        }
        return probe;
    }

    /** Every path below {@code root} with type, mode, owner, size, mtime and content or link target. */
    private static Map<String, String> snapshot(Path root) throws IOException {
        Map<String, String> snap = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                Map<String, Object> a = Files.readAttributes(p, "unix:mode,uid,gid,size,lastModifiedTime,ino", NOFOLLOW_LINKS);
                String content = Files.isSymbolicLink(p) ? Files.readSymbolicLink(p).toString()
                        : Files.isRegularFile(p, NOFOLLOW_LINKS) ? Base64.getEncoder().encodeToString(Files.readAllBytes(p)) : "";
                snap.put(root.relativize(p).toString(), new TreeMap<>(a) + " " + content);
            }
        }
        return snap;
    }

    /** The unpacked tree, one line a path: {@code name f MODE content}, {@code dir/ d MODE}, {@code name -> target}. */
    private static List<String> tree(Path dest, Path probe) throws IOException {
        List<String> lines = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(dest)) {
            for (Path p : (Iterable<Path>) walk.sorted()::iterator) {
                if (p.equals(dest)) {
                    continue;
                }
                String name = dest.relativize(p).toString();
                int mode = mode(p);
                String perms = Integer.toOctalString(mode & 07777);
                switch (mode & 0170000) {
                    case 0120000 -> lines.add(name + " -> " + Files.readSymbolicLink(p).toString().replace(probe.toString(), "PROBE"));
                    case 0040000 -> lines.add(name + "/ d " + perms + (opaque(p) ? " opaque" : ""));
                    case 0100000 -> lines.add(name + " f " + perms + " " + Files.readString(p));
                    case 0010000 -> lines.add(name + " fifo " + perms);
                    case 0020000 -> lines.add(name + ((long) Files.getAttribute(p, "unix:rdev", NOFOLLOW_LINKS) == 0
                            ? " whiteout" : " chr"));
                    default -> lines.add(name + " mode " + Integer.toOctalString(mode));
                }
            }
        }
        return lines;
    }

    private static boolean opaque(Path dir) throws IOException {
        return Arrays.equals(new byte[] {'y'}, Native.lgetxattr(dir.toString(), "trusted.overlay.opaque"));
    }

    private static int mode(Path p) throws IOException {
        return (int) Files.getAttribute(p, "unix:mode", NOFOLLOW_LINKS);
    }

    private static List<String> list(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
