package io.jtop.linux.proc;

import java.util.ArrayList;
import java.util.List;

/**
 * One line of {@code /proc/<pid>/cgroup}: {@code hierarchy-id:controller-list:path}. On cgroup v2
 * the only line is {@code 0::/path}; on v1 each hierarchy has a line and named hierarchies appear
 * as {@code name=systemd}.
 */
public record ProcCgroup(int hierarchyId, List<String> controllers, String path) {

    /** Parses every well-formed line; garbled lines are skipped. */
    public static List<ProcCgroup> parse(String text) {
        List<ProcCgroup> out = new ArrayList<>();
        if (text == null) {
            return out;
        }
        for (String line : text.split("\n")) {
            int a = line.indexOf(':');
            int b = a < 0 ? -1 : line.indexOf(':', a + 1);
            if (b < 0) {
                continue;
            }
            int id;
            try {
                id = Integer.parseInt(line.substring(0, a));
            } catch (NumberFormatException e) {
                continue;
            }
            String ctl = line.substring(a + 1, b);
            String path = line.substring(b + 1);
            if (!path.startsWith("/")) {
                continue;
            }
            out.add(new ProcCgroup(id, ctl.isEmpty() ? List.of() : List.of(ctl.split(",")), path));
        }
        return out;
    }
}
