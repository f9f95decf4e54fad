package io.jtop.linux.ns;

import io.jtop.linux.proc.ProcFs;
import io.jtop.linux.proc.ProcStat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads a process's namespace inodes and compares them with the host's (those of PID 1, or of kthreadd). */
public final class NamespaceReader {

    /** The kernel's thread creator's pid in the host's PID namespace. */
    private static final int KTHREADD = 2;

    private final ProcFs proc;
    private volatile Map<String, Long> host;

    public NamespaceReader(ProcFs proc) {
        this.proc = proc;
    }

    /**
     * Inode per namespace type for a process, in {@link Namespaces#TYPES} order; a type the kernel
     * lacks (time: before 5.6; cgroup: before 4.6) or that we may not read maps to -1.
     */
    public Map<String, Long> inodes(int pid) {
        return inodes(pid, Namespaces.TYPES);
    }

    /** Inode per namespace type, of these types only (one link read each), in their order; -1 as above. */
    public Map<String, Long> inodes(int pid, List<String> types) {
        Map<String, Long> out = new LinkedHashMap<>();
        for (String type : types) {
            out.put(type, Namespaces.inode(proc.nsLink(pid, type)));
        }
        return out;
    }

    /**
     * The host's namespaces: those of PID 1. A type whose link of PID 1 cannot be read (a hardened
     * /proc or a sandbox denies them even to root) is taken from the kernel's thread creator,
     * {@code kthreadd}: the kernel's threads live in the initial namespaces, and it is PID 2 with
     * no parent only in the host's PID namespace. Failing both, the type maps to -1, so that every
     * comparison with it says "unknown": jtop's own namespaces are no stand-in, since jtop may run
     * in a container's and would then take that container, or any that joined it, for the host.
     */
    public Map<String, Long> host() {
        Map<String, Long> h = host;
        if (h == null) {
            h = inodes(1);
            if (h.containsValue(-1L) && isKthreadd(proc.statOnce(KTHREADD))) {
                Map<String, Long> kernel = inodes(KTHREADD);
                h.replaceAll((type, inode) -> inode < 0 ? kernel.get(type) : inode);
            }
            host = h;
        }
        return h;
    }

    private static boolean isKthreadd(ProcStat s) {
        return s != null && s.ppid() == 0 && "kthreadd".equals(s.comm());
    }

    /** Whether a process's namespace of this type is the host's; null when either is unreadable. */
    public Boolean sharedWithHost(Map<String, Long> inodes, String type) {
        long mine = inodes.getOrDefault(type, -1L);
        long theirs = host().getOrDefault(type, -1L);
        if (mine < 0 || theirs < 0) {
            return null;
        }
        return mine == theirs;
    }
}
