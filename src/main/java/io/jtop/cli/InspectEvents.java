package io.jtop.cli;

import io.jtop.container.Backend;
import io.jtop.container.Container;
import io.jtop.container.ContainerEvent;
import io.jtop.container.Eventful;
import io.jtop.metrics.Inspection;
import io.jtop.metrics.Timeline;
import io.jtop.ui.EventsPane;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The Events section of {@code jtop inspect}, text and JSON: the timeline it can know in one shot,
 * and where it came from. jtop records what
 * it sees only while it runs (the TUI's Events pane); a one-shot command has instead the engine's
 * own event log (Docker and Podman keep their latest events: dockerd its last 256 of all
 * containers, in memory, until it restarts) and what the container's record tells (its last start
 * and exit).
 *
 * @param events  oldest first
 * @param sources where they came from, for the section's header
 */
record InspectEvents(List<ContainerEvent> events, String sources) {

    private static final String RECORD = "the container's record (its last start and exit only: jtop keeps a"
            + " timeline only while its screen runs)";

    static InspectEvents of(Backend backend, Container c) {
        Optional<Eventful> engine = backend.capability(c, Eventful.class);
        if (engine.isEmpty()) {
            return new InspectEvents(Timeline.fromRecord(c), RECORD);
        }
        String label = c.runtime().label();
        try {
            List<ContainerEvent> past = engine.get().past(c);
            if (!past.isEmpty()) {
                return new InspectEvents(past, label + "'s event log (what " + label
                        + " still keeps of it: older events, and those before a restart of the daemon, are gone)");
            }
            return new InspectEvents(Timeline.fromRecord(c), RECORD + "; " + label
                    + " keeps no event of it any more (dockerd keeps only its last 256 events of all containers)");
        } catch (IOException | RuntimeException e) {
            return new InspectEvents(Timeline.fromRecord(c), RECORD + "; " + label
                    + "'s event log could not be read: " + e.getMessage());
        }
    }

    /** The section's text: the timeline and the cgroup's counters now ({@link EventsPane}), each line escaped. */
    String text(Inspection i, Instant now) {
        return Views.section("Events", EventsPane.lines(events, sources, i.sample(), i.pidsRefused(), now));
    }

    /** Its keys of {@code inspect --json}: {@code events}, {@code events_source}, {@code pids_refused}. */
    void json(Map<String, Object> m, Inspection i) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (ContainerEvent e : events) {
            Map<String, Object> one = new LinkedHashMap<>();
            one.put("time", e.time().toString());
            one.put("source", e.source());
            one.put("action", e.action());
            one.put("detail", e.detail());
            one.put("count", e.count());
            out.add(one);
        }
        m.put("events", out);
        m.put("events_source", sources);
        m.put("pids_refused", i.pidsRefused());
    }
}
