package io.jtop.ui;

import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.screen.Screen;
import io.jtop.metrics.Grouping;
import io.jtop.metrics.Snapshot;
import io.jtop.ui.UiState.Mode;
import io.jtop.ui.widget.TextView;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * What a key does: the key's {@link Action} (through the {@link Keymap}) in the current screen,
 * dispatched to the method that does it. Text being typed takes every key ({@link TextEntry});
 * actions on containers are {@link Actions}'; moving about the screens is here. UI thread only.
 */
final class KeyDispatch {

    private final UiState state;
    private final Keymap keys;
    private final Actions actions;
    private final TextEntry typing;
    private final Dialogs dialogs;
    private final Feed feed;
    private final Screen screen;

    KeyDispatch(UiState state, Keymap keys, Actions actions, Dialogs dialogs, Feed feed, Screen screen) {
        this.state = state;
        this.keys = keys;
        this.actions = actions;
        this.typing = new TextEntry(state);
        this.dialogs = dialogs;
        this.feed = feed;
        this.screen = screen;
    }

    /** Does what the key means here; false when it quits jtop. */
    boolean key(KeyStroke k) {
        if (typing.typing()) {
            return typing.key(k);
        }
        Action a = keys.action(k);
        if (state.mode == Mode.HELP) {
            helpKey(a);
            return true;
        }
        if (a == null) {
            return true;
        }
        if (a == Action.QUIT) {
            return false;
        }
        if (state.mode != Mode.MAIN && (textKey(a) || a == Action.GROUP || a == Action.EXPAND
                || a == Action.COLLAPSE)) {
            return true; // the table's grouping is the table's: not changed behind another view
        }
        String refused = feed.refuses(a);
        if (refused != null) {
            state.say(refused, true);
            return true;
        }
        if (!actions.available(a)) {
            return true;
        }
        switch (a) {
            case UP -> state.table.move(-1);
            case DOWN -> state.table.move(1);
            case PAGE_UP -> state.table.move(-pageRows());
            case PAGE_DOWN -> state.table.move(pageRows());
            case HOME -> state.table.home();
            case END -> state.table.end();
            case HELP -> help();
            case FILTER -> typing.filter();
            case BACK -> clearFilter();
            case SORT_MENU -> sortMenu();
            case SORT_NEXT -> state.table.sortStep(1);
            case SORT_PREVIOUS -> state.table.sortStep(-1);
            case SORT_REVERSE -> state.table.reverse();
            case SHOW_ALL -> showAll();
            case GROUP -> group();
            case EXPAND -> state.table.expand();
            case COLLAPSE -> state.table.collapse();
            case DETAIL -> detail();
            case START -> actions.start();
            case STOP -> actions.stop();
            case RESTART -> actions.restart();
            case REMOVE -> actions.remove();
            case KILL -> actions.kill();
            case PAUSE -> actions.pause();
            case SHELL -> actions.shell();
            case LOGS -> actions.logs();
            case INTERVAL -> interval();
            case EARLIER -> travel(t -> t.step(-1));
            case LATER -> travel(t -> t.step(1));
            case MINUTE_EARLIER -> travel(t -> t.minutes(-1));
            case MINUTE_LATER -> travel(t -> t.minutes(1));
            case GO_TO -> travel(this::goTo);
            case NEXT_PANE, SEARCH_NEXT, SEARCH_PREVIOUS, QUIT -> {
            }
        }
        return true;
    }

    /** The help scrolls; any other key leaves it, back where it was opened. */
    private void helpKey(Action a) {
        if (a == null || !scroll(state.helpView, a)) {
            state.mode = state.helpFrom;
        }
    }

    /** Scrolls the text if the action is one that scrolls; false if not. */
    private static boolean scroll(TextView v, Action a) {
        switch (a) {
            case UP -> v.scrollUp(1);
            case DOWN -> v.scrollDown(1);
            case PAGE_UP -> v.pageUp();
            case PAGE_DOWN -> v.pageDown();
            case HOME -> v.home();
            case END -> v.end();
            default -> {
                return false;
            }
        }
        return true;
    }

    /** Keys of the detail view and the logs, which move a text rather than the table; false if not one. */
    private boolean textKey(Action a) {
        TextView v = state.text();
        if (scroll(v, a)) {
            return true;
        }
        switch (a) {
            case BACK -> state.leave();
            case FILTER -> typing.search(v);
            case SEARCH_NEXT -> {
                if (!v.next()) {
                    state.say("no match for '" + v.query() + "'", true);
                }
            }
            case SEARCH_PREVIOUS -> {
                if (!v.previous()) {
                    state.say("no match for '" + v.query() + "'", true);
                }
            }
            case NEXT_PANE -> nextPane();
            default -> {
                return false;
            }
        }
        return true;
    }

    private void help() {
        state.helpView.setLines(HelpView.lines(keys, actions::available));
        state.helpView.home();
        state.helpFrom = state.mode;
        state.mode = Mode.HELP;
    }

    private void clearFilter() {
        if (!state.table.filter().isEmpty()) {
            state.table.filter("");
            state.say("filter cleared", false);
        }
    }

    private void showAll() {
        state.all = !state.all;
        feed.showAll(state.all);
        state.say(state.all ? "showing exited containers too" : "showing running and paused containers", false);
    }

    /** The next grouping; the pods' own cgroups are read only while it is "pod". */
    private void group() {
        Grouping g = state.table.grouping().next();
        state.table.group(g);
        feed.podCgroups(g == Grouping.POD);
        state.say(g == Grouping.NONE ? "not grouped" : "grouped by " + g.label() + " ("
                + keys.describe(Action.EXPAND) + " / " + keys.describe(Action.COLLAPSE) + " expand, collapse)", false);
    }

    /**
     * The detail view of the selected container, which it stays on while the rows move; on a
     * group's line, the group expands or collapses (as Enter in htop's tree).
     */
    private void detail() {
        if (state.table.toggle()) {
            return;
        }
        Snapshot.Row r = state.selectedOrSay();
        if (r == null) {
            return;
        }
        state.table.select(r.container().id());
        state.mode = Mode.DETAIL;
        state.detail = null;
        state.paneViews.values().forEach(v -> v.setLines(List.of("reading…")));
        feed.paneOpen(state.pane);
        feed.watch(r.container().id());
    }

    private void nextPane() {
        if (state.mode == Mode.DETAIL) {
            DetailView.Pane[] panes = DetailView.Pane.values();
            state.pane = panes[(state.pane.ordinal() + 1) % panes.length];
            feed.paneOpen(state.pane);
            state.paneViews.get(state.pane).setLines(DetailView.paneText(state.pane, state.detail));
        }
    }

    private void sortMenu() {
        List<String> names = new ArrayList<>();
        for (ContainerColumn c : ContainerColumn.values()) {
            names.add(c.header());
        }
        String pick = dialogs.choose("Sort by", "Sort the table by:", names);
        if (pick != null) {
            state.table.sortBy(ContainerColumn.values()[names.indexOf(pick)]);
        }
    }

    private void interval() {
        String v = dialogs.ask("Refresh interval", "Seconds between refreshes (e.g. 1, 0.5, 2):",
                Intervals.format(state.interval).replace("s", ""), text -> {
                    try {
                        Intervals.parseMillis(text);
                        return null;
                    } catch (IllegalArgumentException e) {
                        return e.getMessage();
                    }
                });
        if (v != null) {
            state.interval = Intervals.parseMillis(v);
            feed.interval(state.interval);
            state.say("refreshing every " + Intervals.format(state.interval), false);
        }
    }

    /** A move in time, on a feed that travels; what it says goes to the status line. */
    private void travel(Function<Travel, String> move) {
        if (feed instanceof Travel t) {
            String said = move.apply(t);
            if (said == null) {
                state.message = null; // what the last move said is no longer true
            } else if (said.startsWith(Travel.ERROR)) {
                state.say(said.substring(Travel.ERROR.length()), true);
            } else {
                state.say(said, false);
            }
        }
    }

    /** {@code t}: the time typed, as {@code --at} takes it; a bad one is the status line's error, the replay stays. */
    private String goTo(Travel t) {
        String typed = dialogs.ask("Go to a time", "Shown: " + t.shown() + ". Go to the last tick at or before\n"
                + "03:00:05 (on the last recorded day), 2026-12-06T03:00:05 (local)\nor 2026-12-06T02:00:05Z:", "",
                text -> null);
        return typed == null ? null : t.at(typed);
    }

    private int pageRows() {
        return Math.max(1, screen.getTerminalSize().getRows() - MainView.TABLE_TOP - 2);
    }
}
