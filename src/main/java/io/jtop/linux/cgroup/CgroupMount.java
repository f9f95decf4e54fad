package io.jtop.linux.cgroup;

import io.jtop.linux.mount.MountInfo;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One cgroup hierarchy as mounted: a v1 controller mount (or co-mount such as {@code cpu,cpuacct},
 * or a named hierarchy such as {@code name=systemd}) or the v2 unified mount.
 *
 * @param controllers v1 controllers or {@code name=…}; empty for cgroup2
 * @param mountPoint  where it is mounted, as the mount table says
 * @param root        which cgroup the mount shows at its mount point ({@code /} unless inside a cgroup namespace)
 * @param v2          whether this is the unified hierarchy
 */
public record CgroupMount(List<String> controllers, String mountPoint, String root, boolean v2) {

    private static final List<String> V1_CONTROLLERS = Arrays.asList(
            "cpu", "cpuacct", "cpuset", "memory", "devices", "freezer", "net_cls", "blkio",
            "perf_event", "net_prio", "hugetlb", "pids", "rdma", "misc");

    /** Every cgroup and cgroup2 mount of a mount table, first one per hierarchy. */
    public static List<CgroupMount> fromMountinfo(String mountinfo) {
        List<CgroupMount> out = new ArrayList<>();
        for (MountInfo m : MountInfo.parse(mountinfo)) {
            if (m.fsType().equals("cgroup2")) {
                out.add(new CgroupMount(List.of(), m.mountPoint(), m.root(), true));
            } else if (m.fsType().equals("cgroup")) {
                List<String> ctl = new ArrayList<>();
                for (String o : m.superOptions().split(",")) {
                    if (o.startsWith("name=") || V1_CONTROLLERS.contains(o)) {
                        ctl.add(o);
                    }
                }
                if (!ctl.isEmpty() && !hierarchyKnown(out, ctl)) {
                    out.add(new CgroupMount(List.copyOf(ctl), m.mountPoint(), m.root(), false));
                }
            }
        }
        return out;
    }

    private static boolean hierarchyKnown(List<CgroupMount> mounts, List<String> controllers) {
        for (CgroupMount c : mounts) {
            if (c.controllers.equals(controllers)) {
                return true;
            }
        }
        return false;
    }

    public boolean has(String controller) {
        return controllers.contains(controller);
    }

    /**
     * The directory of a cgroup, given its path as {@code /proc/<pid>/cgroup} shows it, under an
     * injected host root; null when the path lies outside what this mount shows (a cgroup
     * namespace hides it).
     */
    public Path dir(Path hostRoot, String cgroupPath) {
        String rel;
        if (root.equals("/")) {
            rel = cgroupPath;
        } else if (cgroupPath.equals(root) || cgroupPath.startsWith(root + "/")) {
            rel = cgroupPath.substring(root.length());
        } else {
            return null;
        }
        if (rel.contains("/../") || rel.endsWith("/..")) {
            return null;
        }
        Path mp = hostRoot.resolve(mountPoint.substring(1));
        String r = rel.startsWith("/") ? rel.substring(1) : rel;
        return r.isEmpty() ? mp : mp.resolve(r);
    }

    /** The cgroup path (as /proc shows it) of a directory under this mount. */
    public String pathOf(Path hostRoot, Path dir) {
        Path mp = hostRoot.resolve(mountPoint.substring(1));
        String rel = mp.relativize(dir).toString();
        String base = root.equals("/") ? "" : root;
        return rel.isEmpty() ? (base.isEmpty() ? "/" : base) : base + "/" + rel;
    }
}
