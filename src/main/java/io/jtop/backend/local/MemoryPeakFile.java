package io.jtop.backend.local;

import io.jtop.engine.image.AtomicFiles;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

import static java.nio.charset.StandardCharsets.US_ASCII;

/**
 * A container's memory high-water mark, kept beside its record once it exited: the cgroup that
 * held the figure is removed with the exit (see LocalRuntime's release), and why it exited names
 * it. A decimal number of bytes; anything else in the file reads as unknown.
 */
final class MemoryPeakFile {

    static final String NAME = "memory.peak";
    /** More than any decimal long: a bigger file is not one jtop wrote. */
    private static final int MAX_BYTES = 32;

    private MemoryPeakFile() {
    }

    /** Keeps the figure in the container's directory; none (null) removes an earlier run's. */
    static void write(Path containerDir, Long peak) throws IOException {
        Path file = containerDir.resolve(NAME);
        if (peak == null || peak <= 0) {
            Files.deleteIfExists(file);
            return;
        }
        AtomicFiles.replace(file, Long.toString(peak).getBytes(US_ASCII));
    }

    /** The figure kept, or null: none, unreadable, a link, or not a positive number. */
    static Long read(Path containerDir) {
        try (InputStream in = Files.newInputStream(containerDir.resolve(NAME), LinkOption.NOFOLLOW_LINKS)) {
            byte[] text = in.readNBytes(MAX_BYTES + 1);
            if (text.length > MAX_BYTES) {
                return null;
            }
            long peak = Long.parseLong(new String(text, US_ASCII).strip());
            return peak > 0 ? peak : null;
        } catch (IOException | NumberFormatException e) {
            return null;
        }
    }
}
