package io.jtop.engine.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Parsed image files kept while the file is the same, on a hand-moved clock. */
class ImageFilesTest {

    private static final String ID = "sha256:" + "a".repeat(64);

    @TempDir
    Path dir;

    private final AtomicLong nanos = new AtomicLong();
    private final ImageFiles files = new ImageFiles(nanos::get);

    private Path write(List<String> names) throws IOException {
        Path f = dir.resolve("a.json");
        AtomicFiles.write(f, ImageJson.write(new Image(ID, names, List.of(), ImageConfig.empty(), null, 1)));
        return f;
    }

    @Test
    void aKeptImageIsNotParsedAgainWhileItsFileIsTheSame() throws IOException {
        Path f = write(List.of("bb:latest"));
        Image first = files.read(f, true);
        assertSame(first, files.read(f, true));
        assertSame(first, files.read(f, false), "kept, even where this read would not keep");
    }

    @Test
    void aRewrittenFileIsParsedAgain() throws IOException {
        Path f = write(List.of("bb:latest"));
        files.read(f, true);
        write(List.of("bb:latest", "bb:1")); // renamed into place, as the store writes
        assertEquals(List.of("bb:latest", "bb:1"), files.read(f, true).names());
    }

    @Test
    void aReadThatDoesNotKeepBuildsNothing() throws IOException {
        Path f = write(List.of("bb:latest"));
        assertNotSame(files.read(f, false), files.read(f, false));
    }

    @Test
    void anImageUnusedForLongIsDropped() throws IOException {
        Path f = write(List.of("bb:latest"));
        Image first = files.read(f, true);
        nanos.addAndGet(ImageFiles.UNUSED.toNanos() - 1);
        assertSame(first, files.read(f, true), "used: kept");
        nanos.addAndGet(ImageFiles.UNUSED.toNanos());
        assertNotSame(first, files.read(f, true), "unused for UNUSED: read again");
    }
}
