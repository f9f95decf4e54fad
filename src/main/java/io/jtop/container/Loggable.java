package io.jtop.container;

import java.io.IOException;
import java.util.function.Consumer;

/** A backend that keeps what its containers wrote. */
public interface Loggable {

    /**
     * Hands the container's output to {@code sink}, oldest first: the last {@code tail} lines (all
     * when negative) and, with {@code follow}, what comes after until the container stops.
     */
    void logs(Container c, int tail, boolean follow, Consumer<LogLine> sink) throws IOException, InterruptedException;
}
