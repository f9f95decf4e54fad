package io.jtop.container;

import java.time.Instant;

/**
 * One line of a container's output.
 *
 * @param time   when the runtime logged it, or null when it does not say
 * @param stderr whether it came from standard error
 * @param text   the line, without its newline
 */
public record LogLine(Instant time, boolean stderr, String text) {
}
