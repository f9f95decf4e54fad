package io.jtop.linux.mount;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The container engines' sockets at their usual host paths, and which of them are sockets on this
 * host: whoever can write to one can start a privileged container, so it is root on the host.
 */
public final class EngineSocketFiles {

    /** Where dockerd, podman's service, containerd and CRI-O listen by default. */
    public static final List<Path> PATHS = List.of(Path.of("/var/run/docker.sock"), Path.of("/run/docker.sock"),
            Path.of("/run/podman/podman.sock"), Path.of("/run/containerd/containerd.sock"),
            Path.of("/run/crio/crio.sock"));

    /** {@code S_IFMT} and {@code S_IFSOCK} of stat(2)'s mode. */
    private static final int TYPE_MASK = 0170000;
    private static final int SOCKET = 0140000;

    /**
     * One socket on the host.
     *
     * @param path   its path with every symbolic link resolved, as the host's mount table names directories
     * @param device {@code major:minor} of the file system holding it, as mountinfo prints it
     */
    public record SocketFile(String path, String device) {
    }

    private EngineSocketFiles() {
    }

    /**
     * The engine sockets present below {@code root} ({@code /} but in tests), each once: a path
     * that is gone, not a socket, or leads out of {@code root} is left out.
     */
    public static List<SocketFile> present(Path root) {
        List<SocketFile> out = new ArrayList<>();
        for (Path p : PATHS) {
            SocketFile s = socket(root, p);
            if (s != null && !out.contains(s)) {
                out.add(s);
            }
        }
        return List.copyOf(out);
    }

    private static SocketFile socket(Path root, Path path) {
        try {
            Path realRoot = root.toRealPath();
            Path real = realRoot.resolve(path.toString().substring(1)).toRealPath();
            if (!real.startsWith(realRoot)) {
                return null;
            }
            Map<String, Object> a = Files.readAttributes(real, "unix:mode,dev", LinkOption.NOFOLLOW_LINKS);
            if ((((Number) a.get("mode")).intValue() & TYPE_MASK) != SOCKET) {
                return null;
            }
            long dev = ((Number) a.get("dev")).longValue();
            return new SocketFile("/" + realRoot.relativize(real), FileOwner.major(dev) + ":" + FileOwner.minor(dev));
        } catch (IOException | InvalidPathException | UnsupportedOperationException | ClassCastException e) {
            return null;
        }
    }
}
