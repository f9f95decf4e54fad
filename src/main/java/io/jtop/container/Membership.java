package io.jtop.container;

import java.util.Map;

/**
 * What a container belongs to beyond itself, as the runtime that made it keeps it on the node: a
 * Kubernetes pod (containerd's CRI, CRI-O), a Podman pod, or a Compose project. Every field is
 * null where the runtime does not tell it.
 *
 * @param kind         which kind of group this is
 * @param pod          the pod's name (Kubernetes or Podman); null for a Compose project
 * @param podNamespace the Kubernetes namespace of the pod
 * @param podUid       the Kubernetes pod's uid, or the Podman pod's id
 * @param qos          the Kubernetes QoS class, from the {@code kubepods} cgroup path: {@code guaranteed},
 *                     {@code burstable} or {@code besteffort}
 * @param podCgroup    the pod's own cgroup path (its limits and usage include every member), or null
 * @param sandbox      whether this container is the pod's sandbox (Kubernetes' pause, Podman's infra): the
 *                     process that holds the pod's namespaces
 * @param member       the container's name within its group: the Kubernetes container name, or the Compose
 *                     service
 * @param project      the Compose project
 * @param number       the Compose container number ({@code com.docker.compose.container-number})
 */
public record Membership(Kind kind, String pod, String podNamespace, String podUid, String qos, String podCgroup,
                         boolean sandbox, String member, String project, Integer number) {

    /** The labels docker compose (and podman-compose) put on the containers they make. */
    public static final String COMPOSE_PROJECT = "com.docker.compose.project";
    public static final String COMPOSE_SERVICE = "com.docker.compose.service";
    public static final String COMPOSE_NUMBER = "com.docker.compose.container-number";

    /** The kinds of group jtop knows. */
    public enum Kind {
        KUBERNETES("pod"),
        PODMAN_POD("pod"),
        COMPOSE("compose");

        private final String label;

        Kind(String label) {
            this.label = label;
        }

        /** How a group row names its kind. */
        public String label() {
            return label;
        }
    }

    /** A container of a Kubernetes pod. */
    public static Membership kubernetes(String namespace, String pod, String uid, String qos, String podCgroup,
                                        boolean sandbox, String container) {
        return new Membership(Kind.KUBERNETES, pod, namespace, uid, qos, podCgroup, sandbox, container, null, null);
    }

    /** A container of a Podman pod. */
    public static Membership podmanPod(String pod, String podId, String podCgroup, boolean infra) {
        return new Membership(Kind.PODMAN_POD, pod, null, podId, null, podCgroup, infra, null, null, null);
    }

    /** A container of a Compose project. */
    public static Membership compose(String project, String service, Integer number) {
        return new Membership(Kind.COMPOSE, null, null, null, null, null, false, service, project, number);
    }

    /**
     * The Compose project that labels tell ({@code com.docker.compose.project}, {@code .service},
     * {@code .container-number}: docker compose and podman-compose put them on every container they
     * make), or null without a project label.
     */
    public static Membership composeLabels(Map<String, String> labels) {
        String project = labels == null ? null : labels.get(COMPOSE_PROJECT);
        if (project == null || project.isEmpty()) {
            return null;
        }
        Integer number = null;
        String n = labels.get(COMPOSE_NUMBER);
        if (n != null && n.matches("[0-9]{1,9}")) {
            number = Integer.valueOf(n);
        }
        return compose(project, labels.get(COMPOSE_SERVICE), number);
    }

    /**
     * The name of the group as the "pod" grouping shows it: {@code namespace/pod} for Kubernetes,
     * the pod's name for Podman, the project for Compose.
     */
    public String group() {
        return switch (kind) {
            case KUBERNETES -> podNamespace == null ? pod : podNamespace + "/" + pod;
            case PODMAN_POD -> pod;
            case COMPOSE -> project;
        };
    }

    /** The Compose service; null for a pod's container. */
    public String service() {
        return kind == Kind.COMPOSE ? member : null;
    }
}
