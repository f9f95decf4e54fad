package io.jtop.linux.ns;

import java.util.List;

/** The eight namespace types Linux has, and the parser for the links that name them. */
public final class Namespaces {

    /** Every type, in the order jtop shows them (the names of the files in {@code /proc/<pid>/ns}). */
    public static final List<String> TYPES = List.of("cgroup", "ipc", "mnt", "net", "pid", "time", "user", "uts");

    private Namespaces() {
    }

    /** The inode of a namespace link text such as {@code pid:[4026531836]}, or -1 if garbled. */
    public static long inode(String link) {
        if (link == null) {
            return -1;
        }
        int open = link.indexOf(":[");
        if (open < 0 || !link.endsWith("]")) {
            return -1;
        }
        try {
            return Long.parseLong(link.substring(open + 2, link.length() - 1));
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
