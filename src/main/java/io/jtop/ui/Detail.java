package io.jtop.ui;

import io.jtop.container.ContainerEvent;
import io.jtop.metrics.UpperDirChanges;
import io.jtop.metrics.History;
import io.jtop.metrics.Inspection;
import io.jtop.metrics.Mounts;
import io.jtop.metrics.NamespaceSharing;
import io.jtop.metrics.Network;
import io.jtop.metrics.ProcessSampler;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What the detail view shows of one container, gathered on the sampling thread.
 *
 * @param inspection    namespaces, root file system, cgroup limits, processes as the kernel shows them
 * @param series        the session's history of its figures, or null before the second tick
 * @param sharing       per namespace type: the host's or which other containers share it
 * @param names         labels of the other containers named in {@code sharing}, by id
 * @param processes     processes with CPU and RSS
 * @param changes       the overlay upper directory's changes, or null when not overlay or not read yet
 * @param changesError  why the changes could not be read, or null
 * @param config        the runtime's own description (e.g. config.json), or null when it has none
 * @param mounts        the mounts, read only while the Mounts pane is open; null otherwise
 * @param network       its network, read only while the Network pane is open; null otherwise
 * @param events        its timeline, oldest first ({@link EventsPane}), while the Events pane is open; empty otherwise
 * @param eventSources  where the timeline's events came from, as the pane says it; null while the pane is not open
 * @param time          when it was gathered: the events' ages count to it
 * @param recorded      whether it comes from a recording, which holds the figures, state and namespaces shared
 *                      with the host, not what the other panes read live
 */
record Detail(Inspection inspection, History.Series series, Map<String, NamespaceSharing.Shared> sharing,
              Map<String, String> names, List<ProcessSampler.Row> processes, UpperDirChanges changes,
              String changesError, String config, Mounts mounts, Network network, List<ContainerEvent> events,
              String eventSources, Instant time, boolean recorded) {

    /** A detail read live. */
    Detail(Inspection inspection, History.Series series, Map<String, NamespaceSharing.Shared> sharing,
           Map<String, String> names, List<ProcessSampler.Row> processes, UpperDirChanges changes,
           String changesError, String config, Mounts mounts, Network network, List<ContainerEvent> events,
           String eventSources, Instant time) {
        this(inspection, series, sharing, names, processes, changes, changesError, config, mounts, network, events,
                eventSources, time, false);
    }

    /** A detail without a timeline. */
    Detail(Inspection inspection, History.Series series, Map<String, NamespaceSharing.Shared> sharing,
           Map<String, String> names, List<ProcessSampler.Row> processes, UpperDirChanges changes,
           String changesError, String config, Mounts mounts, Network network) {
        this(inspection, series, sharing, names, processes, changes, changesError, config, mounts, network, List.of(),
                null, Instant.EPOCH);
    }
}
