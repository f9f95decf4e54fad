package io.jtop.metrics;

import io.jtop.container.Runtime;

import java.util.List;

/**
 * The capabilities each runtime gives a container by default, so that what a container holds
 * beyond them can be named ({@code +SYS_ADMIN}). These are facts of each runtime's source:
 * Docker's and containerd's are the default set of their OCI spec (moby oci/caps/defaults.go,
 * containerd oci/spec.go); Podman's is default_capabilities of containers.conf (containers/common,
 * Podman 4 and later, without MKNOD, NET_RAW and AUDIT_WRITE); CRI-O's is its default_capabilities;
 * jtop's own is engine.bundle.Capabilities.DEFAULT, which is Docker's set.
 */
final class DefaultCapabilities {
    private static final List<String> DOCKER = List.of("CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_FSETID", "CAP_FOWNER",
            "CAP_MKNOD", "CAP_NET_RAW", "CAP_SETGID", "CAP_SETUID", "CAP_SETFCAP", "CAP_SETPCAP",
            "CAP_NET_BIND_SERVICE", "CAP_SYS_CHROOT", "CAP_KILL", "CAP_AUDIT_WRITE");
    private static final List<String> PODMAN = List.of("CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_FOWNER", "CAP_FSETID",
            "CAP_KILL", "CAP_NET_BIND_SERVICE", "CAP_SETFCAP", "CAP_SETGID", "CAP_SETPCAP", "CAP_SETUID",
            "CAP_SYS_CHROOT");
    private static final List<String> CRIO = List.of("CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_FSETID", "CAP_FOWNER",
            "CAP_SETGID", "CAP_SETUID", "CAP_SETPCAP", "CAP_NET_BIND_SERVICE", "CAP_KILL");

    private DefaultCapabilities() {
    }

    /** The default set of a runtime; Docker's for one whose default jtop does not know. */
    static List<String> of(Runtime runtime) {
        return switch (runtime) {
            case PODMAN -> PODMAN;
            case CRIO -> CRIO;
            default -> DOCKER;
        };
    }

    /** Whose default set {@link #of} gives, as the pane names it. */
    static String whose(Runtime runtime) {
        return switch (runtime) {
            case PODMAN, CRIO, CONTAINERD, JTOP -> runtime.label();
            default -> "docker";
        };
    }
}
