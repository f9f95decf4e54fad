package io.jtop.backend.discovery;

import io.jtop.container.Runtime;

import java.util.regex.Pattern;

/**
 * Tells from a cgroup path alone whether it is a container's cgroup and whose. Pure: no I/O.
 *
 * <p>Layouts recognised (systemd cgroup driver, then cgroupfs driver):
 * <ul>
 *   <li>Docker: {@code …/docker-<id>.scope}, {@code /docker/<id>}</li>
 *   <li>Podman: {@code …/libpod-<id>.scope}, {@code /libpod_parent/libpod-<id>}; never {@code libpod-conmon-…}</li>
 *   <li>containerd CRI: {@code …/cri-containerd-<id>.scope}; kubelet cgroupfs {@code /kubepods/…/pod<uid>/<id>}</li>
 *   <li>CRI-O: {@code …/crio-<id>.scope}, {@code /crio-<id>}; never {@code crio-conmon-…}</li>
 *   <li>LXC: {@code /lxc.payload.<name>} (LXC ≥ 4), {@code /lxc/<name>} (LXC 3); never {@code lxc.monitor.…}</li>
 *   <li>systemd-nspawn: {@code …/machine.slice/machine-<name>.scope} (registered with machined),
 *       {@code …/machine.slice/systemd-nspawn@<name>.service} ({@code machinectl start}), with systemd's
 *       {@code \x2d} escapes</li>
 *   <li>jtop: {@code /jtop/<id>}</li>
 * </ul>
 *
 * <p>A Docker, containerd or CRI-O container whose parent is a Kubernetes pod's cgroup also tells
 * the pod ({@link Pod}): the kubelet's cgroupfs driver makes {@code /kubepods/pod<uid>} for a
 * guaranteed pod and {@code /kubepods/burstable/pod<uid>}, {@code /kubepods/besteffort/pod<uid>}
 * for the others; its systemd driver makes {@code /kubepods.slice/kubepods-pod<uid>.slice} and
 * {@code /kubepods.slice/kubepods-<qos>.slice/kubepods-<qos>-pod<uid>.slice} with the uid's
 * {@code -} written {@code _} (a {@code -} in a slice name means nesting). Both on cgroup v1 and v2,
 * and wherever the kubelet's {@code kubepods} sits (kind nests it deeper: {@code /kubelet/kubepods/…},
 * {@code /kubelet.slice/kubelet-kubepods.slice/…}).
 */
public final class CgroupPathClassifier {

    private static final Pattern JTOP_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,127}");
    private static final String GUARANTEED = "guaranteed";

    /**
     * A container cgroup: who made it, its id, and where the path tells them its name and the
     * Kubernetes pod it is in.
     */
    public record Match(Runtime runtime, String id, String name, Pod pod) {

        /** A container in no Kubernetes pod. */
        public Match(Runtime runtime, String id, String name) {
            this(runtime, id, name, null);
        }
    }

    /**
     * The Kubernetes pod a container's cgroup sits in.
     *
     * @param qos    {@code guaranteed}, {@code burstable} or {@code besteffort}
     * @param uid    the pod's uid, with its {@code -}
     * @param cgroup the pod's own cgroup path (the container cgroup's parent)
     */
    public record Pod(String qos, String uid, String cgroup) {
    }

    private CgroupPathClassifier() {
    }

    /**
     * The container a cgroup path belongs to, or null if it is not a container's own cgroup. Runs
     * for every cgroup on every tick, so it looks at the last path components with plain string
     * tests, no regular expression on the common paths.
     */
    public static Match classify(String path) {
        Match m = container(path);
        return m == null ? null : inPod(path, m);
    }

    private static Match container(String path) {
        if (path == null || path.length() < 2 || path.charAt(0) != '/') {
            return null;
        }
        int slash = path.lastIndexOf('/');
        String leaf = path.substring(slash + 1);
        int pslash = slash == 0 ? -1 : path.lastIndexOf('/', slash - 1);
        String parent = slash == 0 ? "" : path.substring(pslash + 1, slash);
        boolean topLevel = slash > 0 && pslash == 0; // "/parent/leaf"
        String id;
        if ((id = idBetween(leaf, "docker-", ".scope")) != null) {
            return new Match(Runtime.DOCKER, id, null);
        }
        if (parent.equals("docker") && isId(leaf)) {
            return new Match(Runtime.DOCKER, leaf, null);
        }
        if ((id = idBetween(leaf, "libpod-", ".scope")) != null || (id = idBetween(leaf, "libpod-", "")) != null) {
            return new Match(Runtime.PODMAN, id, null);
        }
        if ((id = idBetween(leaf, "cri-containerd-", ".scope")) != null) {
            return new Match(Runtime.CONTAINERD, id, null);
        }
        if ((id = idBetween(leaf, "crio-", ".scope")) != null || (id = idBetween(leaf, "crio-", "")) != null) {
            return new Match(Runtime.CRIO, id, null);
        }
        if (path.contains("/kubepods") && parent.startsWith("pod") && isId(leaf)) {
            return new Match(Runtime.CONTAINERD, leaf, null);
        }
        if (leaf.startsWith("lxc.payload.") && leaf.length() > "lxc.payload.".length()) {
            String name = leaf.substring("lxc.payload.".length());
            return new Match(Runtime.LXC, name, name);
        }
        if (topLevel && parent.equals("lxc")) {
            return new Match(Runtime.LXC, leaf, leaf);
        }
        if (parent.equals("machine.slice") && ((id = between(leaf, "machine-", ".scope")) != null
                || (id = between(leaf, "systemd-nspawn@", ".service")) != null)) {
            String name = unescapeSystemd(id);
            return new Match(Runtime.NSPAWN, name, name);
        }
        if (topLevel && parent.equals("jtop") && JTOP_ID.matcher(leaf).matches()) {
            return new Match(Runtime.JTOP, leaf, null);
        }
        return null;
    }

    /** The non-empty text in {@code prefix<text>suffix}, or null. */
    private static String between(String leaf, String prefix, String suffix) {
        return leaf.length() > prefix.length() + suffix.length() && leaf.startsWith(prefix) && leaf.endsWith(suffix)
                ? leaf.substring(prefix.length(), leaf.length() - suffix.length()) : null;
    }

    /** The match with the Kubernetes pod its parent cgroup is, if it is one. */
    private static Match inPod(String path, Match m) {
        if (m.runtime() != Runtime.CONTAINERD && m.runtime() != Runtime.CRIO && m.runtime() != Runtime.DOCKER
                || !path.contains("kubepods")) {
            return m;
        }
        int end = path.lastIndexOf('/');
        int start = end <= 0 ? -1 : path.lastIndexOf('/', end - 1);
        if (start < 0) {
            return m;
        }
        String parent = path.substring(start + 1, end);
        String above = component(path, start);
        String qos;
        String uid;
        if (parent.startsWith("pod") && above.equals("kubepods")) { // cgroupfs driver
            qos = GUARANTEED;
            uid = parent.substring("pod".length());
        } else if (parent.startsWith("pod") && isQos(above)
                && component(path, start - above.length() - 1).equals("kubepods")) {
            qos = above;
            uid = parent.substring("pod".length());
        } else if (!parent.endsWith(".slice") || !above.endsWith(".slice")) {
            return m;
        } else if ((qos = sliceQos(above)) != null
                && parent.startsWith(above.substring(0, above.length() - ".slice".length()) + "-pod")) {
            uid = unslice(parent, above.substring(0, above.length() - ".slice".length()) + "-pod"); // systemd driver
        } else {
            return m;
        }
        if (uid.isEmpty()) {
            return m;
        }
        return new Match(m.runtime(), m.id(), m.name(), new Pod(qos, uid, path.substring(0, end)));
    }

    /** The path component that ends at {@code slash}, or "" at the root. */
    private static String component(String path, int slash) {
        return slash <= 0 ? "" : path.substring(path.lastIndexOf('/', slash - 1) + 1, slash);
    }

    /** The pod uid of a systemd slice name {@code <prefix><uid with _>.slice}. */
    private static String unslice(String slice, String prefix) {
        return slice.substring(prefix.length(), slice.length() - ".slice".length()).replace('_', '-');
    }

    /**
     * The QoS class a systemd slice of the kubelet's holds: {@code kubepods.slice} the guaranteed
     * pods, {@code kubepods-<qos>.slice} the others; kind's kubelet prefixes them
     * ({@code kubelet-kubepods.slice}). Null for any other slice.
     */
    private static String sliceQos(String slice) {
        if (isSlice(slice, "kubepods.slice")) {
            return GUARANTEED;
        }
        if (isSlice(slice, "kubepods-burstable.slice")) {
            return "burstable";
        }
        return isSlice(slice, "kubepods-besteffort.slice") ? "besteffort" : null;
    }

    private static boolean isSlice(String slice, String name) {
        return slice.equals(name) || slice.endsWith("-" + name);
    }

    private static boolean isQos(String s) {
        return s.equals("burstable") || s.equals("besteffort");
    }

    /** The 64-hex id in {@code prefix<id>suffix}, or null. */
    private static String idBetween(String leaf, String prefix, String suffix) {
        if (leaf.length() != prefix.length() + 64 + suffix.length() || !leaf.startsWith(prefix)
                || !leaf.endsWith(suffix)) {
            return null;
        }
        String id = leaf.substring(prefix.length(), prefix.length() + 64);
        return isId(id) ? id : null;
    }

    /** 64 lower-case hex digits: the id form of Docker, Podman, containerd and CRI-O. */
    private static boolean isId(String s) {
        if (s.length() != 64) {
            return false;
        }
        for (int i = 0; i < 64; i++) {
            char c = s.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
                return false;
            }
        }
        return true;
    }

    /** Undoes systemd's unit-name escaping ({@code \x2d} → {@code -}); see systemd.unit(5). */
    static String unescapeSystemd(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 3 < s.length() && s.charAt(i + 1) == 'x') {
                try {
                    b.append((char) Integer.parseInt(s.substring(i + 2, i + 4), 16));
                    i += 3;
                    continue;
                } catch (NumberFormatException ignored) {
                    // not an escape: keep the backslash
                }
            }
            b.append(c);
        }
        return b.toString();
    }
}
