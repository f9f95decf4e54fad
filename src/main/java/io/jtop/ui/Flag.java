package io.jtop.ui;

import io.jtop.container.Sample;

import java.util.ArrayList;
import java.util.List;

/**
 * A badge of the FLAGS column: something about a container an admin should notice. One list of
 * rules serves the full-screen table (short labels) and {@code jtop ps} (its stable long labels).
 */
public enum Flag {
    HOST_PID("PID", "host-pid", true),
    HOST_NET("NET", "host-net", false),
    HOST_IPC("IPC", "host-ipc", false),
    HOST_UTS("UTS", "host-uts", false),
    PRIVILEGED("PRIV", "privileged", true),
    CAPS("+CAPS", "caps", true),
    NO_SECCOMP("NOSECCOMP", "no-seccomp", true),
    ENGINE_SOCKET("SOCK", "sock", true),
    SYS_WRITABLE("SYSRW", "sys-rw", true),
    ROOT_IS_ROOT("ROOT=ROOT", "root-root", false),
    OOM_KILLED("OOM", "oom", true),
    THROTTLED("THR", "throttled", false),
    MEMORY_NEAR_LIMIT("MEM!", "memory-near-limit", true),
    PIDS_NEAR_LIMIT("PIDS!", "pids-near-limit", true);

    /** Memory ≥ 90% of its limit and pids ≥ 90% of pids.max are "near the limit". */
    public static final double NEAR_LIMIT_PERCENT = 90;
    /**
     * The flags a container's security findings raise (metrics.SecurityPosture labels them alike),
     * but ROOT=ROOT: true of most containers, it comes last, after the flags that are rarer.
     */
    private static final List<Flag> SECURITY = List.of(CAPS, NO_SECCOMP, ENGINE_SOCKET, SYS_WRITABLE);

    private final String badge;
    private final String label;
    private final boolean danger;

    Flag(String badge, String label, boolean danger) {
        this.badge = badge;
        this.label = label;
        this.danger = danger;
    }

    /** Short text for the table, e.g. {@code PID}. */
    public String badge() {
        return badge;
    }

    /** Long text for scripts, e.g. {@code host-pid}. */
    public String label() {
        return label;
    }

    /** Whether it is drawn in the danger style rather than the plain badge style. */
    public boolean danger() {
        return danger;
    }

    /** The flags of a sample, in display order; empty without a sample. */
    public static List<Flag> of(Sample s) {
        List<Flag> out = new ArrayList<>();
        if (s == null) {
            return out;
        }
        if (s.hostNamespaces() != null) {
            for (String ns : s.hostNamespaces()) {
                switch (ns) {
                    case "pid" -> out.add(HOST_PID);
                    case "net" -> out.add(HOST_NET);
                    case "ipc" -> out.add(HOST_IPC);
                    case "uts" -> out.add(HOST_UTS);
                    default -> {
                    }
                }
            }
        }
        if (Boolean.TRUE.equals(s.privileged())) {
            out.add(PRIVILEGED);
        }
        if (s.securityFlags() != null) {
            for (Flag f : SECURITY) {
                if (s.securityFlags().contains(f.label)) {
                    out.add(f);
                }
            }
        }
        if (s.oomKills() != null && s.oomKills() > 0) {
            out.add(OOM_KILLED);
        }
        if (s.cpuThrottledPeriods() != null && s.cpuThrottledPeriods() > 0) {
            out.add(THROTTLED);
        }
        Double mem = s.memoryPercent();
        if (mem != null && mem >= NEAR_LIMIT_PERCENT) {
            out.add(MEMORY_NEAR_LIMIT);
        }
        Double pids = pidsPercent(s);
        if (pids != null && pids >= NEAR_LIMIT_PERCENT) {
            out.add(PIDS_NEAR_LIMIT);
        }
        if (s.securityFlags() != null && s.securityFlags().contains(ROOT_IS_ROOT.label)) {
            out.add(ROOT_IS_ROOT);
        }
        return out;
    }

    /** pids.current as a percentage of pids.max, or null without a limit. */
    public static Double pidsPercent(Sample s) {
        if (s == null || s.pidsCurrent() == null || s.pidsLimit() == null || s.pidsLimit() <= 0) {
            return null;
        }
        return 100.0 * s.pidsCurrent() / s.pidsLimit();
    }
}
