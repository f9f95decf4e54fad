package io.jtop.engine.bundle;

import io.jtop.linux.proc.CapabilityNames;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Linux capabilities by name, Docker's default set, and {@code --cap-add} / {@code --cap-drop}
 * applied the way Docker applies them.
 */
public final class Capabilities {
    /** What {@code --cap-add ALL} and {@code --cap-drop ALL} say. */
    public static final String ALL = "ALL";

    /** Capability names by number (linux/capability.h). */
    private static final List<String> BY_NUMBER = CapabilityNames.BY_NUMBER;

    /** Docker's default set: what a container of root may keep without reaching beyond itself. */
    public static final List<String> DEFAULT = List.of("CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_FSETID", "CAP_FOWNER",
            "CAP_MKNOD", "CAP_NET_RAW", "CAP_SETGID", "CAP_SETUID", "CAP_SETFCAP", "CAP_SETPCAP",
            "CAP_NET_BIND_SERVICE", "CAP_SYS_CHROOT", "CAP_KILL", "CAP_AUDIT_WRITE");

    private Capabilities() {}

    /**
     * A name as the user may write it ({@code sys_admin}, {@code CAP_SYS_ADMIN}, {@code all}) in
     * the form the spec uses ({@code CAP_SYS_ADMIN}, or {@link #ALL}).
     *
     * @throws IllegalArgumentException {@code unknown capability "CAP_X"}
     */
    public static String normalize(String name) {
        String upper = name.strip().toUpperCase(Locale.ROOT);
        if (upper.equals(ALL)) {
            return ALL;
        }
        String cap = upper.startsWith("CAP_") ? upper : "CAP_" + upper;
        if (!BY_NUMBER.contains(cap)) {
            throw new IllegalArgumentException("unknown capability \"" + printable(cap) + "\"");
        }
        return cap;
    }

    /** The capabilities of a mask (bit N is capability N) that jtop can name. */
    static List<String> all(long mask) {
        List<String> all = new ArrayList<>();
        for (int n = 0; n < BY_NUMBER.size(); n++) {
            if ((mask & 1L << n) != 0) {
                all.add(BY_NUMBER.get(n));
            }
        }
        return all;
    }

    /**
     * The container's set: every capability when privileged; else, as Docker does, with
     * {@code --cap-add ALL} every one but those dropped, with {@code --cap-drop ALL} only those
     * added, otherwise the default set less the dropped plus the added. Only what is available is
     * given: a default capability jtop does not hold is left out, an added one is refused.
     *
     * @param add       and {@code drop}: names as {@link #normalize} gives them
     * @param available the capabilities that can be given (bit N is capability N)
     * @throws IllegalArgumentException when a name is one that cannot be given
     */
    static List<String> of(List<String> add, List<String> drop, boolean privileged, long available) {
        List<String> all = all(available);
        if (privileged) {
            return all;
        }
        for (String cap : add) {
            if (!cap.equals(ALL) && !all.contains(cap)) {
                throw new IllegalArgumentException("--cap-add: " + cap
                        + " is not available: the kernel lacks it, or jtop itself does not hold it");
            }
        }
        Set<String> caps = new LinkedHashSet<>();
        List<String> base = add.contains(ALL) ? all : drop.contains(ALL) ? List.of() : DEFAULT;
        for (String c : base) {
            if (!drop.contains(c) && all.contains(c)) {
                caps.add(c);
            }
        }
        if (!add.contains(ALL)) {
            caps.addAll(add);
        }
        return List.copyOf(caps);
    }

    /** A name for a message: letters, digits and '_' are kept, anything else becomes '?'. */
    private static String printable(String s) {
        StringBuilder b = new StringBuilder();
        s.codePoints().limit(64).forEach(c -> b.append(c < 128 && (Character.isLetterOrDigit(c) || c == '_') ? (char) c : '?'));
        return b.toString();
    }
}
