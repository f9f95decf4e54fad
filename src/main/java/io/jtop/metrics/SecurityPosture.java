package io.jtop.metrics;

import io.jtop.container.Runtime;
import io.jtop.linux.cgroup.DevicesList;
import io.jtop.linux.mount.MountInfo;
import io.jtop.linux.proc.CapabilityNames;
import io.jtop.linux.proc.ProcStatus;
import io.jtop.linux.proc.IdMap;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * What the kernel shows of a container's confinement, read from its init process without entering
 * it, and the findings an admin should see, each with why it matters.
 *
 * @param privileged     every capability the kernel has; null when unreadable
 * @param capabilities   effective capabilities by name; null when unreadable
 * @param beyondDefault  those not in the runtime's default set, without {@code CAP_} ({@code SYS_ADMIN})
 * @param defaultSetOf   whose default set that is ({@code docker}, {@code podman}, …)
 * @param seccomp        {@code none}, {@code strict} or {@code filter}; null when the kernel does not say
 * @param noNewPrivs     whether setuid and file capabilities can no longer raise privileges
 * @param label          AppArmor profile or SELinux context; null when no LSM labels it
 * @param rootIsRoot     whether uid 0 inside is uid 0 on the host (no user namespace remapping)
 * @param uid            the init's real uid inside; -1 when unreadable
 * @param engineSockets  where an engine's socket is inside the container: a bind of the socket, or of a host
 *                       directory holding it ({@code /host-run/docker.sock} for {@code -v /run:/host-run})
 * @param writableKernel {@code /sys} or cgroup mount points mounted read-write
 * @param devices        the v1 device rules; null on v2 or when unreadable (see {@code devicesNote})
 * @param devicesNote    why there is no list, or null
 * @param findings       what stands out, in display order
 */
public record SecurityPosture(Boolean privileged, List<String> capabilities, List<String> beyondDefault,
                              String defaultSetOf, String seccomp, Boolean noNewPrivs, String label,
                              Boolean rootIsRoot, int uid, List<String> engineSockets, List<String> writableKernel,
                              List<String> devices, String devicesNote, List<Finding> findings) {

    /** Socket file names of the engines that a process holding them can drive: root on the host. */
    static final Set<String> ENGINE_SOCKETS = Set.of("docker.sock", "podman.sock", "containerd.sock", "crio.sock");
    /** At most this many mounts are kept and named: a container may mount the same socket 100,000 times. */
    static final int MAX_MOUNTS = 16;
    /** A label longer than this is cut: it is a container's text. */
    static final int MAX_LABEL = 256;

    /**
     * One finding.
     *
     * @param flag the FLAGS label it raises ({@code sock}, {@code no-seccomp}, …), or null for the pane only
     * @param what what was seen
     * @param why  why it matters, one line
     */
    public record Finding(String flag, String what, String why) {
    }

    /** The flag labels of the findings, in order. */
    public List<String> flags() {
        List<String> out = new ArrayList<>();
        for (Finding f : findings) {
            if (f.flag() != null) {
                out.add(f.flag());
            }
        }
        return out;
    }

    /** The mounts that matter here (engine sockets, /sys and cgroup trees), to keep between reads. */
    public static List<MountInfo> relevant(List<MountInfo> mounts) {
        List<MountInfo> out = new ArrayList<>();
        for (MountInfo m : mounts) {
            if (out.size() == MAX_MOUNTS * 2) {
                break;
            }
            if (engineSocket(m) || kernelTree(m)) {
                out.add(m);
            }
        }
        return List.copyOf(out);
    }

    /**
     * The posture from what was read; any piece may be null (unreadable or gone).
     *
     * @param bound   the host's bounding set (-1: every capability); privileged holds all of it
     * @param mounts  the container's mounts: a socket's own bind is found by its name, and the kernel trees
     * @param reached the host's engine sockets it reaches through a bind ({@link SocketsReached}), or null
     * @param devices the v1 device rules, or null
     * @param cgroupV2 whether the host's cgroups are v2 (devices are then a BPF program)
     */
    public static SecurityPosture of(Runtime runtime, ProcStatus status, int capLastCap, long bound, IdMap uidMap,
                                     List<MountInfo> mounts, List<String> reached, String label,
                                     List<String> devices, boolean cgroupV2) {
        List<Finding> findings = new ArrayList<>();
        Boolean privileged = Sampler.privileged(status, capLastCap, bound);
        List<String> caps = status == null || status.capEff() < 0 ? null : CapabilityNames.of(status.capEff());
        List<String> beyond = new ArrayList<>();
        if (caps != null) {
            List<String> defaults = DefaultCapabilities.of(runtime);
            for (String c : caps) {
                if (!defaults.contains(c)) {
                    beyond.add(c.substring("CAP_".length()));
                }
            }
        }
        String whose = DefaultCapabilities.whose(runtime);
        if (Boolean.TRUE.equals(privileged)) {
            findings.add(new Finding(null, "privileged: every capability",
                    "root in it can mount the host's disks, load kernel modules and leave the container"));
        } else if (!beyond.isEmpty()) {
            findings.add(new Finding("caps", "capabilities beyond " + whose + "'s default: +"
                    + String.join(" +", beyond), why(beyond)));
        }
        String seccomp = status == null ? null : switch (status.seccomp()) {
            case 0 -> "none";
            case 1 -> "strict";
            case 2 -> "filter";
            default -> null;
        };
        if ("none".equals(seccomp)) {
            findings.add(new Finding("no-seccomp", "seccomp: none",
                    "every system call reaches the kernel, the rarely used and the exploitable ones included"));
        }
        Boolean nnp = status == null || status.noNewPrivs() < 0 ? null : status.noNewPrivs() == 1;
        if (Boolean.FALSE.equals(nnp)) {
            findings.add(new Finding(null, "no_new_privs: off",
                    "a setuid program inside can still raise a process's privileges"));
        }
        String lsm = label == null ? null : label.length() > MAX_LABEL ? label.substring(0, MAX_LABEL) + "…" : label;
        if (lsm == null || lsm.equals("unconfined")) {
            findings.add(new Finding(null, "AppArmor/SELinux: " + (lsm == null ? "no label" : lsm),
                    "no mandatory access control limits what it does beyond capabilities and seccomp"));
        }
        int uid = status == null ? -1 : status.uid();
        Boolean rootIsRoot = uidMap == null ? null : uidMap.rootIsRoot();
        if (Boolean.TRUE.equals(rootIsRoot) && uid == 0) {
            findings.add(new Finding("root-root", "runs as root, and root inside is root on the host",
                    "no user namespace: a process that escapes is uid 0 on the host"));
        }
        List<String> sockets = new ArrayList<>();
        List<String> writable = new ArrayList<>();
        for (MountInfo m : mounts == null ? List.<MountInfo>of() : mounts) {
            if (engineSocket(m)) {
                if (sockets.size() < MAX_MOUNTS) {
                    sockets.add(m.mountPoint());
                }
            } else if (kernelTree(m) && readWrite(m) && writable.size() < MAX_MOUNTS) {
                writable.add(m.mountPoint());
            }
        }
        for (String r : reached == null ? List.<String>of() : reached) {
            if (sockets.size() < MAX_MOUNTS && !sockets.contains(r)) {
                sockets.add(r);
            }
        }
        if (!sockets.isEmpty()) {
            findings.add(new Finding("sock", "engine socket mounted: " + String.join(", ", sockets),
                    "whoever can write to it can start a privileged container: root on the host"));
        }
        if (!writable.isEmpty()) {
            findings.add(new Finding("sys-rw", "writable kernel tree: " + String.join(", ", writable),
                    "it can change the host's kernel settings or its own cgroup limits"));
        }
        String devicesNote = null;
        if (cgroupV2) {
            devicesNote = "cgroup v2: the allowed devices are a BPF program, not readable as a list";
        } else if (devices == null) {
            devicesNote = "devices.list not readable";
        } else if (DevicesList.allowsAll(devices)) {
            findings.add(new Finding(null, "devices: every device allowed (a *:* rwm)",
                    "it can open the host's disks and memory devices directly"));
        }
        return new SecurityPosture(privileged, caps, List.copyOf(beyond), whose, seccomp, nnp, lsm, rootIsRoot, uid,
                List.copyOf(sockets), List.copyOf(writable), devices, devicesNote, List.copyOf(findings));
    }

    /** Why the extra capabilities matter: the strongest one named. */
    private static String why(List<String> beyond) {
        if (beyond.contains("SYS_ADMIN")) {
            return "SYS_ADMIN allows mount, namespaces and much of the kernel's administration: near root on the host";
        }
        if (beyond.contains("SYS_MODULE")) {
            return "SYS_MODULE loads kernel code";
        }
        if (beyond.contains("SYS_PTRACE")) {
            return "SYS_PTRACE can read and change the memory of other processes it sees";
        }
        if (beyond.contains("NET_ADMIN")) {
            return "NET_ADMIN can change routes and firewall rules of its network namespace";
        }
        return "each capability beyond the default widens what root inside can do to the kernel";
    }

    private static boolean engineSocket(MountInfo m) {
        return ENGINE_SOCKETS.contains(fileName(m.mountPoint())) || ENGINE_SOCKETS.contains(fileName(m.root()));
    }

    private static boolean kernelTree(MountInfo m) {
        return m.mountPoint().equals("/sys") || m.fsType().equals("cgroup") || m.fsType().equals("cgroup2");
    }

    private static boolean readWrite(MountInfo m) {
        return m.options().equals("rw") || m.options().startsWith("rw,");
    }

    private static String fileName(String path) {
        int slash = path.lastIndexOf('/');
        return slash < 0 ? path : path.substring(slash + 1);
    }
}
