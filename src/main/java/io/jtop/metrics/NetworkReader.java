package io.jtop.metrics;

import io.jtop.linux.cgroup.Cgroup;
import io.jtop.linux.ns.NamespaceReader;
import io.jtop.linux.proc.NetAddresses;
import io.jtop.linux.proc.NetDevices;
import io.jtop.linux.proc.NetRoutes;
import io.jtop.linux.proc.NetSockets;
import io.jtop.linux.proc.ProcFs;
import io.jtop.linux.proc.ProcStatus;
import io.jtop.linux.proc.RootFile;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a container's network ({@link Network}) from the files of its main process's network
 * namespace, for the detail view's network pane (only while it is open) and {@code inspect}.
 */
public final class NetworkReader {

    /** Bytes of resolv.conf and hosts read at most: both are a few lines; a larger one is cut. */
    static final int MAX_ETC_FILE = 64 * 1024;
    /** Lines of resolv.conf and hosts kept at most. */
    static final int MAX_ETC_LINES = 200;
    /** Descriptors of one process looked at for sockets at most. */
    static final int MAX_FDS = 65536;

    private static final String[] SOCKET_FILES = {"tcp", "tcp6", "udp", "udp6"};

    private final ProcFs proc;
    private final Cgroup cgroup;
    private final NamespaceReader namespaces;

    public NetworkReader(ProcFs proc, Cgroup cgroup) {
        this.proc = proc;
        this.cgroup = cgroup;
        this.namespaces = new NamespaceReader(proc);
    }

    /** The network of the process {@code pid} of the container in {@code cgroupPath}; null when it has no process. */
    public Network read(int pid, String cgroupPath) {
        if (pid <= 0) {
            return null;
        }
        Map<String, Long> inodes = namespaces.inodes(pid);
        Long ns = inodes.get("net");
        boolean shared = Boolean.TRUE.equals(namespaces.sharedWithHost(inodes, "net"));
        List<NetRoutes.Route> v4 = NetRoutes.ipv4(proc.netText(pid, "route"));
        List<NetRoutes.Route> v6 = NetRoutes.ipv6(proc.netText(pid, "ipv6_route"));
        List<Network.Interface> ifaces = interfaces(pid, v4);
        List<Network.Route> routes = new ArrayList<>();
        for (NetRoutes.Route r : v4) {
            routes.add(new Network.Route(r.destination(), r.gateway(), r.iface(), r.metric(), r.isDefault()));
        }
        for (NetRoutes.Route r : v6) {
            routes.add(new Network.Route(r.destination(), r.gateway(), r.iface(), r.metric(), r.isDefault()));
        }
        List<Network.Listener> listeners = shared ? List.of() : listeners(pid, cgroupPath);
        return new Network(shared, ns == null || ns < 0 ? null : ns, ifaces, routes, listeners,
                file(pid, "/etc/resolv.conf"), file(pid, "/etc/hosts"));
    }

    private List<Network.Interface> interfaces(int pid, List<NetRoutes.Route> v4) {
        Map<String, List<String>> addrs = new LinkedHashMap<>();
        for (String a : NetAddresses.ipv4Local(proc.netText(pid, "fib_trie"))) {
            NetAddresses.Assigned on = NetAddresses.interfaceOf(a, v4);
            if (on != null) {
                addrs.computeIfAbsent(on.iface(), k -> new ArrayList<>()).add(a + "/" + on.prefix());
            }
        }
        for (NetAddresses.Inet6 a : NetAddresses.ipv6(proc.netText(pid, "if_inet6"))) {
            addrs.computeIfAbsent(a.iface(), k -> new ArrayList<>()).add(a.address() + "/" + a.prefix());
        }
        List<Network.Interface> out = new ArrayList<>();
        for (NetDevices.Device d : NetDevices.parse(proc.netText(pid, "dev"))) {
            out.add(new Network.Interface(d.name(), List.copyOf(addrs.getOrDefault(d.name(), List.of())),
                    d.rxBytes(), d.rxPackets(), d.txBytes(), d.txPackets()));
        }
        return out;
    }

    /** The listeners, each with the first of the container's processes that holds its socket. */
    private List<Network.Listener> listeners(int pid, String cgroupPath) {
        List<NetSockets.Listener> found = new ArrayList<>();
        for (String f : SOCKET_FILES) {
            found.addAll(NetSockets.listeners(proc.netText(pid, f), f));
        }
        Map<Long, Integer> owners = new HashMap<>();
        if (!found.isEmpty()) {
            List<Integer> pids = cgroupPath == null ? List.of(pid) : cgroup.procs(cgroupPath);
            for (int p : pids.isEmpty() ? List.of(pid) : pids) {
                for (long inode : proc.socketInodes(p, MAX_FDS)) {
                    owners.putIfAbsent(inode, p);
                }
            }
        }
        Map<Integer, String> commands = new HashMap<>();
        List<Network.Listener> out = new ArrayList<>();
        for (NetSockets.Listener l : found) {
            Integer owner = owners.get(l.inode());
            String command = owner == null ? null : commands.computeIfAbsent(owner, this::command);
            out.add(new Network.Listener(l.proto(), l.address(), l.port(), l.inode(), owner, command));
        }
        out.sort((a, b) -> a.port() != b.port() ? Integer.compare(a.port(), b.port()) : a.proto().compareTo(b.proto()));
        return out;
    }

    private String command(int pid) {
        ProcStatus st = proc.status(pid);
        return ProcessNames.command(proc.cmdline(pid), st == null ? null : st.name());
    }

    private Network.File file(int pid, String path) {
        RootFile.Content c = RootFile.read(proc.root(pid), path, MAX_ETC_FILE);
        if (c.error() != null) {
            return new Network.File(List.of(), false, c.error());
        }
        List<String> lines = new ArrayList<>();
        boolean cut = c.truncated();
        for (String line : c.text().split("\n", -1)) {
            if (lines.size() >= MAX_ETC_LINES) {
                cut = true;
                break;
            }
            lines.add(line);
        }
        if (!lines.isEmpty() && lines.get(lines.size() - 1).isEmpty()) {
            lines.remove(lines.size() - 1);
        }
        return new Network.File(List.copyOf(lines), cut, null);
    }
}
