package io.jtop.ui;

import io.jtop.container.Container;
import io.jtop.container.ContainerState;
import io.jtop.container.Killable;
import io.jtop.container.Pausable;
import io.jtop.metrics.Group;
import io.jtop.text.TerminalText;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * The actions of {@link Actions} on a group's line: on every member the action applies to, after
 * one confirmation that lists them, each member through its own backend's capability on the action
 * thread, summed up in one line ({@code killed 3 of 3}, or which refused and why). A member that
 * went between the confirmation and the action is refused by its backend like any other failure,
 * and the others still get it. UI thread only, except what {@link #run} runs.
 */
final class GroupActions {

    /** A confirmation lists at most this many names, then how many more. */
    static final int LISTED = 10;
    /** The outcome line names at most this many refusals, then how many more. */
    static final int REFUSALS = 2;

    private final UiState state;
    private final Dialogs dialogs;
    private final Sources sources;
    private final Feed feed;
    /** Runs a task on the UI thread. */
    private final Consumer<Runnable> post;
    /** The action thread {@link Actions} runs its calls on. */
    private final Executor actionThread;

    GroupActions(UiState state, Dialogs dialogs, Sources sources, Feed feed, Consumer<Runnable> post,
                 Executor actionThread) {
        this.state = state;
        this.dialogs = dialogs;
        this.sources = sources;
        this.feed = feed;
        this.post = post;
        this.actionThread = actionThread;
    }

    /** {@code k} on a group's line (see {@link Actions#kill}): one signal to every member's init, after one confirmation listing them. */
    void kill() {
        Group g = state.table.selectedGroup();
        List<Container> members = members(Action.KILL);
        if (members.isEmpty()) {
            state.say("no container of " + g.name() + " has a running process to signal", true);
            return;
        }
        String pick = dialogs.choose("Signal", "Send to " + members.size() + " containers of " + g.key().label() + " "
                + TerminalText.line(g.name()) + ":", Actions.SIGNALS);
        if (pick == null) {
            return;
        }
        String signal = pick.substring(0, pick.indexOf(' '));
        String title = "SIG" + signal + " " + members.size() + " containers of " + TerminalText.line(g.name()) + "?";
        String body = list(members) + "\n\nSend SIG" + signal + " to each one's init process?";
        boolean hostPid = state.table.lines().stream().anyMatch(l -> l.kind() != TableState.Line.Kind.GROUP
                && members.contains(l.row().container()) && Actions.sharesHostPid(l.row().sample()));
        boolean yes;
        if (hostPid) {
            // A signal to the wrong process here hits the host: the user types the group's name.
            String expected = g.name();
            yes = dialogs.ask("Kill " + TerminalText.line(expected) + "? Some share the HOST's PID namespace",
                    body + "\nType the group's name to confirm:", "",
                    t -> t.equals(expected) ? null : "type exactly: " + TerminalText.line(expected)) != null;
        } else {
            yes = dialogs.confirm(title, body);
        }
        if (yes) {
            act(g, members, "sending SIG" + signal + " to", "sent SIG" + signal + " to",
                    x -> sources.backend().require(x, Killable.class, "signalled").kill(x, signal));
        }
    }

    /** {@code p} on a group's line: resumes its members if all are paused, else pauses the running ones. */
    void pause() {
        Group g = state.table.selectedGroup();
        List<Container> members = members(Action.PAUSE);
        List<Container> running = members.stream().filter(c -> c.state() == ContainerState.RUNNING).toList();
        if (running.isEmpty()) {
            confirm(g, members, "Resume", "Each is resumed.", "resuming", "resumed",
                    c -> sources.backend().require(c, Pausable.class, "resumed").resume(c));
        } else {
            confirm(g, running, "Pause", "Each is frozen.", "pausing", "paused",
                    c -> sources.backend().require(c, Pausable.class, "paused").pause(c));
        }
    }

    /** The selected group's members shown that the action applies to. */
    private List<Container> members(Action a) {
        return state.table.selectedMembers().stream().filter(c -> Actions.appliesTo(a, c)).toList();
    }

    /**
     * On a group's line: the action on every member it applies to, after one confirmation listing
     * them; false when no group's line is selected.
     */
    boolean on(Action a, String verb, String what, String doing, String done, Actions.ContainerAction action) {
        Group g = state.table.selectedGroup();
        if (g == null) {
            return false;
        }
        confirm(g, members(a), verb, what, doing, done, action);
        return true;
    }

    /** One confirmation listing the members, then the action on each. */
    private void confirm(Group g, List<Container> members, String verb, String what, String doing, String done,
                              Actions.ContainerAction action) {
        if (members.isEmpty()) {
            state.say("no container of " + g.name() + " is to be " + done, true);
            return;
        }
        if (dialogs.confirm(verb + " " + members.size() + " containers of " + g.key().label() + " "
                + TerminalText.line(g.name()) + "?", list(members) + "\n\n" + what)) {
            act(g, members, doing, done, action);
        }
    }

    /** Runs the action on each member on the action thread; one line says how it went, and each is read again. */
    private void act(Group g, List<Container> members, String doing, String done, Actions.ContainerAction action) {
        state.say(doing + " " + members.size() + " containers of " + g.name() + "…", false);
        actionThread.execute(() -> {
            try {
                Outcome o = run(members, done, action);
                post.accept(() -> state.say(o.line(), o.failed()));
            } finally {
                members.forEach(feed::refresh);
            }
        });
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
