package io.jtop.engine.lifecycle;

import java.time.Duration;

/**
 * How long jtop waits for the OCI runtime before it gives up, kills what it started and says so:
 * any one call ({@code runc start}, {@code pause}, {@code delete}, {@code state}, conmon's first
 * process), and a new container to be reported created once its conmon has started.
 *
 * @param call   one call of the runtime or of conmon
 * @param create from conmon's start to the runtime reporting the container created
 */
public record RuntimeWaits(Duration call, Duration create) {

    /** What jtop waits in use: a runtime call takes milliseconds unless something is wrong. */
    public static final RuntimeWaits DEFAULT = new RuntimeWaits(Duration.ofSeconds(30), Duration.ofSeconds(10));

    /** How a wait is said in a message: whole seconds, or milliseconds below one. */
    static String said(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }
}
