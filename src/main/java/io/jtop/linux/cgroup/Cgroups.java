package io.jtop.linux.cgroup;

import io.jtop.linux.proc.KernelFiles;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Chooses the cgroup reader once, from the mount table. */
public final class Cgroups {

    /** v1 hierarchies to walk for containers, best first: runtimes put containers in all of them. */
    private static final List<String> WALK_ORDER = List.of("memory", "pids", "cpuacct", "cpu", "name=systemd");

    private Cgroups() {
    }

    /**
     * Opens the host's cgroup tree under {@code hostRoot}, reading the mount table from
     * {@code hostRoot/proc/self/mountinfo}.
     *
     * @throws IllegalStateException when no cgroup filesystem is mounted
     */
    public static Cgroup open(Path hostRoot, KernelFiles files) {
        String mountinfo = files.readOnce(hostRoot.resolve("proc/self/mountinfo"));
        return open(hostRoot, files, mountinfo);
    }

    static Cgroup open(Path hostRoot, KernelFiles files, String mountinfo) {
        // Loops, not streams: this runs once, cold, while the screen's first frame waits, and each
        // stream's lambdas are linked on their first run.
        CgroupMount unified = null;
        List<CgroupMount> v1 = new ArrayList<>();
        boolean v1Resources = false;
        for (CgroupMount m : CgroupMount.fromMountinfo(mountinfo)) {
            if (!m.v2()) {
                v1.add(m);
                v1Resources |= m.has("memory") || m.has("cpuacct");
            } else if (unified == null) {
                unified = m;
            }
        }
        // A hybrid host (systemd's default before v2) mounts an almost empty cgroup2 beside the
        // v1 controllers: it is v2 only if the unified hierarchy holds the resource controllers.
        if (unified != null && (!v1Resources || hasResourceControllers(hostRoot, unified))) {
            return new CgroupV2(hostRoot, files, List.of(unified), unified);
        }
        for (String c : WALK_ORDER) {
            for (CgroupMount m : v1) {
                if (m.has(c)) {
                    return new CgroupV1(hostRoot, files, v1, m, unified);
                }
            }
        }
        throw new IllegalStateException("no cgroup filesystem is mounted (looked for cgroup and cgroup2 in "
                + hostRoot.resolve("proc/self/mountinfo") + ")");
    }

    private static boolean hasResourceControllers(Path hostRoot, CgroupMount unified) {
        Path dir = unified.dir(hostRoot, unified.root());
        try {
            String ctl = dir == null ? "" : Files.readString(dir.resolve("cgroup.controllers"));
            return (" " + ctl.trim() + " ").contains(" memory ");
        } catch (Exception e) {
            return false;
        }
    }
}
