package io.jtop.metrics;

import io.jtop.linux.mount.FileOwner;
import io.jtop.linux.mount.MountInfo;
import io.jtop.linux.proc.Credentials;
import io.jtop.linux.proc.IdMap;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;

/**
 * A container's mounts as its init process sees them, each with where it comes from on the host,
 * and for bind mounts whether the container's user can write there.
 *
 * @param user    who the init process acts as, or null when it is gone
 * @param mounts  at most {@link #MAX_MOUNTS}, in mountinfo's order
 * @param omitted how many more mountinfo listed
 */
public record Mounts(User user, List<Mount> mounts, int omitted) {

    /** More mounts than this are counted, not listed: a container can make thousands. */
    static final int MAX_MOUNTS = 2000;
    /** Pseudo file systems a container gets of its own or shares read-only; never a volume. */
    private static final Set<String> NOT_VOLUMES = Set.of("proc", "sysfs", "cgroup", "cgroup2", "devpts",
            "mqueue", "securityfs", "debugfs", "tracefs", "bpf", "fusectl", "configfs", "pstore", "nsfs");

    /**
     * The process's file-system ids inside the container and on the host.
     *
     * @param hostUid -1 when its user namespace maps no host id to it
     * @param userNs  whether the container has a user namespace of its own
     */
    public record User(long uid, long gid, long hostUid, long hostGid, List<Long> hostGroups, boolean userNs) {

        /** e.g. {@code uid 1000 gid 1000} or {@code uid 0 gid 0 (host 100000:100000)}. */
        public String text() {
            String s = "uid " + uid + " gid " + gid;
            return userNs ? s + " (host " + (hostUid < 0 ? "unmapped" : hostUid) + ":"
                    + (hostGid < 0 ? "unmapped" : hostGid) + ")" : s;
        }
    }

    /**
     * One mount.
     *
     * @param hostSource  the host path it shows (a bind mount's source), or the mount source
     *                    (device, {@code tmpfs}, …) when the host has no path for it
     * @param bind        whether it shows a part of a file system the host has mounted
     * @param vanished    whether the source was deleted on the host (mountinfo's {@code //deleted})
     * @param owner       the host source's owner, or null (not a bind, gone, or not the same file)
     * @param hint        why the container's user cannot write there, or null
     */
    public record Mount(String destination, String hostSource, String fsType, boolean readOnly, String propagation,
                        boolean bind, boolean vanished, FileOwner owner, String hint) {

        /** The host source's {@code uid:gid mode}, e.g. {@code 0:0 0755}; null when not known. */
        public String ownerText() {
            return owner == null ? null : String.format(Locale.ROOT, "%d:%d %04o", owner.uid(), owner.gid(),
                    owner.mode());
        }
    }

    /**
     * Builds the mounts from texts and a stat function, so it is tested without a container.
     *
     * @param container the init process's mountinfo
     * @param host      jtop's own mountinfo: where the host has each file system
     * @param stat      the owner of a host path (absolute), or null
     */
    public static Mounts of(List<MountInfo> container, List<MountInfo> host, Credentials cred, IdMap uids,
                            IdMap gids, Function<String, FileOwner> stat) {
        User user = user(cred, uids, gids);
        List<Mount> out = new ArrayList<>();
        int limit = Math.min(container.size(), MAX_MOUNTS);
        for (int i = 0; i < limit; i++) {
            out.add(mount(container.get(i), host, user, stat));
        }
        return new Mounts(user, List.copyOf(out), container.size() - limit);
    }

    private static User user(Credentials cred, IdMap uids, IdMap gids) {
        if (cred == null) {
            return null;
        }
        List<Long> groups = new ArrayList<>();
        for (long g : cred.groups()) {
            groups.add(gids == null ? g : gids.toHost(g));
        }
        return new User(cred.uid(), cred.gid(), uids == null ? cred.uid() : uids.toHost(cred.uid()),
                gids == null ? cred.gid() : gids.toHost(cred.gid()), List.copyOf(groups),
                uids != null && !uids.identity());
    }

    private static Mount mount(MountInfo m, List<MountInfo> host, User user, Function<String, FileOwner> stat) {
        String root = m.root();
        boolean vanished = root.endsWith("//deleted");
        if (vanished) {
            root = root.substring(0, root.length() - "//deleted".length());
        }
        String hostPath = null;
        if (!m.mountPoint().equals("/") && !NOT_VOLUMES.contains(m.fsType())) {
            hostPath = hostPath(m.device(), root, host);
        }
        boolean bind = hostPath != null;
        FileOwner owner = null;
        if (bind && !vanished) {
            owner = stat.apply(hostPath);
            if (owner != null && !owner.device().equals(m.device())) {
                owner = null; // the host path now shows another file system: not the source
            }
        }
        String hint = bind ? hint(m.mountPoint(), m.readOnly(), vanished, owner, user) : null;
        return new Mount(m.mountPoint(), bind ? hostPath : m.source(), m.fsType(), m.readOnly(),
                m.propagation(), bind, vanished, owner, hint);
    }

    /**
     * The host path of {@code root} of the file system on {@code device}: beneath the host mount of
     * that file system whose root is the longest prefix of it. Null when the host has none.
     */
    static String hostPath(String device, String root, List<MountInfo> host) {
        MountInfo best = null;
        for (MountInfo h : host) {
            if (h.device().equals(device) && under(root, h.root())
                    && (best == null || h.root().length() > best.root().length())) {
                best = h;
            }
        }
        if (best == null) {
            return null;
        }
        String rest = best.root().equals("/") ? root : root.substring(best.root().length());
        if (rest.isEmpty() || rest.equals("/")) {
            return best.mountPoint();
        }
        return best.mountPoint().equals("/") ? rest : best.mountPoint() + rest;
    }

    private static boolean under(String path, String dir) {
        return dir.equals("/") || path.equals(dir) || path.startsWith(dir + "/");
    }

    /**
     * Why the user cannot write at {@code destination}, or null when it can (or we cannot tell).
     * DAC as the kernel applies it (path_resolution(7)): owner bits for the owner, else group bits
     * for the group or a supplementary group, else the other bits; host root passes. Capabilities
     * other than root's and ACLs are not looked at. A bind-mounted file (an engine's
     * {@code /etc/hosts}) is not a volume: only a directory gets the ownership hint.
     */
    static String hint(String destination, boolean readOnly, boolean vanished, FileOwner owner, User user) {
        if (vanished) {
            return "its source was deleted on the host: writes land in a directory nobody else sees";
        }
        if (readOnly) {
            return "mounted read-only: writes will fail";
        }
        if (owner == null || !owner.directory() || user == null) {
            return null;
        }
        if (user.hostUid() < 0) {
            return "container runs as uid " + user.uid() + ", which its user namespace does not map: "
                    + "writes will fail";
        }
        if (user.hostUid() == 0) {
            return null;
        }
        int need = 3; // w, and x to create entries in a directory
        int bits;
        if (owner.uid() == user.hostUid()) {
            bits = (owner.mode() >> 6) & 7;
        } else if (owner.gid() == user.hostGid() || user.hostGroups().contains(owner.gid())) {
            bits = (owner.mode() >> 3) & 7;
        } else {
            bits = owner.mode() & 7;
        }
        if ((bits & need) == need) {
            return null;
        }
        String who = "container runs as uid " + user.uid()
                + (user.userNs() ? " (host uid " + user.hostUid() + ")" : "");
        return String.format(Locale.ROOT, "%s; %s is %d:%d %04o: writes will fail", who, destination,
                owner.uid(), owner.gid(), owner.mode());
    }
}
