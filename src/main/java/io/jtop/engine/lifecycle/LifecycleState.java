package io.jtop.engine.lifecycle;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The states of one of jtop's containers and the only transitions between them. The driver runs
 * runc and conmon; this decides what may happen next, and everything else is refused with a
 * message that says why (runc's own state_linux.go plays the same part for its containers).
 */
public enum LifecycleState {
    CREATED, RUNNING, PAUSED, EXITED, REMOVED;

    private static final Map<LifecycleState, Set<LifecycleState>> NEXT = Map.of(
            CREATED, EnumSet.of(RUNNING, EXITED, REMOVED),
            RUNNING, EnumSet.of(PAUSED, EXITED),
            PAUSED, EnumSet.of(RUNNING, EXITED),
            EXITED, EnumSet.of(RUNNING, REMOVED),       // restart, rm
            REMOVED, EnumSet.noneOf(LifecycleState.class));

    /** Whether the container may still have a process on the host: only then is there anything to reconcile. */
    public boolean onHost() {
        return this == CREATED || this == RUNNING || this == PAUSED;
    }

    public boolean canBecome(LifecycleState next) {
        return NEXT.get(this).contains(next);
    }

    /**
     * Checks a transition.
     *
     * @throws IllegalStateException with a one-line reason when it is not allowed
     */
    public void check(LifecycleState next, String container) {
        if (!canBecome(next)) {
            throw new IllegalStateException(container + " is " + label() + ": it cannot become " + next.label()
                    + hint(next));
        }
    }

    private String hint(LifecycleState next) {
        if (this == RUNNING && next == REMOVED) {
            return " (stop it first, or rm -f)";
        }
        if (this == PAUSED && next == REMOVED) {
            return " (unpause and stop it first, or rm -f)";
        }
        return "";
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
