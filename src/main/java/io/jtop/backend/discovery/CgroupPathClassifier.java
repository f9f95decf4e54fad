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
 */
public final class CgroupPathClassifier {

    private static final Pattern JTOP_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,127}");

    /** A container cgroup: who made it, its id and, where the path tells it, its name. */
    public record Match(Runtime runtime, String id, String name) {
    }

    private CgroupPathClassifier() {
    }

    /**
     * The container a cgroup path belongs to, or null if it is not a container's own cgroup. Runs
     * for every cgroup on every tick, so it looks at the last two path components with plain
     * string tests, no regular expression on the common paths.
     */
    public static Match classify(String path) {
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
        if (path.startsWith("/kubepods") && parent.startsWith("pod") && isId(leaf)) {
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
