package io.jtop.metrics;

import io.jtop.container.Container;
import io.jtop.container.Sample;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Everything one tick saw, immutable, handed from the sampler to whoever shows it.
 *
 * @param time    wall-clock time of the tick
 * @param rows    one per container, in discovery order
 * @param hidden  fields that could not be read for lack of permission, with why (empty as root)
 * @param cgroups the figures of the pods' own cgroups, by cgroup path: read only while asked for
 *                ({@link Sampler#readPodCgroups}), else empty
 */
public record Snapshot(Instant time, List<Row> rows, Set<String> hidden, Map<String, Sample> cgroups) {

    public Snapshot {
        cgroups = Map.copyOf(cgroups);
    }

    /** A snapshot without pod cgroups. */
    public Snapshot(Instant time, List<Row> rows, Set<String> hidden) {
        this(time, rows, hidden, Map.of());
    }

    /** A container and its figures at this tick. */
    public record Row(Container container, Sample sample) {
    }
}
