package io.jtop.container;

import java.io.IOException;

/** A backend that freezes and thaws every process of a container. */
public interface Pausable {

    void pause(Container c) throws IOException;

    void resume(Container c) throws IOException;
}
