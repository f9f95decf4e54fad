package io.jtop.backend.discovery;

import io.jtop.container.Details;
import io.jtop.container.Membership;
import io.jtop.container.Runtime;
import io.jtop.linux.proc.ProcFs;
import io.jtop.linux.proc.ProcStat;
import io.jtop.text.Utf8;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Names a containerd (CRI) or CRI-O container from what its runtime keeps on the node, without
 * the cluster's API: the annotations of its bundle's {@code config.json}, else the kubelet's
 * {@code /var/log/pods}. Called once per container id, when discovery first sees it.
 *
 * <p>Where the bundle is: containerd's default state ({@code /run/containerd/io.containerd.runtime.v2.task/k8s.io/<id>}),
 * CRI-O's run and graph roots ({@code /run/containers/storage/overlay-containers/<id>/userdata},
 * {@code /var/lib/containers/storage/…}); and, for a runtime with a state directory of its own
 * (k3s, a test's containerd), the working directory of the container's parent: containerd's shim
 * runs in the bundle of the pod's sandbox (the containers of a pod share one shim, their bundles
 * side by side); CRI-O's conmon is given the container's {@code userdata} as its bundle
 * ({@code -b}). That asks the kernel, not a configuration, and costs a readlink and a read of a
 * command line.
 *
 * <p>A spec is written by the runtime, but its annotations come from pod specs that any user of
 * the cluster writes: it is read only up to {@link #MAX_SPEC} bytes, only if it is a regular file,
 * decoded without losing a byte ({@link Utf8}); a spec that cannot be read or parsed tells nothing.
 * The names are printed through the same escaping as every other text from outside.
 */
final class KubernetesNames {

    /** Larger than any spec a runtime writes, pod specs' environment included. */
    static final int MAX_SPEC = 4 << 20;
    private static final String CONTAINERD_TASKS = "io.containerd.runtime.v2.task";
    private static final String CRI_NAMESPACE = "k8s.io";
    /** The command name of Kubernetes' pause image, the sandbox's process. */
    private static final String PAUSE = "pause";

    private final Path root;
    private final ProcFs proc;
    private final PodLogs logs;

    /** What a container's records tell: its name, image and details. */
    record Named(String name, String image, Details details) {
    }

    /** Names containers from the files under {@code root} ({@code /} on a node) and its processes. */
    KubernetesNames(Path root, ProcFs proc) {
        this.root = root;
        this.proc = proc;
        this.logs = new PodLogs(root);
    }

    /**
     * The container's names, or null when nothing on the node tells them (or it is not a
     * Kubernetes runtime's container).
     */
    Named name(CgroupPathClassifier.Match m, ProcStat init) {
        if (m.pod() == null && m.runtime() != Runtime.CONTAINERD && m.runtime() != Runtime.CRIO) {
            return null;
        }
        PodRecord r = fromSpec(m, init);
        Path podLogs;
        if (r != null) {
            podLogs = logs.recorded(r.logDirectory());
            podLogs = podLogs != null ? podLogs : logs.pod(r.namespace(), r.pod(), r.uid() != null ? r.uid() : uid(m));
        } else {
            podLogs = m.pod() == null ? null : logs.podByUid(m.pod().uid());
            r = podLogs == null ? null : PodRecord.ofLogDirectory(podLogs.getFileName().toString());
            r = r != null && init != null && PAUSE.equals(init.comm()) ? r.asSandbox() : r;
        }
        if (r == null) {
            return null;
        }
        if (!r.sandbox() && podLogs != null && (r.container() == null || r.restartCount() == null)) {
            String container = r.container();
            if (container == null) {
                List<String> dirs = logs.containers(podLogs);
                container = dirs.size() == 1 ? dirs.get(0) : null; // a pod of one container: that one
            }
            r = r.withLogs(container, logs.restarts(podLogs, container));
        }
        CgroupPathClassifier.Pod pod = m.pod();
        Membership membership = Membership.kubernetes(r.namespace(), r.pod(), r.uid() != null ? r.uid() : uid(m),
                pod == null ? null : pod.qos(), pod == null ? null : pod.cgroup(), r.sandbox(), r.container());
        return new Named(r.displayName(m.id().length() > 12 ? m.id().substring(0, 12) : m.id()), r.image(),
                new Details(r.labels(), null, r.restartCount(), null, null, membership));
    }

    /** The record in the first spec found of the container, or null (none, or not a CRI container's). */
    private PodRecord fromSpec(CgroupPathClassifier.Match m, ProcStat init) {
        for (Path spec : specs(m, init)) {
            Map<String, String> annotations = annotations(spec);
            if (annotations != null) {
                PodRecord r = PodRecord.ofAnnotations(annotations);
                return r == null || r.logDirectory() != null ? r : r.withLogDirectory(sandboxLogs(spec, r.sandboxId()));
            }
        }
        return null;
    }

    private static String uid(CgroupPathClassifier.Match m) {
        return m.pod() == null ? null : m.pod().uid();
    }

    /** Where the container's spec may be, the default places first. */
    private List<Path> specs(CgroupPathClassifier.Match m, ProcStat init) {
        String id = m.id();
        List<Path> out = new ArrayList<>(4);
        if (m.runtime() != Runtime.CRIO) {
            out.add(root.resolve("run/containerd").resolve(CONTAINERD_TASKS).resolve(CRI_NAMESPACE).resolve(id)
                    .resolve("config.json"));
        }
        if (m.runtime() != Runtime.CONTAINERD) {
            out.add(root.resolve("run/containers/storage/overlay-containers").resolve(id).resolve("userdata/config.json"));
            out.add(root.resolve("var/lib/containers/storage/overlay-containers").resolve(id)
                    .resolve("userdata/config.json"));
        }
        Path cwd = init == null ? null : parentsDirectory(init.ppid());
        Path tasks = cwd == null ? null : cwd.getParent();
        if (tasks != null && tasks.getFileName() != null && tasks.getFileName().toString().equals(CRI_NAMESPACE)
                && tasks.getParent() != null && tasks.getParent().getFileName() != null
                && tasks.getParent().getFileName().toString().equals(CONTAINERD_TASKS)) {
            out.add(tasks.resolve(id).resolve("config.json")); // containerd's shim: the pod's bundles
        }
        Path bundle = init == null ? null : conmonBundle(init.ppid());
        if (bundle != null && bundle.getParent() != null && bundle.getFileName().toString().equals("userdata")
                && bundle.getParent().getFileName().toString().equals(id)) {
            out.add(bundle.resolve("config.json")); // CRI-O's conmon: the container's own
        }
        return out;
    }

    /** The working directory of a process, as a path under the root; null when it cannot be read. */
    private Path parentsDirectory(int pid) {
        String cwd = pid <= 1 ? null : proc.cwd(pid);
        return cwd == null ? null : underRoot(cwd);
    }

    /**
     * The bundle a conmon was given ({@code -b DIR} or {@code --bundle DIR} on its command line),
     * as a path under the root; null for another process or one that cannot be read.
     */
    private Path conmonBundle(int pid) {
        List<String> args = pid <= 1 ? List.of() : proc.cmdline(pid);
        if (args.isEmpty() || !args.get(0).endsWith("conmon")) {
            return null;
        }
        for (int i = 1; i + 1 < args.size(); i++) {
            if (args.get(i).equals("-b") || args.get(i).equals("--bundle")) {
                return underRoot(args.get(i + 1));
            }
        }
        return null;
    }

    /** An absolute path on the node as a path under the root, or null. */
    private Path underRoot(String absolute) {
        if (!absolute.startsWith("/") || absolute.endsWith(" (deleted)")) {
            return null;
        }
        try {
            return root.resolve(absolute.substring(1)).normalize();
        } catch (InvalidPathException e) {
            return null;
        }
    }

    /**
     * The pod's log directory from its sandbox's spec, beside the container's in containerd's
     * layout ({@code …/k8s.io/<sandbox id>/config.json}); null elsewhere or when it tells none.
     */
    private static String sandboxLogs(Path spec, String sandboxId) {
        Path bundles = spec.getParent().getParent();
        Path bundle = bundles == null || bundles.getFileName() == null
                || !bundles.getFileName().toString().equals(CRI_NAMESPACE) ? null : PodLogs.child(bundles, sandboxId);
        if (bundle == null) {
            return null;
        }
        Map<String, String> annotations = annotations(bundle.resolve("config.json"));
        return annotations == null ? null : annotations.get(PodRecord.CRI_LOGS);
    }

    /** A spec's annotations; null when it is not there, not a regular file, too large, or not JSON. */
    static Map<String, String> annotations(Path spec) {
        BasicFileAttributes a = PodLogs.attributes(spec);
        if (a == null || !a.isRegularFile() || a.size() > MAX_SPEC) {
            return null;
        }
        byte[] bytes;
        try (InputStream in = Channels.newInputStream(Files.newByteChannel(spec,
                Set.of(StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)))) {
            bytes = in.readNBytes(MAX_SPEC + 1);
        } catch (IOException | RuntimeException e) {
            return null;
        }
        if (bytes.length > MAX_SPEC) {
            return null; // it grew past the bound since its size was read
        }
        try {
            return OciAnnotations.parse(Utf8.decode(bytes));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
