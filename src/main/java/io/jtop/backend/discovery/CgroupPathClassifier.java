package io.jtop.backend.discovery;

import io.jtop.container.Runtime;

import java.util.regex.Matcher;
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
 *   <li>systemd-nspawn: {@code …/machine-<name>.scope} with systemd's {@code \x2d} escapes</li>
 *   <li>jtop: {@code /jtop/<id>}</li>
 * </ul>
 */
public final class CgroupPathClassifier {

    /** A container cgroup: who made it, its id and, where the path tells it, its name. */
    public record Match(Runtime runtime, String id, String name) {
    }

    private static final String HEX = "([0-9a-f]{64})";
    private static final Pattern DOCKER_SCOPE = Pattern.compile("docker-" + HEX + "\\.scope");
    private static final Pattern LIBPOD_SCOPE = Pattern.compile("libpod-" + HEX + "(\\.scope)?");
    private static final Pattern CRI_CONTAINERD = Pattern.compile("cri-containerd-" + HEX + "\\.scope");
    private static final Pattern CRIO = Pattern.compile("crio-" + HEX + "(\\.scope)?");
    private static final Pattern BARE_ID = Pattern.compile(HEX);
    private static final Pattern NSPAWN = Pattern.compile("machine-(.+)\\.scope");
    private static final Pattern JTOP_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,127}");
    private static final Pattern LXC_NAME = Pattern.compile("[^/]+");

    private CgroupPathClassifier() {
    }

    /** The container a cgroup path belongs to, or null if it is not a container's own cgroup. */
    public static Match classify(String path) {
        if (path == null || path.length() < 2) {
            return null;
        }
        String[] parts = path.substring(1).split("/");
        String leaf = parts[parts.length - 1];
        String parent = parts.length >= 2 ? parts[parts.length - 2] : "";
        Matcher m;
        if ((m = DOCKER_SCOPE.matcher(leaf)).matches()) {
            return new Match(Runtime.DOCKER, m.group(1), null);
        }
        if (parent.equals("docker") && (m = BARE_ID.matcher(leaf)).matches()) {
            return new Match(Runtime.DOCKER, m.group(1), null);
        }
        if ((m = LIBPOD_SCOPE.matcher(leaf)).matches()) {
            return new Match(Runtime.PODMAN, m.group(1), null);
        }
        if ((m = CRI_CONTAINERD.matcher(leaf)).matches()) {
            return new Match(Runtime.CONTAINERD, m.group(1), null);
        }
        if ((m = CRIO.matcher(leaf)).matches()) {
            return new Match(Runtime.CRIO, m.group(1), null);
        }
        if (parts[0].startsWith("kubepods") && parent.startsWith("pod") && (m = BARE_ID.matcher(leaf)).matches()) {
            return new Match(Runtime.CONTAINERD, m.group(1), null);
        }
        if (leaf.startsWith("lxc.payload.") && leaf.length() > "lxc.payload.".length()) {
            String name = leaf.substring("lxc.payload.".length());
            return new Match(Runtime.LXC, name, name);
        }
        if (parts.length == 2 && parent.equals("lxc") && LXC_NAME.matcher(leaf).matches()) {
            return new Match(Runtime.LXC, leaf, leaf);
        }
        if (parent.equals("machine.slice") && (m = NSPAWN.matcher(leaf)).matches()) {
            String name = unescapeSystemd(m.group(1));
            return new Match(Runtime.NSPAWN, name, name);
        }
        if (parts.length == 2 && parent.equals("jtop") && JTOP_ID.matcher(leaf).matches()) {
            return new Match(Runtime.JTOP, leaf, null);
        }
        return null;
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
