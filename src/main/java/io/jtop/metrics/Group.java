package io.jtop.metrics;

import io.jtop.container.Container;
import io.jtop.container.ContainerState;
import io.jtop.container.Sample;

import java.util.List;

/**
 * One group of containers at one tick: which group, its members' rows and its figures. The
 * figures are those of the group's own cgroup where it has one that was read (a pod's cgroup:
 * its usage and limits include every container of the pod), else the sums of its members'.
 *
 * @param key     which group
 * @param cgroup  the group's own cgroup (a pod's), or null
 * @param members its containers' rows, at least one
 * @param sample  its figures
 * @param own     whether they are its own cgroup's, not its members' sums
 */
public record Group(Grouping.Key key, String cgroup, List<Snapshot.Row> members, Sample sample, boolean own) {

    public Group {
        members = List.copyOf(members);
    }

    public String name() {
        return key.name();
    }

    /**
     * A member's name under its group's line: what it adds to the group's name. A Kubernetes
     * container is {@code namespace/pod/container} and its pod's line says {@code namespace/pod}, so
     * the member is {@code container}, and the pod's sandbox (named as its pod) {@code (sandbox)};
     * any other member keeps its whole name (a Compose container's name is the one docker knows).
     */
    public String memberName(Container c) {
        String name = c.name() == null ? c.shortId() : c.name();
        String prefix = name() + "/";
        if (name.startsWith(prefix) && name.length() > prefix.length()) {
            return name.substring(prefix.length());
        }
        return name.equals(name()) && c.membership() != null && c.membership().sandbox() ? "(sandbox)" : name;
    }

    /** The members' containers. */
    public List<Container> containers() {
        return members.stream().map(Snapshot.Row::container).toList();
    }

    /**
     * The group as one row of a container table: its kind where the id goes, its name, the
     * runtime and image its members share (the first member's runtime and no image where they
     * differ; an image group's image), no process, and its figures. Its state is the liveliest of
     * its members' (running, then paused, else the first member's), with {@code k of n} as the
     * reason when not every member is in it. Only for showing and sorting: never a container to
     * act on.
     */
    public Snapshot.Row row() {
        Container first = members.get(0).container();
        String image = first.image();
        ContainerState state = first.state();
        for (Snapshot.Row r : members) {
            Container c = r.container();
            if (image != null && !image.equals(c.image())) {
                image = null;
            }
            if (c.state() == ContainerState.RUNNING
                    || c.state() == ContainerState.PAUSED && state != ContainerState.RUNNING) {
                state = c.state();
            }
        }
        int in = 0;
        for (Snapshot.Row r : members) {
            if (r.container().state() == state) {
                in++;
            }
        }
        String reason = in == members.size() ? null : in + " of " + members.size();
        if (key.kind().equals("image")) {
            image = key.name(); // busybox and busybox:latest alike
        }
        return new Snapshot.Row(new Container(key.label(), key.name(), first.runtime(), image, 0, state, cgroup,
                null, null, false, null, reason), sample);
    }
}
