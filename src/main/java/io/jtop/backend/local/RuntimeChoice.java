package io.jtop.backend.local;

import io.jtop.engine.image.AtomicFiles;
import io.jtop.engine.lifecycle.ConmonDriver;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/**
 * The OCI runtime a container was created with and its state root, kept in the container's
 * directory (file {@code runtime}: the binary's absolute path, then the root, one a line), so that
 * every later action calls the same runtime with the same root, whichever runtime the jtop that
 * acts was started with.
 *
 * @param binary the runtime's absolute path, e.g. {@code /usr/bin/crun}
 * @param root   its {@code --root}, e.g. {@code /run/jtop/crun}
 */
record RuntimeChoice(Path binary, Path root) {

    static final String FILE = "runtime";
    /** What a container made before the runtime was kept ran with. */
    static final Path RUNC = Path.of("/usr/sbin/runc");

    /** {@code binary} with its root under {@code runDir}: a directory named as the binary's file. */
    static RuntimeChoice of(Path binary, Path runDir) {
        return new RuntimeChoice(binary, ConmonDriver.defaultStateRoot(runDir, binary));
    }

    /** The name messages and {@code inspect} give it: the binary's file name ({@code crun}). */
    String name() {
        return binary.getFileName().toString();
    }

    /**
     * Parses the file's text. A record made before the runtime was kept has no file: runc; one made
     * before the root was kept has the path alone: the root every runtime shared then,
     * {@code runDir/runc}. Anything but absolute paths is corrupt.
     */
    static RuntimeChoice parse(String text, Path runDir) throws IOException {
        List<String> lines = text.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
        if (lines.isEmpty() || lines.size() > 2) {
            throw new IOException("unreadable runtime file: " + lines.size() + " lines");
        }
        Path binary = absolute(lines.get(0));
        Path root = lines.size() == 2 ? absolute(lines.get(1)) : runDir.resolve("runc");
        return new RuntimeChoice(binary, root);
    }

    private static Path absolute(String line) throws IOException {
        if (line.chars().noneMatch(Character::isISOControl)) {
            Path p = Path.of(line);
            if (p.isAbsolute() && p.normalize().equals(p)) {
                return p;
            }
        }
        throw new IOException("unreadable runtime file: not an absolute path");
    }

    /** The choice kept in {@code containerDir}; runc at the old root when none is kept. */
    static RuntimeChoice read(Path containerDir, Path runDir) throws IOException {
        try {
            return parse(Files.readString(containerDir.resolve(FILE), StandardCharsets.UTF_8), runDir);
        } catch (NoSuchFileException e) {
            return new RuntimeChoice(RUNC, runDir.resolve("runc"));
        }
    }

    void write(Path containerDir) throws IOException {
        AtomicFiles.write(containerDir.resolve(FILE), (binary + "\n" + root + "\n").getBytes(StandardCharsets.UTF_8));
    }
}
