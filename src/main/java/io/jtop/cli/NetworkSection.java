package io.jtop.cli;

import io.jtop.metrics.Network;
import io.jtop.ui.NetworkPane;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The Network section of {@code jtop inspect}: the detail view's network pane as text, and its JSON. */
final class NetworkSection {

    private NetworkSection() {
    }

    /** The section as text, the pane's lines indented under its title, each escaped. */
    static String text(Network n) {
        return Views.section("Network", NetworkPane.lines(n));
    }

    /** The {@code network} object of {@code inspect --json}; null when the container has no process. */
    static Map<String, Object> json(Network n) {
        if (n == null) {
            return null;
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("namespace", n.namespace());
        m.put("shared_with_host", n.sharedWithHost());
        List<Map<String, Object>> ifaces = new ArrayList<>();
        for (Network.Interface i : n.interfaces()) {
            Map<String, Object> one = new LinkedHashMap<>();
            one.put("name", i.name());
            one.put("addresses", i.addresses());
            one.put("rx_bytes", i.rxBytes());
            one.put("rx_packets", i.rxPackets());
            one.put("tx_bytes", i.txBytes());
            one.put("tx_packets", i.txPackets());
            ifaces.add(one);
        }
        m.put("interfaces", ifaces);
        List<Map<String, Object>> routes = new ArrayList<>();
        for (Network.Route r : n.routes()) {
            Map<String, Object> one = new LinkedHashMap<>();
            one.put("destination", r.destination());
            one.put("gateway", r.gateway());
            one.put("interface", r.iface());
            one.put("metric", r.metric());
            one.put("default", r.isDefault());
            routes.add(one);
        }
        m.put("routes", routes);
        m.put("default_gateways", n.defaultGateways());
        List<Map<String, Object>> listeners = new ArrayList<>();
        for (Network.Listener l : n.listeners()) {
            Map<String, Object> one = new LinkedHashMap<>();
            one.put("proto", l.proto());
            one.put("address", l.address());
            one.put("port", l.port());
            one.put("inode", l.inode());
            one.put("host_pid", l.pid());
            one.put("command", l.command());
            listeners.add(one);
        }
        m.put("listeners", listeners);
        m.put("resolv_conf", file(n.resolvConf()));
        m.put("hosts", file(n.hosts()));
        return m;
    }

    private static Map<String, Object> file(Network.File f) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("lines", f.lines());
        m.put("truncated", f.truncated());
        m.put("error", f.error());
        return m;
    }
}
