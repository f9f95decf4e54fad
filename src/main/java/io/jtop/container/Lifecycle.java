package io.jtop.container;

import java.io.IOException;

/** A backend that starts and stops the containers it listed. */
public interface Lifecycle {

    /** Starts a created or exited container again. */
    void start(Container c) throws IOException, InterruptedException;

    /** SIGTERM, then SIGKILL after {@code graceSeconds}. */
    void stop(Container c, int graceSeconds) throws IOException, InterruptedException;

    /** Stops (with grace) and starts again. */
    void restart(Container c, int graceSeconds) throws IOException, InterruptedException;
}
