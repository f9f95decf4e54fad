package io.jtop.container;

/** Lifecycle state of a container, as the stable JSON and table name says it. */
public enum ContainerState {
    CREATED("created"),
    RUNNING("running"),
    PAUSED("paused"),
    EXITED("exited"),
    /** What its runtime keeps of it cannot be read (see {@link Container#stateReason}). */
    UNKNOWN("unknown");

    private final String label;

    ContainerState(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /**
     * Whether a container in this state may have processes: what {@code ps} without {@code -a}
     * lists, and what is killed before it is removed; one whose state is unknown may.
     */
    public boolean mayRun() {
        return this == RUNNING || this == PAUSED || this == UNKNOWN;
    }

    @Override
    public String toString() {
        return label;
    }
}
