package io.jtop.metrics;

import io.jtop.container.Container;
import io.jtop.container.Sample;
import io.jtop.linux.cgroup.CgroupLimits;

import java.util.List;
import java.util.Map;

/**
 * What the kernel shows of one container: namespaces, root filesystem, processes, cgroup
 * directories, limits and memory high-water mark, its security posture (null without a running
 * process) and the forks refused at its pids limit, beside the container and its latest figures.
 */
public record Inspection(
        Container container,
        Sample sample,
        Map<String, Namespace> namespaces,
        Boolean privileged,
        RootFs rootFs,
        List<Process> processes,
        Map<String, String> cgroupDirectories,
        CgroupLimits limits,
        Long memoryPeak,
        SecurityPosture security,
        Long pidsRefused) {

    /** An inspection without forks refused at the pids limit ({@code pids.events}): the kernel has no such file. */
    public Inspection(Container container, Sample sample, Map<String, Namespace> namespaces, Boolean privileged,
                      RootFs rootFs, List<Process> processes, Map<String, String> cgroupDirectories,
                      CgroupLimits limits, Long memoryPeak, SecurityPosture security) {
        this(container, sample, namespaces, privileged, rootFs, processes, cgroupDirectories, limits, memoryPeak,
                security, null);
    }

    /** An inspection without a memory high-water mark or security posture (no process, or the cgroup is gone). */
    public Inspection(Container container, Sample sample, Map<String, Namespace> namespaces, Boolean privileged,
                      RootFs rootFs, List<Process> processes, Map<String, String> cgroupDirectories,
                      CgroupLimits limits) {
        this(container, sample, namespaces, privileged, rootFs, processes, cgroupDirectories, limits, null, null, null);
    }

    /** One namespace: its inode and whether the host (PID 1) is in the same one; null if unreadable. */
    public record Namespace(Long inode, Boolean sharedWithHost) {
    }

    /**
     * The container's root mount as its init process sees it.
     *
     * @param fsType    e.g. {@code overlay}, {@code ext4}, {@code tmpfs}
     * @param source    the mount source
     * @param lowerDirs overlay lower layers, topmost first; empty for other file systems. Links
     *                  (Docker's {@code l/} short names) are resolved to the real directories.
     * @param upperDir  overlay upper (writable) layer, or null
     * @param workDir   overlay work directory, or null
     * @param merged    where the host has the same mount, or null when the host does not show it
     * @param options   the super options as the kernel printed them
     */
    public record RootFs(String fsType, String source, List<String> lowerDirs, String upperDir, String workDir,
                         String merged, String options) {
    }

    /** A process of the container. */
    public record Process(int hostPid, Integer containerPid, Integer uid, String user, String command) {
    }
}
