package io.jtop.backend.discovery;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;

/**
 * The kubelet's pod logs on the node, {@code /var/log/pods/<namespace>_<pod>_<uid>/<container>/<N>.log},
 * where N is the container's attempt: its restart count. Only names are read, never a log. Anyone
 * who can write there could plant a link, so nothing is followed: an entry counts only as the real
 * directory or regular file it is; and no directory is listed beyond {@link #MAX_ENTRIES}.
 */
final class PodLogs {

    static final int MAX_ENTRIES = 4096;

    private final Path root;
    private final Path dir;

    /** The logs under {@code root}: {@code <root>/var/log/pods}. */
    PodLogs(Path root) {
        this.root = root;
        this.dir = root.resolve("var/log/pods");
    }

    /**
     * The pod's directory where its runtime recorded it: an absolute path on the node, or null
     * when it is not one or no directory.
     */
    Path recorded(String absolute) {
        if (absolute == null || !absolute.startsWith("/") || absolute.indexOf('\0') >= 0) {
            return null;
        }
        try {
            Path p = root.resolve(absolute.substring(1)).normalize();
            return p.startsWith(root) && isDirectory(p) ? p : null;
        } catch (InvalidPathException e) {
            return null; // not a path here
        }
    }

    /** The directory of the pod with this uid, or null. */
    Path podByUid(String uid) {
        String suffix = "_" + uid;
        for (Path p : entries(dir)) {
            if (p.getFileName().toString().endsWith(suffix) && isDirectory(p)) {
                return p;
            }
        }
        return null;
    }

    /** The directory of this pod, or null when the names cannot be a directory's or it is none. */
    Path pod(String namespace, String pod, String uid) {
        if (!plain(namespace) || !plain(pod) || !plain(uid)) {
            return null;
        }
        Path p = child(dir, namespace + "_" + pod + "_" + uid);
        return p != null && isDirectory(p) ? p : null;
    }

    /** The names of the pod's container directories. */
    List<String> containers(Path pod) {
        List<String> out = new ArrayList<>();
        for (Path p : entries(pod)) {
            if (isDirectory(p)) {
                out.add(p.getFileName().toString());
            }
        }
        return out;
    }

    /** The highest N of the container's {@code <N>.log} files, or null when it has none (or is no directory). */
    Integer restarts(Path pod, String container) {
        Path c = pod == null ? null : child(pod, container);
        if (c == null || !isDirectory(c)) {
            return null;
        }
        Integer max = null;
        for (Path p : entries(c)) {
            String name = p.getFileName().toString();
            if (name.endsWith(".log")) {
                Integer n = PodRecord.count(name.substring(0, name.length() - ".log".length()));
                if (n != null && (max == null || n > max) && isFile(p)) {
                    max = n;
                }
            }
        }
        return max;
    }

    /**
     * The entry {@code name} of {@code dir}, or null when the name is not one plain path component
     * or cannot be a file name here (text that is not in the file system's encoding).
     */
    static Path child(Path dir, String name) {
        if (!plain(name)) {
            return null;
        }
        try {
            return dir.resolve(name);
        } catch (InvalidPathException e) {
            return null;
        }
    }

    /** A name that is one path component: no separator, not {@code .} or {@code ..}, no NUL. */
    static boolean plain(String s) {
        return s != null && !s.isEmpty() && !s.equals(".") && !s.equals("..") && s.indexOf('/') < 0
                && s.indexOf('\0') < 0;
    }

    private static List<Path> entries(Path d) {
        List<Path> out = new ArrayList<>();
        if (!isDirectory(d)) {
            return out;
        }
        try (DirectoryStream<Path> s = Files.newDirectoryStream(d)) {
            for (Path p : s) {
                if (out.size() >= MAX_ENTRIES) {
                    break;
                }
                out.add(p);
            }
        } catch (IOException | RuntimeException e) {
            // gone or unreadable: it tells nothing
        }
        return out;
    }

    private static boolean isDirectory(Path p) {
        BasicFileAttributes a = attributes(p);
        return a != null && a.isDirectory();
    }

    private static boolean isFile(Path p) {
        BasicFileAttributes a = attributes(p);
        return a != null && a.isRegularFile();
    }

    static BasicFileAttributes attributes(Path p) {
        try {
            return Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
