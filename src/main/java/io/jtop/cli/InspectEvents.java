package io.jtop.cli;

import io.jtop.container.Backend;
import io.jtop.container.Container;
import io.jtop.container.ContainerEvent;
import io.jtop.container.Eventful;
import io.jtop.metrics.Timeline;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * The timeline {@code jtop inspect} can know in one shot, and where it came from. jtop records what
 * it sees only while it runs (the TUI's Events pane); a one-shot command has instead the engine's
 * own event log (Docker and Podman keep their latest events: dockerd in memory, until it
 * restarts) and what the container's record tells (its last start and exit).
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
            return new InspectEvents(Timeline.fromRecord(c), RECORD + "; " + label + " keeps no event of it");
        } catch (IOException | RuntimeException e) {
            return new InspectEvents(Timeline.fromRecord(c), RECORD + "; " + label
                    + "'s event log could not be read: " + e.getMessage());
        }
    }
}
