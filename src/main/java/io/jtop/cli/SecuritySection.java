package io.jtop.cli;

import io.jtop.metrics.SecurityPosture;
import io.jtop.ui.SecurityPane;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The Security section of {@code jtop inspect}: the detail view's Security pane as text, and its JSON. */
final class SecuritySection {

    private SecuritySection() {
    }

    /** The section as text, the pane's lines indented under its title. */
    static String text(SecurityPosture p) {
        return Views.section("Security", SecurityPane.lines(p));
    }

    /** The {@code security} object of {@code inspect --json}; null without a running process. */
    static Map<String, Object> json(SecurityPosture p) {
        if (p == null) {
            return null;
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("privileged", p.privileged());
        m.put("capabilities", p.capabilities());
        m.put("capabilities_beyond_default", p.beyondDefault());
        m.put("default_capabilities_of", p.defaultSetOf());
        m.put("seccomp", p.seccomp());
        m.put("no_new_privs", p.noNewPrivs());
        m.put("lsm_label", p.label());
        m.put("root_is_host_root", p.rootIsRoot());
        m.put("uid", p.uid() < 0 ? null : p.uid());
        m.put("engine_sockets", p.engineSockets());
        m.put("writable_kernel_trees", p.writableKernel());
        m.put("devices", p.devices());
        m.put("devices_note", p.devicesNote());
        m.put("flags", p.flags());
        List<Map<String, Object>> findings = new ArrayList<>();
        for (SecurityPosture.Finding f : p.findings()) {
            Map<String, Object> one = new LinkedHashMap<>();
            one.put("flag", f.flag());
            one.put("what", f.what());
            one.put("why", f.why());
            findings.add(one);
        }
        m.put("findings", findings);
        return m;
    }
}
