package io.jtop.ui;

import io.jtop.metrics.Network;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The text of the detail view's network pane, also the Network section of {@code jtop inspect}:
 * interfaces with addresses and counters, routes and default gateway, listeners with the process
 * holding each, and the container's resolv.conf and hosts. A name or line from the container is
 * left as it is but for its line breaks ({@link PaneText}): the view escapes what it shows, and
 * {@code inspect} escapes each line it prints, once. A container in the host's network namespace
 * is said to be so, with counts only: the host's own tools list the host's sockets.
 */
public final class NetworkPane {

    private NetworkPane() {
    }

    public static List<String> lines(Network n) {
        List<String> out = new ArrayList<>();
        if (n == null) {
            out.add("(no process to read the network from: not running?)");
            return out;
        }
        String ns = n.namespace() == null ? "?" : n.namespace().toString();
        if (n.sharedWithHost()) {
            out.add("Network namespace " + ns + ": THE HOST's (shared with PID 1)");
            out.add("  The container sees the host's " + n.interfaces().size() + " interfaces and "
                    + n.routes().size() + " routes and can listen on any host port;");
            out.add("  its sockets are the host's: list them with the host's tools (ss -ltnup).");
            gateways(out, n);
            files(out, n);
            return out;
        }
        out.add("Network namespace " + ns + ": its own");
        out.add("");
        out.add("Interfaces");
        out.add(String.format(Locale.ROOT, "  %-10s %-24s %9s %7s %9s %7s", "NAME", "ADDRESSES",
                "RX BYTES", "RX PKTS", "TX BYTES", "TX PKTS"));
        for (Network.Interface i : n.interfaces()) {
            List<String> addrs = i.addresses().isEmpty() ? List.of("-") : i.addresses();
            out.add(String.format(Locale.ROOT, "  %s %-24s %9s %7d %9s %7d", PaneText.cell(i.name(), 10),
                    addrs.get(0), Format.bytes(i.rxBytes()), i.rxPackets(), Format.bytes(i.txBytes()), i.txPackets()));
            for (String a : addrs.subList(1, addrs.size())) {
                out.add(String.format(Locale.ROOT, "  %-10s %s", "", a));
            }
        }
        if (n.interfaces().isEmpty()) {
            out.add("  (none readable)");
        }
        out.add("");
        out.add("Routes");
        gateways(out, n);
        out.add(String.format(Locale.ROOT, "  %-24s %-24s %-12s %s", "DESTINATION", "GATEWAY", "IFACE", "METRIC"));
        for (Network.Route r : n.routes()) {
            out.add(String.format(Locale.ROOT, "  %-24s %-24s %s %d", r.isDefault() ? "default" : r.destination(),
                    r.gateway() == null ? "(on link)" : r.gateway(), PaneText.cell(r.iface(), 12), r.metric()));
        }
        if (n.routes().isEmpty()) {
            out.add("  (none: no network but loopback)");
        }
        out.add("");
        out.add("Listening");
        out.add(String.format(Locale.ROOT, "  %-6s %-28s %8s  %s", "PROTO", "ADDRESS:PORT", "PID", "COMMAND"));
        for (Network.Listener l : n.listeners()) {
            out.add(String.format(Locale.ROOT, "  %-6s %-28s %8s  %s", l.proto(), endpoint(l),
                    l.pid() == null ? "-" : l.pid().toString(),
                    l.command() == null ? "(no process of the container holds it)" : PaneText.oneLine(l.command())));
        }
        if (n.listeners().isEmpty()) {
            out.add("  (nothing listens)");
        }
        files(out, n);
        return out;
    }

    /** {@code address:port}, an IPv6 address in brackets. */
    static String endpoint(Network.Listener l) {
        return (l.address().contains(":") ? "[" + l.address() + "]" : l.address()) + ":" + l.port();
    }

    /** Tabs (hosts aligns its columns with them) as spaces to the next multiple of 8, as a terminal shows them. */
    static String expandTabs(String line) {
        if (line.indexOf('\t') < 0) {
            return line;
        }
        StringBuilder b = new StringBuilder();
        for (int k = 0; k < line.length(); k++) {
            char ch = line.charAt(k);
            if (ch == '\t') {
                b.append(" ".repeat(8 - b.length() % 8));
            } else {
                b.append(ch);
            }
        }
        return b.toString();
    }

    private static void gateways(List<String> out, Network n) {
        List<String> g = n.defaultGateways();
        out.add("  default gateway: " + (g.isEmpty() ? "none" : PaneText.oneLine(String.join(", ", g))));
    }

    private static void files(List<String> out, Network n) {
        file(out, "/etc/resolv.conf", n.resolvConf());
        file(out, "/etc/hosts", n.hosts());
    }

    private static void file(List<String> out, String name, Network.File f) {
        out.add("");
        if (f.error() != null) {
            out.add(name + ": " + PaneText.oneLine(f.error()));
            return;
        }
        out.add(name + (f.truncated() ? " (cut: only its start is shown)" : ""));
        for (String line : f.lines()) {
            out.add("  " + PaneText.oneLine(expandTabs(line)));
        }
        if (f.lines().isEmpty()) {
            out.add("  (empty)");
        }
    }
}
