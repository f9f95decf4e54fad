package io.jtop.engine.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import io.jtop.testing.Host;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Unpacked whiteouts and opaque markers do what overlayfs expects, on a real overlay mount. */
class WhiteoutIT {

    @Test
    void overlayHidesWhiteoutsAndOpaqueDirectories(@TempDir Path tmp) throws IOException {
        Host.requireRoot();
        Path layers = Files.createDirectory(tmp.resolve("layers"));
        Path lower = layers.resolve("lower");
        Path upper = layers.resolve("upper");
        new LayerUnpacker().unpack(new ByteArrayInputStream(
                new TestLayer().file("a", "a").file("b", "b").file("d/x", "x").tar()), lower);
        new LayerUnpacker().unpack(new ByteArrayInputStream(
                new TestLayer().whiteout("", "a").whiteout("d/", ".wh..opq").file("d/y", "y").tar()), upper);

        Path scratch = Files.createDirectory(tmp.resolve("scratch"));
        Path work = Files.createDirectory(tmp.resolve("work"));
        Path merged = Files.createDirectory(tmp.resolve("merged"));
        Host.run("mount", "-t", "overlay", "overlay", "-o",
                "lowerdir=" + upper + ":" + lower + ",upperdir=" + scratch + ",workdir=" + work, merged.toString());
        try {
            assertFalse(Files.exists(merged.resolve("a"), LinkOption.NOFOLLOW_LINKS), "a is whited out");
            assertEquals("b", Files.readString(merged.resolve("b")), "b of the lower layer shows through");
            assertEquals(List.of("y"), list(merged.resolve("d")), "d is opaque: x of the lower layer is hidden");
            assertEquals(List.of("b", "d"), list(merged));
        } finally {
            Host.run("umount", merged.toString());
        }
    }

    private static List<String> list(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
