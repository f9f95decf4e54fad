package io.jtop.metrics;

import java.util.List;

/**
 * A container's network as its network namespace shows it, read from {@code /proc/<pid>/net/*}
 * and its own {@code /etc} without entering it ({@link NetworkReader}).
 *
 * @param sharedWithHost true when the container is in the host's network namespace (PID 1's):
 *                       then only the counts of what the host has are given, not its lists
 * @param namespace      the inode of its network namespace, or null when unreadable
 * @param interfaces     interfaces with their addresses and counters
 * @param routes         the main table, IPv4 then IPv6
 * @param listeners      listening TCP sockets and bound UDP sockets, with the process holding each
 * @param resolvConf     its {@code /etc/resolv.conf}
 * @param hosts          its {@code /etc/hosts}
 */
public record Network(boolean sharedWithHost, Long namespace, List<Interface> interfaces, List<Route> routes,
                      List<Listener> listeners, File resolvConf, File hosts) {

    /** One interface: {@code addresses} as {@code address/prefix}; counters since it was created. */
    public record Interface(String name, List<String> addresses, long rxBytes, long rxPackets, long txBytes,
                            long txPackets) {
    }

    /** One route; {@code gateway} null for a destination on the link. */
    public record Route(String destination, String gateway, String iface, int metric, boolean isDefault) {
    }

    /**
     * A listener: {@code proto} tcp, tcp6, udp or udp6; {@code pid} the host PID of a container
     * process holding it and its command, both null when none of the container's processes does
     * (a socket passed to another namespace, or a process that is not ours to look at).
     */
    public record Listener(String proto, String address, int port, long inode, Integer pid, String command) {
    }

    /** A small file of the container: its lines, whether it was cut at the bound, or why it could not be read. */
    public record File(List<String> lines, boolean truncated, String error) {
    }

    /** The default gateways, IPv4 first, as {@code gateway via iface}. */
    public List<String> defaultGateways() {
        return routes.stream().filter(r -> r.isDefault() && r.gateway() != null)
                .map(r -> r.gateway() + " via " + r.iface()).toList();
    }
}
