package io.jtop.ui;

import java.util.List;
import java.util.Locale;

/** Everything a key can do in the full-screen UI, with its default keys and its line on the help screen. */
public enum Action {
    UP("move up", "Up"),
    DOWN("move down", "Down", "j"),
    PAGE_UP("page up", "PgUp"),
    PAGE_DOWN("page down", "PgDn"),
    HOME("first container", "Home"),
    END("last container", "End"),
    HELP("this help", "?", "F1"),
    FILTER("filter by name, id, image, runtime (substring or regex; Esc clears)", "/"),
    SORT_MENU("choose the sort column", "F6"),
    SORT_PREVIOUS("sort by the column to the left", "<"),
    SORT_NEXT("sort by the column to the right", ">"),
    SORT_REVERSE("reverse the sort order", "I"),
    SHOW_ALL("show exited containers too (or not)", "a"),
    GROUP("group by: none, pod (or Compose project), runtime, image", "g"),
    EXPAND("expand the selected group (Enter on it toggles)", "+"),
    COLLAPSE("collapse the selected group (or the selected member's)", "-"),
    DETAIL("detail view: graphs, namespaces, overlay, processes, config", "Enter"),
    START("start: a stopped container, or a new one of jtop's runtime", "s"),
    STOP("stop (SIGTERM, SIGKILL after the grace time)", "S"),
    KILL("send a signal (menu)", "k", "F9"),
    PAUSE("pause / resume", "p"),
    RESTART("restart", "r"),
    REMOVE("remove", "Delete", "R"),
    SHELL("shell inside (choose namespaces)", "e"),
    LOGS("logs (follow, scroll, search)", "l"),
    INTERVAL("change the refresh interval", "d"),
    BACK("back / close", "Esc"),
    NEXT_PANE("next pane of the detail view", "Tab"),
    SEARCH_NEXT("next match (detail panes and logs)", "n"),
    SEARCH_PREVIOUS("previous match (detail panes and logs)", "N"),
    EARLIER("replay: one recorded interval back", "["),
    LATER("replay: one recorded interval on (at the end: newer ticks read)", "]"),
    MINUTE_EARLIER("replay: a minute back", "{"),
    MINUTE_LATER("replay: a minute on", "}"),
    GO_TO("replay: go to a time (as --at takes it: 03:00, 2026-12-06T03:00:05 …)", "t"),
    QUIT("quit", "q", "F10", "C-c");

    private final String help;
    private final List<String> defaults;

    Action(String help, String... defaults) {
        this.help = help;
        this.defaults = List.of(defaults);
    }

    public String help() {
        return help;
    }

    /** Key names bound by default (see {@link KeyNames}). */
    public List<String> defaults() {
        return defaults;
    }

    /** The name in the config file, e.g. {@code page-up}. */
    public String configName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** Whether it moves a replay in time: bound only on a feed that travels ({@link Travel}). */
    public boolean travels() {
        return switch (this) {
            case EARLIER, LATER, MINUTE_EARLIER, MINUTE_LATER, GO_TO -> true;
            default -> false;
        };
    }

    /** Whether it changes a container; refused under {@code --readonly}. */
    public boolean changesContainers() {
        return switch (this) {
            case START, STOP, KILL, PAUSE, RESTART, REMOVE, SHELL -> true;
            default -> false;
        };
    }
}
