package io.jtop.container;

import java.io.IOException;
import java.util.List;

/** A backend whose engine tells the events of its containers (Docker, Podman). */
public interface Eventful {

    /**
     * What the engine's event stream told of this container since this backend started
     * following it, oldest first; bounded per container and in all. Never calls the engine.
     */
    List<ContainerEvent> recent(Container c);

    /**
     * The events the engine still keeps of this container (asked of it once, from the
     * container's creation until now), oldest first; bounded. An engine keeps only its latest
     * events (dockerd its last 256 of all containers, in memory), so older ones are not there.
     */
    List<ContainerEvent> past(Container c) throws IOException;
}
