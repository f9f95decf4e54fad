package io.jtop.engine.lifecycle;

import io.jtop.engine.image.AtomicFiles;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * How much of a container's output is kept: files of at most {@code maxSize} bytes, at most
 * {@code maxFiles} of them (Docker's {@code --log-opt max-size=…,max-file=…}). What conmon makes of
 * them is in {@link LogFiles}.
 */
public record LogOptions(long maxSize, int maxFiles) {

    /** What a container gets unless told otherwise: 10 MiB × 3. */
    public static final LogOptions DEFAULT = new LogOptions(10L << 20, 3);
    /** The file in a container's directory that keeps its options for its next start. */
    static final String FILE = "log-options";

    public LogOptions {
        if (maxSize <= 0) {
            throw new IllegalArgumentException("max-size must be positive, not " + maxSize);
        }
        if (maxFiles < 1) {
            throw new IllegalArgumentException("max-file must be at least 1, not " + maxFiles);
        }
    }

    /** Writes them into a container's directory (root's alone, as the rest of its files). */
    public void save(Path containerDir) throws IOException {
        AtomicFiles.write(containerDir.resolve(FILE),
                ("max-size=" + maxSize + "\nmax-file=" + maxFiles + "\n").getBytes(StandardCharsets.US_ASCII));
    }

    /**
     * The options saved in a container's directory; {@link #DEFAULT} for a container made before they
     * were saved, or whose file is damaged (a start must not fail on it).
     */
    public static LogOptions load(Path containerDir) throws IOException {
        String text;
        try {
            text = Files.readString(containerDir.resolve(FILE));
        } catch (NoSuchFileException e) {
            return DEFAULT;
        }
        long size = DEFAULT.maxSize();
        int files = DEFAULT.maxFiles();
        try {
            for (String line : text.split("\n")) {
                if (line.startsWith("max-size=")) {
                    size = Long.parseLong(line.substring("max-size=".length()).strip());
                } else if (line.startsWith("max-file=")) {
                    files = Integer.parseInt(line.substring("max-file=".length()).strip());
                }
            }
            return new LogOptions(size, files);
        } catch (IllegalArgumentException e) {
            return DEFAULT;
        }
    }
}
