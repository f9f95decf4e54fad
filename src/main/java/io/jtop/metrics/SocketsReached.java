package io.jtop.metrics;

import io.jtop.linux.mount.EngineSocketFiles.SocketFile;
import io.jtop.linux.mount.MountInfo;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The host's engine sockets that a container reaches through a bind mount of a directory holding
 * them ({@code -v /run:/host-run} reaches {@code /run/docker.sock} at {@code /host-run/docker.sock}),
 * or of the socket itself. Only the kernel's and the host's files are read: the container's mount
 * table, jtop's own one (where the host has each file system, as {@link Mounts} finds a bind's
 * source) and the sockets on the host; no path inside the container is followed.
 */
final class SocketsReached {

    private SocketsReached() {
    }

    /**
     * Where each socket is seen inside, at most {@link SecurityPosture#MAX_MOUNTS} paths, in the
     * container's mount order.
     *
     * @param container the init process's mountinfo
     * @param host      jtop's own mountinfo
     * @param sockets   the engine sockets present on the host
     */
    static List<String> of(List<MountInfo> container, List<MountInfo> host, List<SocketFile> sockets) {
        List<String> out = new ArrayList<>();
        if (container == null || host == null || sockets == null || sockets.isEmpty()) {
            return out;
        }
        Set<String> devices = sockets.stream().map(SocketFile::device).collect(Collectors.toSet());
        List<MountInfo> hostSide = host.stream().filter(h -> devices.contains(h.device())).toList();
        Map<String, Integer> topmost = null;
        for (int i = 0; i < container.size() && out.size() < SecurityPosture.MAX_MOUNTS; i++) {
            MountInfo m = container.get(i);
            if (!devices.contains(m.device()) || m.root().endsWith("//deleted")) {
                continue;
            }
            String source = Mounts.hostPath(m.device(), m.root(), hostSide);
            if (source == null) {
                continue;
            }
            for (SocketFile s : sockets) {
                String inside = inside(m, source, s);
                if (inside == null || out.contains(inside)) {
                    continue;
                }
                if (topmost == null) {
                    topmost = topmost(container);
                }
                if (visible(inside, topmost) == i) {
                    out.add(inside);
                }
            }
        }
        return out;
    }

    /** The path inside at which mount {@code m}, showing host {@code source}, shows socket {@code s}; or null. */
    private static String inside(MountInfo m, String source, SocketFile s) {
        if (!s.device().equals(m.device())) {
            return null; // another file system is mounted there on the host: not what this mount shows
        }
        String rest;
        if (s.path().equals(source)) {
            rest = "";
        } else if (source.equals("/")) {
            rest = s.path();
        } else if (s.path().startsWith(source + "/")) {
            rest = s.path().substring(source.length());
        } else {
            return null;
        }
        return m.mountPoint().equals("/") ? (rest.isEmpty() ? "/" : rest) : m.mountPoint() + rest;
    }

    /** Each mount point's last mount: the one mounted over the others there. */
    private static Map<String, Integer> topmost(List<MountInfo> container) {
        Map<String, Integer> out = new HashMap<>();
        for (int i = 0; i < container.size(); i++) {
            out.put(container.get(i).mountPoint(), i);
        }
        return out;
    }

    /**
     * The index of the mount a lookup of {@code path} ends in: walking down from {@code /}, a mount
     * on a deeper directory counts only if it was made after the one above it (a later mount over a
     * parent hides what was mounted beneath it).
     */
    private static int visible(String path, Map<String, Integer> topmost) {
        int current = topmost.getOrDefault("/", -1);
        int from = 1;
        while (from <= path.length()) {
            int slash = path.indexOf('/', from);
            String prefix = slash < 0 ? path : path.substring(0, slash);
            Integer at = topmost.get(prefix);
            if (at != null && at > current) {
                current = at;
            }
            if (slash < 0) {
                break;
            }
            from = slash + 1;
        }
        return current;
    }
}
