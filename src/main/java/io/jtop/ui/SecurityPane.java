package io.jtop.ui;

import io.jtop.metrics.SecurityPosture;

import java.util.ArrayList;
import java.util.List;

/**
 * The Security pane's text: a container's confinement as the kernel shows it, then each finding
 * with why it matters. {@code jtop inspect} prints the same lines.
 */
public final class SecurityPane {

    private SecurityPane() {
    }

    /**
     * Its lines. A label or a mount point is a container's text: the pane's drawing and
     * {@code inspect}'s printing escape each line ({@code TerminalText}).
     */
    public static List<String> lines(SecurityPosture p) {
        List<String> out = new ArrayList<>();
        if (p == null) {
            out.add("(no security posture: the container has no running process)");
            return out;
        }
        out.add("privileged    " + yesNo(p.privileged()));
        out.add("capabilities  " + (p.capabilities() == null ? Format.NONE
                : Boolean.TRUE.equals(p.privileged()) ? p.capabilities().size() + " effective: every one the host allows"
                : p.capabilities().size() + " effective" + (p.beyondDefault().isEmpty()
                    ? ", none beyond " + p.defaultSetOf() + "'s default"
                    : ", beyond " + p.defaultSetOf() + "'s default: +" + String.join(" +", p.beyondDefault()))));
        out.add("seccomp       " + Format.text(p.seccomp()) + "    no_new_privs " + yesNo(p.noNewPrivs()));
        out.add("LSM label     " + (p.label() == null ? "(none)" : p.label()));
        out.add("user ns       " + (p.rootIsRoot() == null ? Format.NONE
                : p.rootIsRoot() ? "none: root inside is root on the host" : "remapped: root inside is not root on the host")
                + (p.uid() < 0 ? "" : "; runs as uid " + p.uid()));
        out.add("engine socket " + (p.engineSockets().isEmpty() ? "(none)" : String.join(", ", p.engineSockets())));
        out.add("rw sys/cgroup " + (p.writableKernel().isEmpty() ? "(none)" : String.join(", ", p.writableKernel())));
        out.add("devices       " + (p.devices() == null ? p.devicesNote()
                : p.devices().size() + " rule" + (p.devices().size() == 1 ? "" : "s") + ": "
                    + String.join(", ", p.devices().subList(0, Math.min(8, p.devices().size())))
                    + (p.devices().size() > 8 ? ", …" : "")));
        out.add("");
        if (p.findings().isEmpty()) {
            out.add("nothing stands out");
        }
        for (SecurityPosture.Finding f : p.findings()) {
            out.add("! " + f.what());
            out.add("    " + f.why());
        }
        return out;
    }

    private static String yesNo(Boolean b) {
        return b == null ? Format.NONE : b ? "yes" : "no";
    }
}
