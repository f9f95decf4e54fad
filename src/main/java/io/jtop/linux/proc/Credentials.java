package io.jtop.linux.proc;

import java.util.ArrayList;
import java.util.List;

/**
 * Who a process acts as for file access, from the {@code Uid}, {@code Gid} and {@code Groups}
 * lines of {@code /proc/<pid>/status} (proc(5)): the file-system ids (the fourth column) decide
 * access; ids are as the process's own user namespace numbers them.
 *
 * @param uid    file-system uid, -1 if absent
 * @param gid    file-system gid, -1 if absent
 * @param groups supplementary groups
 */
public record Credentials(long uid, long gid, List<Long> groups) {

    /** The process's credentials; null when the text is null (gone). */
    public static Credentials parse(String status) {
        if (status == null) {
            return null;
        }
        long uid = -1;
        long gid = -1;
        List<Long> groups = new ArrayList<>();
        for (String line : status.split("\n")) {
            int colon = line.indexOf(':');
            if (colon < 0) {
                continue;
            }
            String key = line.substring(0, colon);
            String[] f = line.substring(colon + 1).trim().split("\\s+");
            try {
                switch (key) {
                    case "Uid" -> uid = f.length >= 4 ? Long.parseLong(f[3]) : -1;
                    case "Gid" -> gid = f.length >= 4 ? Long.parseLong(f[3]) : -1;
                    case "Groups" -> {
                        for (String g : f) {
                            if (!g.isEmpty()) {
                                groups.add(Long.parseLong(g));
                            }
                        }
                    }
                    default -> {
                    }
                }
            } catch (NumberFormatException e) {
                // a line the kernel did not write: leave the id unknown
            }
        }
        return new Credentials(uid, gid, List.copyOf(groups));
    }
}
