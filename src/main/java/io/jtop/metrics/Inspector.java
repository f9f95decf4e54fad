package io.jtop.metrics;

import io.jtop.container.Container;
import io.jtop.container.Sample;
import io.jtop.linux.cgroup.Cgroup;
import io.jtop.linux.mount.EngineSocketFiles;
import io.jtop.linux.mount.FileOwner;
import io.jtop.linux.cgroup.DevicesList;
import io.jtop.linux.mount.MountInfo;
import io.jtop.linux.mount.OverlayOptions;
import io.jtop.linux.ns.NamespaceReader;
import io.jtop.linux.proc.ProcFs;
import io.jtop.linux.proc.ProcStat;
import io.jtop.linux.proc.ProcStatus;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads the kernel's view of one container for {@code jtop inspect} and the detail view. */
public final class Inspector {

    private final Path hostRoot;
    private final Cgroup cgroup;
    private final ProcFs proc;
    private final NamespaceReader namespaces;
    private final ProcessNames names;
    private final NetworkReader network;

    /** Users are named by the host's name service ({@link ProcessNames}), whatever {@code hostRoot} is. */
    public Inspector(Path hostRoot, Cgroup cgroup, ProcFs proc) {
        this.hostRoot = hostRoot;
        this.cgroup = cgroup;
        this.proc = proc;
        this.namespaces = new NamespaceReader(proc);
        this.names = new ProcessNames();
        this.network = new NetworkReader(proc, cgroup);
    }

    /** Everything there is to know of a container, its security posture included (inspect). */
    public Inspection inspect(Container c, Sample sample) {
        return inspect(c, sample, true);
    }

    /**
     * Everything there is to know of a container; its security posture (LSM label, user id map,
     * mounts, devices) only when {@code security} is asked for: the detail view reads it while its
     * pane is open, not at every tick of the others.
     */
    public Inspection inspect(Container c, Sample sample, boolean security) {
        Map<String, Inspection.Namespace> ns = new LinkedHashMap<>();
        Boolean privileged = null;
        Inspection.RootFs root = null;
        SecurityPosture posture = null;
        if (c.pid() > 0) {
            Map<String, Long> inodes = namespaces.inodes(c.pid());
            inodes.forEach((type, inode) -> ns.put(type, new Inspection.Namespace(
                    inode < 0 ? null : inode, namespaces.sharedWithHost(inodes, type))));
            privileged = Sampler.privileged(proc.status(c.pid()), proc.capLastCap(), proc.capabilityBound());
            root = rootFs(c.pid());
            posture = security ? security(c) : null;
        }
        Map<String, String> dirs = new LinkedHashMap<>();
        if (c.cgroup() != null) {
            cgroup.directories(c.cgroup()).forEach((k, v) -> dirs.put(k, v.toString()));
        }
        return new Inspection(c, sample, ns, privileged, root, processes(c),
                dirs, c.cgroup() == null ? null : cgroup.limits(c.cgroup()),
                memoryPeak(c), posture, c.cgroup() == null ? null : cgroup.pidsRefused(c.cgroup()));
    }

    /** Its cgroup's memory high-water mark; once exited (the cgroup gone), the one its runtime recorded. */
    private Long memoryPeak(Container c) {
        if (c.cgroup() != null) {
            return cgroup.memoryPeak(c.cgroup());
        }
        return c.details() == null ? null : c.details().memoryPeak();
    }

    /** Its init's confinement as the kernel shows it; read only when asked (the pane, inspect). */
    SecurityPosture security(Container c) {
        boolean v2 = cgroup.version() == 2;
        List<String> devices = v2 || c.cgroup() == null ? null : DevicesList.read(cgroup.directories(c.cgroup()).get("devices"));
        List<MountInfo> mounts = MountInfo.parse(proc.mountinfoText(c.pid()));
        List<String> reached = SocketsReached.of(mounts, MountInfo.parse(proc.selfMountinfoText()),
                EngineSocketFiles.present(hostRoot));
        return SecurityPosture.of(c.runtime(), proc.status(c.pid()), proc.capLastCap(), proc.capabilityBound(),
                proc.idMap(c.pid(), false), mounts, reached, proc.securityLabel(c.pid()), devices, v2);
    }

    /** The root mount of the process's mount namespace, with overlay layers when it is overlay. */
    Inspection.RootFs rootFs(int pid) {
        String text = proc.mountinfoText(pid);
        if (text == null) {
            return null;
        }
        MountInfo m = MountInfo.topmostAt(MountInfo.parse(text), "/");
        if (m == null) {
            return null;
        }
        String merged = hostMountPoint(m);
        if (!m.fsType().equals("overlay")) {
            return new Inspection.RootFs(m.fsType(), m.source(), List.of(), null, null, merged, m.superOptions());
        }
        OverlayOptions o = OverlayOptions.parse(m.superOptions());
        List<String> lower = new ArrayList<>();
        for (String l : o.lowerDirs()) {
            lower.add(realPath(l.startsWith("/") ? l : besideUpper(l, o.upperDir())));
        }
        return new Inspection.RootFs(m.fsType(), m.source(), List.copyOf(lower),
                o.upperDir() == null ? null : realPath(o.upperDir()),
                o.workDir() == null ? null : realPath(o.workDir()), merged, m.superOptions());
    }

    /** Where the same file system (same device number) is mounted in our own mount namespace. */
    private String hostMountPoint(MountInfo containerRoot) {
        for (MountInfo h : MountInfo.parse(proc.selfMountinfoText())) {
            if (h.device().equals(containerRoot.device()) && h.root().equals(containerRoot.root())
                    && h.fsType().equals(containerRoot.fsType())
                    && (h.fsType().equals("overlay") || !h.mountPoint().equals("/"))) {
                return h.mountPoint();
            }
        }
        return null;
    }

    /**
     * An overlay layer named relative to the directory mount(8) ran in, which the kernel does not
     * record: jtop ({@code <store>/l/<short>}, upper {@code <store>/snapshots/<id>/upper}) and Docker
     * when its options are too long ({@code overlay2/l/<short>}, upper {@code overlay2/<id>/diff})
     * both keep the layers beside an ancestor of the upper directory, so the nearest ancestor under
     * which the name exists is taken. Left as written when none has it.
     */
    private String besideUpper(String relative, String upper) {
        if (upper == null || !upper.startsWith("/")) {
            return relative;
        }
        try {
            for (Path base = Path.of(upper).getParent(); base != null; base = base.getParent()) {
                if (Files.exists(hostRoot.resolve(base.toString().substring(1)).resolve(relative))) {
                    return base.resolve(relative).toString();
                }
            }
        } catch (InvalidPathException e) {
            // a path with a byte that is not UTF-8 (a surrogate escape) names no file the JDK can open
        }
        return relative;
    }

    /** Resolves links such as Docker's {@code overlay2/l/<short>}; leaves paths we cannot see alone. */
    private String realPath(String p) {
        if (!p.startsWith("/")) {
            return p;
        }
        try {
            Path real = hostRoot.resolve(p.substring(1)).toRealPath();
            return "/" + hostRoot.toRealPath().relativize(real);
        } catch (IOException | RuntimeException e) {
            return p;
        }
    }

    private List<Inspection.Process> processes(Container c) {
        List<Inspection.Process> out = new ArrayList<>();
        if (c.cgroup() == null) {
            return out;
        }
        for (int pid : cgroup.procs(c.cgroup())) {
            ProcStatus st = proc.status(pid);
            if (st == null) {
                continue; // exited while we looked
            }
            String command = ProcessNames.command(proc.cmdline(pid), st.name());
            int inner = st.innermostPid();
            out.add(new Inspection.Process(pid, inner < 0 ? null : inner, st.uid() < 0 ? null : st.uid(),
                    names.user(st.uid()), command));
        }
        // Each start time read once, not at each of the sort's comparisons.
        Map<Integer, Long> started = new HashMap<>();
        for (Inspection.Process p : out) {
            ProcStat st = proc.statOnce(p.hostPid());
            started.put(p.hostPid(), st == null ? Long.MAX_VALUE : st.startTimeTicks());
        }
        out.sort(Comparator.comparingLong((Inspection.Process p) -> started.get(p.hostPid()))
                .thenComparingInt(Inspection.Process::hostPid));
        return out;
    }

    /**
     * The container's mounts with their host sources, read from its init process; null when it
     * has no process. Read on demand only: the Mounts pane while open, and {@code inspect}.
     */
    public Mounts mounts(Container c) {
        if (c.pid() <= 0) {
            return null;
        }
        String text = proc.mountinfoText(c.pid());
        if (text == null) {
            return null;
        }
        return Mounts.of(MountInfo.parse(text), MountInfo.parse(proc.selfMountinfoText()),
                proc.credentials(c.pid()), proc.idMap(c.pid(), false), proc.idMap(c.pid(), true),
                this::hostOwner);
    }

    private FileOwner hostOwner(String path) {
        try {
            return FileOwner.of(hostRoot.resolve(path.substring(1)));
        } catch (InvalidPathException e) {
            return null; // a name with a byte that is not UTF-8 (a surrogate escape)
        }
    }

    /** The container's network as its network namespace shows it; null when it has no process. */
    public Network network(Container c) {
        return network.read(c.pid(), c.cgroup());
    }

    /** A sampler of one container's processes, for the detail view's processes pane. */
    public ProcessSampler processSampler() {
        return new ProcessSampler(names, cgroup, proc, System::nanoTime);
    }

    /** The link that names a process's namespace of {@code type}, e.g. {@code pid:[4026531836]}; null when gone. */
    public String namespaceLink(int pid, String type) {
        return proc.nsLink(pid, type);
    }

    /** Which namespaces container {@code id} shares, with the host and with the others {@code listed}. */
    public Map<String, NamespaceSharing.Shared> sharing(String id, List<Container> listed) {
        Map<String, Map<String, Long>> inodes = new LinkedHashMap<>();
        for (Container c : listed) {
            if (c.pid() > 0) {
                inodes.put(c.id(), namespaces.inodes(c.pid()));
            }
        }
        return NamespaceSharing.of(id, inodes, namespaces.host());
    }

    /**
     * What a container changed in its overlay root file system (as {@link #inspect} found it),
     * looking at {@code maxEntries} entries of its upper directory at most.
     */
    public UpperDirChanges changes(Inspection.RootFs root, int maxEntries) throws IOException {
        List<Path> lowers = new ArrayList<>();
        for (String l : root.lowerDirs()) {
            lowers.add(hostRoot.resolve(l.substring(1)));
        }
        return UpperDirChanges.scan(hostRoot.resolve(root.upperDir().substring(1)), lowers, maxEntries);
    }
}
