package io.jtop.backend.docker;

import io.jtop.container.Container;
import io.jtop.container.Details;
import io.jtop.container.Membership;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which Podman pod each container of a listing is in, for {@link EngineBackend}'s watcher. The
 * compatible list that the watcher reads at each relisting tells no pod, so podman's own API is
 * asked, and only of the containers it has not seen before: a container never changes pod, so
 * what was learnt stays until the container leaves the listing. Each pod's own cgroup is asked
 * once per pod. A failed or slow answer costs the listing nothing but the pods: those containers
 * show without theirs, and a relisting asks again after a pause that doubles while podman's own
 * API does not answer (its questions have a short deadline of their own: {@link JettyEngine}).
 *
 * <p>A container in a pod that also carries Compose labels (podman-compose puts its containers in
 * a pod) is shown as the pod's member: the pod is what holds its namespaces and its cgroup.
 */
final class Pods {

    /** Up to this many new containers are asked for by id; more (a first listing) by listing all. */
    static final int BY_ID = 32;

    /** What is known of each container of the last listing: its pod, or null for none. */
    private final Map<String, Membership> byContainer = new HashMap<>();
    /** Each pod's own cgroup (null: it has none), by pod id. */
    private final Map<String, String> cgroups = new HashMap<>();
    /** After an unanswered question, how long until the next: a hung API must not slow every relisting. */
    private final Backoff backoff = new Backoff(1_000, 30_000);
    /** When questions may be asked again ({@link System#nanoTime}); 0 while they are answered. */
    private long quietUntil;

    /** The listing with each container's pod; a container whose pod is not yet known shows without it. */
    List<Container> apply(Engine e, List<Container> listed) {
        learn(e, listed);
        List<Container> out = new ArrayList<>(listed.size());
        for (Container c : listed) {
            out.add(member(c, byContainer.get(c.id())));
        }
        return out;
    }

    /** The container with this membership in its details (null: as it is). */
    static Container member(Container c, Membership m) {
        Details d = c.details();
        if (m == null || d != null && m.equals(d.membership())) {
            return c;
        }
        return c.withDetails(d == null ? new Details(null, null, null, null, null, m)
                : d.withMembership(m));
    }

    private void learn(Engine e, List<Container> listed) {
        Set<String> ids = new HashSet<>();
        List<String> unknown = new ArrayList<>();
        for (Container c : listed) {
            ids.add(c.id());
            if (!byContainer.containsKey(c.id())) {
                unknown.add(c.id());
            }
        }
        byContainer.keySet().retainAll(ids);
        if (!unknown.isEmpty() && (quietUntil == 0 || System.nanoTime() - quietUntil >= 0)) {
            try {
                Map<String, Membership> learnt = new HashMap<>();
                for (String id : unknown) {
                    learnt.put(id, null); // not in the answer: gone since the listing, or in no pod
                }
                for (Engine.PodMember m : e.podMembers(unknown.size() <= BY_ID ? unknown : null)) {
                    if (m.podId() != null && learnt.containsKey(m.id())) {
                        learnt.put(m.id(), Membership.podmanPod(m.podName(), m.podId(), cgroup(e, m.podId()),
                                m.infra()));
                    }
                }
                byContainer.putAll(learnt);
                quietUntil = 0;
                backoff.reset();
            } catch (RuntimeException x) {
                // An engine's failure (EngineException), or anything its client throws on an answer it did not
                // expect: these containers show without their pod until a relisting after the pause asks again.
                quietUntil = System.nanoTime() + backoff.nextMillis() * 1_000_000L;
                if (quietUntil == 0) {
                    quietUntil = 1; // 0 means "ask"
                }
            }
        }
        Set<String> pods = new HashSet<>();
        for (Membership m : byContainer.values()) {
            if (m != null) {
                pods.add(m.podUid());
            }
        }
        cgroups.keySet().retainAll(pods);
    }

    private String cgroup(Engine e, String podId) {
        if (!cgroups.containsKey(podId)) {
            cgroups.put(podId, e.podCgroup(podId));
        }
        return cgroups.get(podId);
    }
}
