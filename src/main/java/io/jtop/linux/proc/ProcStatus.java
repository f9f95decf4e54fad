package io.jtop.linux.proc;

import java.util.ArrayList;
import java.util.List;

/**
 * The fields jtop uses from {@code /proc/<pid>/status}.
 *
 * @param name   command name
 * @param ppid   parent pid
 * @param uid    real uid, -1 if absent
 * @param nspid  the pid in each nested pid namespace, outermost (the reader's) first;
 *               a single entry when the process is in the reader's namespace. Empty before 4.1.
 * @param capEff effective capability mask, -1 if absent
 * @param seccomp    {@code Seccomp:} 0 none, 1 strict, 2 filter; -1 if absent (a kernel without seccomp)
 * @param noNewPrivs {@code NoNewPrivs:} 1 when set, 0 when not, -1 if absent
 * @param capBnd     bounding set: what the process and its children can ever hold; -1 (every bit) if absent
 */
public record ProcStatus(String name, int ppid, int uid, List<Integer> nspid, long capEff, int seccomp,
                         int noNewPrivs, long capBnd) {

    /** A status without the security fields. */
    public ProcStatus(String name, int ppid, int uid, List<Integer> nspid, long capEff) {
        this(name, ppid, uid, nspid, capEff, -1, -1, -1);
    }

    /** Parses a status file; fields that are absent or garbled take their "unknown" value. */
    public static ProcStatus parse(String text) {
        if (text == null || text.isEmpty()) {
            return null;
        }
        String name = null;
        int ppid = -1;
        int uid = -1;
        List<Integer> nspid = new ArrayList<>(2);
        long capEff = -1;
        int seccomp = -1;
        int noNewPrivs = -1;
        long capBnd = -1;
        for (String line : text.split("\n")) {
            int colon = line.indexOf(':');
            if (colon <= 0) {
                continue;
            }
            String key = line.substring(0, colon);
            String value = line.substring(colon + 1).trim();
            try {
                switch (key) {
                    case "Name" -> name = value;
                    case "PPid" -> ppid = Integer.parseInt(value);
                    case "Uid" -> uid = Integer.parseInt(value.split("\\s+")[0]);
                    case "NSpid" -> {
                        List<Integer> levels = new ArrayList<>(2);
                        for (String p : value.split("\\s+")) {
                            levels.add(Integer.parseInt(p));
                        }
                        nspid.addAll(levels); // all levels or none
                    }
                    case "CapEff" -> capEff = Long.parseUnsignedLong(value, 16);
                    case "CapBnd" -> capBnd = Long.parseUnsignedLong(value, 16);
                    case "Seccomp" -> seccomp = Integer.parseInt(value);
                    case "NoNewPrivs" -> noNewPrivs = Integer.parseInt(value);
                    default -> { }
                }
            } catch (NumberFormatException e) {
                // A garbled field stays unknown; the rest of the file is still good.
            }
        }
        return new ProcStatus(name, ppid, uid, List.copyOf(nspid), capEff, seccomp, noNewPrivs, capBnd);
    }

    /** The pid as the container's own pid namespace sees it (last NSpid entry), or -1. */
    public int innermostPid() {
        return nspid.isEmpty() ? -1 : nspid.get(nspid.size() - 1);
    }
}
