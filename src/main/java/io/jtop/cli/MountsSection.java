package io.jtop.cli;

import io.jtop.metrics.Mounts;
import io.jtop.text.TerminalText;
import io.jtop.ui.Format;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The Mounts section of {@code jtop inspect}: text and JSON. */
final class MountsSection {

    private MountsSection() {
    }

    static Object json(Mounts mounts) {
        if (mounts == null) {
            return null;
        }
        Map<String, Object> m = new LinkedHashMap<>();
        Mounts.User u = mounts.user();
        Map<String, Object> user = null;
        if (u != null) {
            user = new LinkedHashMap<>();
            user.put("uid", u.uid());
            user.put("gid", u.gid());
            user.put("host_uid", u.hostUid() < 0 ? null : u.hostUid());
            user.put("host_gid", u.hostGid() < 0 ? null : u.hostGid());
            user.put("user_namespace", u.userNs());
        }
        m.put("user", user);
        List<Map<String, Object>> list = new ArrayList<>();
        for (Mounts.Mount x : mounts.mounts()) {
            Map<String, Object> one = new LinkedHashMap<>();
            one.put("destination", x.destination());
            one.put("source", x.hostSource());
            one.put("type", x.fsType());
            one.put("read_only", x.readOnly());
            one.put("propagation", x.propagation());
            one.put("bind", x.bind());
            one.put("source_deleted", x.vanished());
            one.put("owner_uid", x.owner() == null ? null : x.owner().uid());
            one.put("owner_gid", x.owner() == null ? null : x.owner().gid());
            one.put("mode", x.owner() == null ? null : String.format(Locale.ROOT, "%04o", x.owner().mode()));
            one.put("hint", x.hint());
            list.add(one);
        }
        m.put("mounts", list);
        m.put("omitted", mounts.omitted());
        return m;
    }

    static String text(Mounts mounts) {
        StringBuilder b = new StringBuilder("\nMounts\n");
        if (mounts == null) {
            return b.append("  - (no process to read mounts from)\n").toString();
        }
        b.append("  Runs as: ").append(mounts.user() == null ? Format.NONE : mounts.user().text()).append('\n');
        Table t = new Table("  DESTINATION", "SOURCE", "TYPE", "RO", "PROPAGATION", "OWNER");
        List<String> hints = new ArrayList<>();
        for (Mounts.Mount x : mounts.mounts()) {
            t.add("  " + x.destination(), x.hostSource(), x.fsType(), x.readOnly() ? "ro" : "rw", x.propagation(),
                    x.bind() ? Format.text(x.ownerText()) : "");
            if (x.hint() != null) {
                hints.add("  ! " + TerminalText.line(x.destination()) + ": " + TerminalText.line(x.hint()) + "\n");
            }
        }
        b.append(t.render());
        if (mounts.omitted() > 0) {
            b.append("  … and ").append(mounts.omitted()).append(" more mounts not listed\n");
        }
        hints.forEach(b::append);
        return b.toString();
    }
}
