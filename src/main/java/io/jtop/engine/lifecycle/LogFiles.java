package io.jtop.engine.lifecycle;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * A container's log files: {@code ctr.log}, which conmon writes, and the kept ones of earlier runs,
 * {@code ctr.log.1} (the newest) to {@code ctr.log.N}.
 *
 * <p>conmon 2.1.6 has no rotation. Given {@code --log-size-max}, when an entry would take the file past
 * that size it writes a new empty file {@code ctr.log.tmp}, renames it over {@code ctr.log} and goes
 * on there: what the old file held is deleted. So while one conmon runs, only the output since its last
 * replacement is on disk. jtop keeps older files the one time it can without a process of its own
 * beside each container: when a container starts again, before its new conmon opens the log, the log of
 * the run that ended is rotated to {@code ctr.log.1}, {@code ctr.log.1} to {@code .2}, and so on, and
 * the file past {@code max-file - 1} is deleted. On disk there are then at most {@code max-file} files
 * of at most {@code max-size} bytes each (conmon counts the bytes it writes; a file it starts is empty).
 */
public final class LogFiles {

    public static final String NAME = "ctr.log";

    private LogFiles() {
    }

    /** The current file of the container whose directory is {@code dir}. */
    public static Path current(Path dir) {
        return dir.resolve(NAME);
    }

    /** The kept files, oldest first. */
    public static List<Path> kept(Path dir) throws IOException {
        TreeMap<Integer, Path> byAge = numbered(dir);
        return new ArrayList<>(byAge.descendingMap().values());
    }

    /** {@code ctr.log.N} by N. */
    private static TreeMap<Integer, Path> numbered(Path dir) throws IOException {
        TreeMap<Integer, Path> out = new TreeMap<>();
        // No glob: it compiles a regular expression, on the way to a view's first screen of logs.
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path p : ds) {
                String name = p.getFileName().toString();
                String suffix = name.startsWith(NAME + ".") ? name.substring(NAME.length() + 1) : "";
                if (!suffix.isEmpty() && suffix.length() < 6 && suffix.chars().allMatch(Character::isDigit)) {
                    out.put(Integer.parseInt(suffix), p);
                }
            }
        } catch (NoSuchFileException e) {
            // no directory, no files
        }
        return out;
    }

    /**
     * Before a container starts again: the current file becomes {@code ctr.log.1} and the older ones
     * move up, keeping {@code maxFiles} in all with the new current one; an empty current file is
     * not kept. Renames only, so it needs no free space.
     */
    public static void rotate(Path dir, int maxFiles) throws IOException {
        Path current = current(dir);
        Files.deleteIfExists(dir.resolve(NAME + ".tmp")); // conmon's, if it died between its open and rename
        boolean keep = Files.exists(current) && Files.size(current) > 0;
        TreeMap<Integer, Path> old = numbered(dir);
        int keepOld = keep ? maxFiles - 2 : maxFiles - 1; // how many of the old ones stay
        for (var e : old.descendingMap().entrySet()) {
            if (e.getKey() > keepOld) {
                Files.delete(e.getValue());
            }
        }
        if (!keep) {
            Files.deleteIfExists(current);
            return;
        }
        for (int i = keepOld; i >= 1; i--) {
            Path p = old.get(i);
            if (p != null) {
                Files.move(p, dir.resolve(NAME + "." + (i + 1)), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        if (maxFiles > 1) {
            Files.move(current, dir.resolve(NAME + ".1"), StandardCopyOption.REPLACE_EXISTING);
        } else {
            Files.delete(current);
        }
    }
}
