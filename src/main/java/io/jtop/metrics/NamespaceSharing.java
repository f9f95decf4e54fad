package io.jtop.metrics;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which namespaces a container shares, with the host and with other containers (e.g. the
 * containers of one pod share net, ipc and uts with its pause container). Pure: the caller reads
 * the inodes ({@code NamespaceReader.inodes(pid)} per container, {@code NamespaceReader.host()}).
 *
 * <p>An inode that is null or negative (unreadable, or a type the kernel lacks) matches nothing.
 */
public final class NamespaceSharing {

    private NamespaceSharing() {
    }

    /**
     * One namespace of the container.
     *
     * @param inode          its inode, or null when unreadable
     * @param sharedWithHost whether the host (PID 1) is in it; null when either side is unreadable
     * @param others         ids of the other containers in the same namespace, in the order of the
     *                       caller's map; when the namespace is the host's these are the other
     *                       containers that also run in the host's
     */
    public record Shared(Long inode, Boolean sharedWithHost, List<String> others) {
    }

    /**
     * Sharing of each namespace type of container {@code id}, in the order of its own inode map.
     *
     * @param id          the container asked about
     * @param inodesById  namespace type → inode, per container id (the asked one included)
     * @param hostInodes  the host's namespace type → inode
     * @return type → sharing; empty when {@code id} has no inodes in the map
     */
    public static Map<String, Shared> of(String id, Map<String, Map<String, Long>> inodesById,
                                         Map<String, Long> hostInodes) {
        Map<String, Shared> out = new LinkedHashMap<>();
        Map<String, Long> mine = inodesById.get(id);
        if (mine == null) {
            return out;
        }
        mine.forEach((type, inode) -> {
            if (!known(inode)) {
                out.put(type, new Shared(null, null, List.of()));
                return;
            }
            Long host = hostInodes.get(type);
            List<String> others = new ArrayList<>();
            inodesById.forEach((other, theirs) -> {
                if (!other.equals(id) && inode.equals(theirs.get(type))) {
                    others.add(other);
                }
            });
            out.put(type, new Shared(inode, known(host) ? inode.equals(host) : null, List.copyOf(others)));
        });
        return out;
    }

    private static boolean known(Long inode) {
        return inode != null && inode >= 0;
    }
}
