package io.jtop.engine.bundle;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A seccomp profile before it meets a container: rules that hold only with some capabilities, on
 * some architectures or from some kernel on, as in Docker's profiles. {@link #resolve} keeps the
 * rules whose conditions hold and gives the OCI section the runtime applies.
 *
 * <p>Two readers make one: {@link SeccompText} (jtop's own format, its default profile) and
 * {@link DockerSeccomp} (Docker's JSON, for {@code --security-opt seccomp=FILE}); the conditions are
 * judged here alone, the way moby judges them.
 *
 * <p>Architectures have two kinds of name: the native one a condition or {@link #archMap} key
 * names (OCI's name without {@code SCMP_ARCH_}, in lower case: {@code x86_64}, {@code aarch64}),
 * and the {@code SCMP_ARCH_*} names of the filter itself.
 *
 * @param defaultAction null only in an empty Docker profile, which means no filter at all
 * @param archMap       native architecture to the filter's architectures, native first
 * @param architectures the filter's architectures whatever the native one (Docker's older form);
 *                      empty to take them from {@code archMap}
 */
public record SeccompProfile(Action defaultAction, Map<String, List<String>> archMap, List<String> architectures,
        List<String> flags, String listenerPath, String listenerMetadata, List<Rule> rules) {

    /** The actions runc and crun know. */
    static final Set<String> ACTIONS = Set.of("SCMP_ACT_KILL", "SCMP_ACT_KILL_THREAD", "SCMP_ACT_KILL_PROCESS",
            "SCMP_ACT_TRAP", "SCMP_ACT_ERRNO", "SCMP_ACT_TRACE", "SCMP_ACT_ALLOW", "SCMP_ACT_LOG", "SCMP_ACT_NOTIFY");

    /** The argument comparisons runc and crun know. */
    static final Set<String> OPERATORS = Set.of("SCMP_CMP_NE", "SCMP_CMP_LT", "SCMP_CMP_LE", "SCMP_CMP_EQ",
            "SCMP_CMP_GE", "SCMP_CMP_GT", "SCMP_CMP_MASKED_EQ");

    /** A call's fate: an {@code SCMP_ACT_*} name, and the errno it returns (null: the runtime's EPERM). */
    public record Action(String name, Long errno) {
        public static final Action ALLOW = new Action("SCMP_ACT_ALLOW", null);
    }

    /** {@code names} get {@code action} when {@code args} hold, if {@code includes} holds and {@code excludes} does not. */
    public record Rule(List<String> names, Action action, List<Spec.SeccompArg> args, Filter includes, Filter excludes) {
        public Rule {
            names = List.copyOf(names);
            args = List.copyOf(args);
        }
    }

    /**
     * Conditions on the container and the host, as Docker's {@code includes} and {@code excludes}:
     * in {@code includes} every capability must be held, the native architecture be one of
     * {@code arches}, the kernel at least {@code minKernel}; in {@code excludes} any one of them
     * that holds drops the rule. Empty lists and a null kernel say nothing.
     */
    public record Filter(List<String> caps, List<String> arches, Kernel minKernel) {
        public static final Filter NONE = new Filter(List.of(), List.of(), null);

        public Filter {
            caps = List.copyOf(caps);
            arches = List.copyOf(arches);
        }

        boolean isEmpty() {
            return caps.isEmpty() && arches.isEmpty() && minKernel == null;
        }
    }

    /** A kernel version as Docker's conditions compare it: major and minor, the rest ignored. */
    public record Kernel(int major, int minor) implements Comparable<Kernel> {
        @Override
        public int compareTo(Kernel o) {
            return major != o.major ? Integer.compare(major, o.major) : Integer.compare(minor, o.minor);
        }

        /** {@code X.Y}, as a profile writes it. */
        public static Kernel parse(String text) {
            String[] p = text.split("\\.", -1);
            try {
                if (p.length == 2) {
                    Kernel k = new Kernel(Integer.parseInt(p[0]), Integer.parseInt(p[1]));
                    if (k.major >= 0 && k.minor >= 0 && (k.major > 0 || k.minor > 0)) {
                        return k;
                    }
                }
            } catch (NumberFormatException e) {
                // said below
            }
            throw new IllegalArgumentException("kernel version '" + text + "' is not MAJOR.MINOR");
        }

        /** The leading {@code X.Y} of a release such as {@code 6.1.0-13-amd64}; 0.0 when it has none. */
        public static Kernel ofRelease(String release) {
            int[] n = new int[2];
            int i = 0;
            for (int part = 0; part < 2; part++) {
                int start = i;
                while (i < release.length() && Character.isDigit(release.charAt(i)) && i - start < 6) {
                    n[part] = n[part] * 10 + (release.charAt(i++) - '0');
                }
                if (i == start || part == 0 && (i >= release.length() || release.charAt(i++) != '.')) {
                    return new Kernel(0, 0);
                }
            }
            return new Kernel(n[0], n[1]);
        }

        @Override
        public String toString() {
            return major + "." + minor;
        }
    }

    public SeccompProfile {
        archMap = Map.copyOf(archMap);
        architectures = List.copyOf(architectures);
        flags = List.copyOf(flags);
        rules = List.copyOf(rules);
    }

    /** The native architecture's name for the JVM's {@code os.arch}: {@code amd64} is {@code x86_64}. */
    public static String nativeArch(String osArch) {
        return switch (osArch) {
            case "amd64", "x86_64" -> "x86_64";
            case "x86", "i386", "i486", "i586", "i686" -> "x86";
            default -> osArch.toLowerCase(Locale.ROOT);
        };
    }

    /** Whether the profile says which architectures to filter on {@code nativeArch}. */
    public boolean covers(String nativeArch) {
        return !architectures.isEmpty() || archMap.containsKey(nativeArch);
    }

    /**
     * The OCI section for a container with these (bounding) capabilities, {@code CAP_*} names, on
     * this architecture and kernel; null for an empty Docker profile, which means no filter.
     */
    public Spec.Seccomp resolve(String nativeArch, Collection<String> capabilities, Kernel kernel) {
        if (defaultAction == null && rules.isEmpty()) {
            return null;
        }
        List<Spec.Syscall> syscalls = new ArrayList<>();
        for (Rule r : rules) {
            if (includes(r.includes(), nativeArch, capabilities, kernel)
                    && !excludes(r.excludes(), nativeArch, capabilities, kernel)) {
                syscalls.add(new Spec.Syscall(r.names(), r.action().name(), r.action().errno(),
                        r.args().isEmpty() ? null : r.args()));
            }
        }
        List<String> arches = !architectures.isEmpty() ? architectures : archMap.get(nativeArch);
        return new Spec.Seccomp(defaultAction == null ? null : defaultAction.name(),
                defaultAction == null ? null : defaultAction.errno(), arches, flags.isEmpty() ? null : flags,
                listenerPath, listenerMetadata, syscalls);
    }

    private static boolean includes(Filter f, String arch, Collection<String> caps, Kernel kernel) {
        return caps.containsAll(f.caps())
                && (f.arches().isEmpty() || f.arches().contains(arch))
                && (f.minKernel() == null || kernel.compareTo(f.minKernel()) >= 0);
    }

    private static boolean excludes(Filter f, String arch, Collection<String> caps, Kernel kernel) {
        for (String cap : f.caps()) {
            if (caps.contains(cap)) {
                return true;
            }
        }
        return f.arches().contains(arch)
                || f.minKernel() != null && kernel.compareTo(f.minKernel()) >= 0;
    }
}
