package io.jtop.container;

import java.io.IOException;
import java.util.Optional;

/** A backend that knows more of a container than its listing shows. */
public interface Inspectable {

    /**
     * The container with what this backend knows of it beyond its listing (an engine's
     * inspection: restart count, OOM kill; the OCI runtime it was created with), for one
     * container's detailed view.
     */
    Container detailed(Container c) throws IOException;

    /** The runtime's own description of the container (e.g. its OCI config.json), or null if none. */
    String config(Container c) throws IOException;

    /** The container as its backend describes it ({@link #detailed}), or as listed when the backend has no closer look. */
    static Container detailed(Backend backend, Container c) throws IOException {
        Optional<Inspectable> closer = backend.capability(c, Inspectable.class);
        return closer.isPresent() ? closer.get().detailed(c) : c;
    }
}
