package io.jtop.container;

import java.io.IOException;
import java.util.List;

/** A backend that creates containers from its images ({@link Backend#capability} asked with no container). */
public interface Runner {

    /** Images {@link #run} can start, by their names. */
    List<String> imageNames() throws IOException;

    /** Creates and starts a container; returns it as {@link Backend#list} would show it. */
    Container run(RunRequest request) throws IOException;
}
