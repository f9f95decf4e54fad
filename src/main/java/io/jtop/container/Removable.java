package io.jtop.container;

import java.io.IOException;

/** A backend that removes the containers it listed. */
public interface Removable {

    /** Removes a container; {@code force} kills it first if it runs. */
    void remove(Container c, boolean force) throws IOException, InterruptedException;
}
