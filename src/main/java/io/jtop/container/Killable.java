package io.jtop.container;

import java.io.IOException;

/** A backend that signals a container's init. */
public interface Killable {

    /**
     * Sends a signal (a name such as {@code KILL} or {@code SIGTERM}, or a number) to the
     * container's init, if it is still the process {@code c} was listed with.
     */
    void kill(Container c, String signal) throws IOException;
}
