package io.jtop.ui;

import io.jtop.container.Container;
import io.jtop.text.TerminalText;

import java.util.ArrayList;
import java.util.List;

/**
 * An action on every member of a group: the list its one confirmation shows, and the run over the
 * members, each through its own backend's capability, summed up in one line ({@code killed 3 of 3},
 * or which refused and why). A member that went between the confirmation and the action is refused
 * by its backend like any other failure, and the others still get it.
 */
final class GroupActions {

    /** A confirmation lists at most this many names, then how many more. */
    static final int LISTED = 10;
    /** The outcome line names at most this many refusals, then how many more. */
    static final int REFUSALS = 2;

    private GroupActions() {
    }

    /** The members' names, one a line, each escaped into one line; past {@value #LISTED}, {@code and N more}. */
    static String list(List<Container> members) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < members.size() && i < LISTED; i++) {
            if (i > 0) {
                b.append('\n');
            }
            b.append("  ").append(TerminalText.line(members.get(i).displayName()));
        }
        if (members.size() > LISTED) {
            b.append("\n  and ").append(members.size() - LISTED).append(" more");
        }
        return b.toString();
    }

    /** What a run over the members came to: its line, and whether any refused. */
    record Outcome(String line, boolean failed) {
    }

    /**
     * Runs the action on each member in turn, whatever the others did.
     *
     * @param done the past tense for the line, e.g. {@code killed}
     */
    static Outcome run(List<Container> members, String done, Actions.ContainerAction action) {
        int ok = 0;
        List<String> refused = new ArrayList<>();
        for (Container c : members) {
            if (Thread.currentThread().isInterrupted()) {
                refused.add(c.displayName() + ": not tried, jtop is quitting");
                continue;
            }
            try {
                action.run(c);
                ok++;
            } catch (Exception e) {
                String why = Actions.describe(e);
                refused.add(why.startsWith(c.displayName()) ? why : c.displayName() + ": " + why);
            }
        }
        StringBuilder b = new StringBuilder(done).append(' ').append(ok).append(" of ").append(members.size());
        for (int i = 0; i < refused.size() && i < REFUSALS; i++) {
            b.append(i == 0 ? "; " : ", ").append(refused.get(i));
        }
        if (refused.size() > REFUSALS) {
            b.append(" and ").append(refused.size() - REFUSALS).append(" more refused");
        }
        return new Outcome(b.toString(), !refused.isEmpty());
    }
}
