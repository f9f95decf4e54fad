package io.jtop.metrics;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NamespaceSharingTest {

    private static final Map<String, Long> HOST = ns(1, 10, 100);

    /** Two pods: web and sidecar share the pause container's net; solo has its own; hostnet uses the host's. */
    private static final Map<String, Map<String, Long>> ALL = new LinkedHashMap<>();

    static {
        ALL.put("pause", ns(2, 20, 100));
        ALL.put("web", ns(3, 20, 100));
        ALL.put("sidecar", ns(4, 20, 100));
        ALL.put("solo", ns(5, 21, 100));
        ALL.put("hostnet", ns(6, 10, 100));
    }

    /** pid, net, user inodes in the order NamespaceReader gives them. */
    private static Map<String, Long> ns(long pid, long net, long user) {
        Map<String, Long> m = new LinkedHashMap<>();
        m.put("net", net);
        m.put("pid", pid);
        m.put("user", user);
        return m;
    }

    @Test
    void containersOfOnePodShareTheirNetwork() {
        Map<String, NamespaceSharing.Shared> web = NamespaceSharing.of("web", ALL, HOST);
        assertEquals(List.of("net", "pid", "user"), List.copyOf(web.keySet()), "the container's own order");
        assertEquals(new NamespaceSharing.Shared(20L, false, List.of("pause", "sidecar")), web.get("net"));
        assertEquals(new NamespaceSharing.Shared(3L, false, List.of()), web.get("pid"));
    }

    @Test
    void theHostsNamespaceListsTheOtherContainersInItToo() {
        Map<String, NamespaceSharing.Shared> h = NamespaceSharing.of("hostnet", ALL, HOST);
        assertEquals(new NamespaceSharing.Shared(10L, true, List.of()), h.get("net"));
        assertEquals(new NamespaceSharing.Shared(100L, true, List.of("pause", "web", "sidecar", "solo")),
                h.get("user"));
    }

    @Test
    void unreadableInodesMatchNothing() {
        Map<String, Map<String, Long>> all = new LinkedHashMap<>(ALL);
        all.put("hidden", ns(-1, 20, 100));
        all.put("pidless", ns(7, -1, 100));
        Map<String, NamespaceSharing.Shared> hidden = NamespaceSharing.of("hidden", all, HOST);
        assertEquals(new NamespaceSharing.Shared(null, null, List.of()), hidden.get("pid"));
        assertEquals(List.of("pause", "web", "sidecar"), hidden.get("net").others());
        assertTrue(NamespaceSharing.of("web", all, HOST).get("net").others().contains("hidden"));

        Map<String, Long> noHostNet = ns(1, -1, 100);
        assertNull(NamespaceSharing.of("web", all, noHostNet).get("net").sharedWithHost(), "host side unreadable");
    }

    @Test
    void anUnknownIdHasNoNamespaces() {
        assertTrue(NamespaceSharing.of("nope", ALL, HOST).isEmpty());
    }
}
