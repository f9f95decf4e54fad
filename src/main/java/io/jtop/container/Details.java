package io.jtop.container;

import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a runtime tells of a container beyond what the kernel shows: an engine's API (Docker,
 * Podman), jtop's records, or the state a Kubernetes runtime keeps on the node.
 *
 * @param labels       the container's labels, sorted by key; empty when it has none
 * @param health       the health check's verdict ({@code healthy}, {@code unhealthy}, {@code starting}), or null
 *                     without a health check
 * @param restartCount how often the engine restarted it (restart policy), or null when not known
 * @param createdAt    when it was created, or null when not known
 * @param ociRuntime   the OCI runtime that runs it ({@code runc}, {@code crun}), or null when not known
 * @param membership   the pod or Compose project it belongs to, or null when it belongs to none
 * @param memoryPeak   its memory high-water mark in bytes as its runtime kept it at its exit (jtop's
 *                     own: the cgroup that held the figure is gone), or null (Docker and Podman keep none)
 * @param memoryLimit  the memory limit the runtime set, in bytes, as the runtime keeps it after the cgroup
 *                     has gone (Docker's and Podman's {@code HostConfig.Memory}, jtop's bundle); null when it
 *                     set none or does not tell
 */
public record Details(Map<String, String> labels, String health, Integer restartCount, Instant createdAt,
                      String ociRuntime, Membership membership, Long memoryPeak, Long memoryLimit) {

    public Details {
        labels = labels == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(labels));
    }

    /** What a runtime tells, no memory figures kept past the container's cgroup. */
    public Details(Map<String, String> labels, String health, Integer restartCount, Instant createdAt,
                   String ociRuntime, Membership membership) {
        this(labels, health, restartCount, createdAt, ociRuntime, membership, null, null);
    }

    /** What an engine tells, its OCI runtime not among it; a Compose project read from the labels. */
    public Details(Map<String, String> labels, String health, Integer restartCount, Instant createdAt) {
        this(labels, health, restartCount, createdAt, null, Membership.composeLabels(labels));
    }

    /** What an engine tells of a container that belongs to no pod or project. */
    public Details(Map<String, String> labels, String health, Integer restartCount, Instant createdAt,
                   String ociRuntime) {
        this(labels, health, restartCount, createdAt, ociRuntime, null);
    }

    /** These details with another membership, the rest kept. */
    public Details withMembership(Membership m) {
        return new Details(labels, health, restartCount, createdAt, ociRuntime, m, memoryPeak, memoryLimit);
    }

    /** These details with the memory limit the runtime keeps (null: none set, or not told). */
    public Details withMemoryLimit(Long limit) {
        return new Details(labels, health, restartCount, createdAt, ociRuntime, membership, memoryPeak, limit);
    }

    /** The compose project the container belongs to, or null. */
    public String composeProject() {
        return labels.get(Membership.COMPOSE_PROJECT);
    }

    /** The compose service the container runs, or null. */
    public String composeService() {
        return labels.get(Membership.COMPOSE_SERVICE);
    }
}
