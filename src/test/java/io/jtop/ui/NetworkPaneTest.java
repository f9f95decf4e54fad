package io.jtop.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jtop.metrics.Network;
import io.jtop.ui.widget.Cells;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/** The network pane's text: a container's own network, the host's, and hostile names from inside. */
class NetworkPaneTest {

    /** A container on a bridge, with a listener held by one of its processes and one held by none. */
    static Network bridged() {
        return new Network(false, 4026532181L,
                List.of(new Network.Interface("lo", List.of("127.0.0.1/8", "::1/128"), 3193, 29, 3193, 29),
                        new Network.Interface("eth0", List.of("172.17.0.2/16"), 230378624, 6428, 290460, 3583)),
                List.of(new Network.Route("0.0.0.0/0", "172.17.0.1", "eth0", 0, true),
                        new Network.Route("172.17.0.0/16", null, "eth0", 0, false)),
                List.of(new Network.Listener("tcp", "0.0.0.0", 80, 5001, 4242, "nginx: master process"),
                        new Network.Listener("udp6", "::", 53, 5002, null, null)),
                new Network.File(List.of("nameserver 10.255.255.53"), false, null),
                new Network.File(List.of("127.0.0.1\tlocalhost", "172.17.0.2\tweb"), false, null));
    }

    @Test
    void aContainersOwnNetwork() {
        List<String> l = NetworkPane.lines(bridged());
        assertEquals("Network namespace 4026532181: its own", l.get(0));
        assertTrue(l.contains("  default gateway: 172.17.0.1 via eth0"), String.join("\n", l));
        assertTrue(l.stream().anyMatch(s -> s.matches("  tcp +0\\.0\\.0\\.0:80 +4242  nginx: master process")), String.join("\n", l));
        assertTrue(l.stream().anyMatch(s -> s.startsWith("  udp6   [::]:53 ") && s.endsWith("(no process of the container holds it)")));
        assertTrue(l.contains("  127.0.0.1       localhost"), String.join("\n", l));
        assertTrue(l.stream().anyMatch(s -> s.startsWith("  eth0       172.17.0.2/16") && s.contains("220MiB")),
                String.join("\n", l));
    }

    @Test
    void theHostsNetworkIsSaidAndNotListed() {
        Network b = bridged();
        Network host = new Network(true, 4026531840L, b.interfaces(), b.routes(), List.of(), b.resolvConf(), b.hosts());
        List<String> l = NetworkPane.lines(host);
        assertEquals("Network namespace 4026531840: THE HOST's (shared with PID 1)", l.get(0));
        assertFalse(l.stream().anyMatch(s -> s.contains("Listening") || s.contains("RX BYTES")), String.join("\n", l));
        assertTrue(l.get(1).contains("2 interfaces and 2 routes"));
    }

    /** What a container can put in its names and files reaches the screen escaped once, on one line each, in its columns. */
    @Test
    void hostileTextIsEscaped() {
        Network b = bridged();
        Network hostile = new Network(false, 1L,
                List.of(new Network.Interface("e\u001b[2Jx", List.of(), 0, 0, 0, 0)), b.routes(),
                List.of(new Network.Listener("tcp", "0.0.0.0", 1, 1, 7, "sh\n\u001b]0;owned\u0007")),
                new Network.File(List.of("nameserver \u001b[31m1.1.1.1"), true, null),
                new Network.File(List.of(), false, "too many symbolic links"));
        List<String> l = NetworkPane.lines(hostile);
        List<String> shown = new ArrayList<>();
        for (String s : l) {
            assertFalse(s.contains("\n"), s);
            shown.add(Cells.clean(s)); // as the view shows each line
        }
        for (String s : shown) {
            assertFalse(s.contains("\u001b") || s.contains("\u0007"), s);
        }
        assertTrue(shown.contains("  nameserver \\x1b[31m1.1.1.1"), String.join("\n", shown));
        assertTrue(shown.stream().anyMatch(s -> s.endsWith("  sh\u2424\\x1b]0;owned\\x07")), String.join("\n", shown));
        String header = shown.get(shown.indexOf("Interfaces") + 1);
        String iface = shown.get(shown.indexOf("Interfaces") + 2);
        assertTrue(iface.startsWith("  e\\x1b[2Jx "), iface);
        assertEquals(header.indexOf("ADDRESSES"), iface.indexOf(" -") + 1, "the address column after an escaped name:\n" + header + "\n" + iface);
        assertTrue(l.contains("/etc/resolv.conf (cut: only its start is shown)"));
        assertTrue(l.contains("/etc/hosts: too many symbolic links"));
    }

    @Test
    void noProcessNoNetwork() {
        assertEquals(List.of("(no process to read the network from: not running?)"), NetworkPane.lines(null));
    }
}
