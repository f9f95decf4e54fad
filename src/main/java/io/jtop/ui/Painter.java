package io.jtop.ui;

import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.screen.Screen;
import io.jtop.container.Backend;
import io.jtop.metrics.Snapshot;
import io.jtop.ui.theme.Theme;

import java.io.IOException;

/**
 * Draws the screen of the current mode: every refresh draws the whole frame, and {@link FrameDiff}
 * and {@link ScreenWriter} write only the cells that changed (over SSH, the bytes are the cost).
 * The status line shows the search being typed, else the warning that the figures went stale,
 * else the last message. UI thread only.
 */
final class Painter {

    private final Screen screen;
    private final ScreenWriter writer;
    private final FrameDiff frames;
    private final UiState state;
    private final Theme theme;
    private final Keymap keys;
    private final boolean readonly;
    /** What the selected container's actions go to, for the keys bound now. */
    private final Backend backend;
    /** Where the frames come from: whether the keys that move in time are bound. */
    private final Feed feed;
    private final boolean braille;
    private UiState.Mode drawnMode;

    Painter(Screen screen, ScreenWriter writer, FrameDiff frames, UiState state, App.Options o, Backend backend,
            Feed feed) {
        this.feed = feed;
        this.screen = screen;
        this.writer = writer;
        this.frames = frames;
        this.state = state;
        this.theme = o.theme();
        this.keys = o.config().keymap();
        this.readonly = o.readonly();
        this.backend = backend;
        this.braille = o.config().braille();
    }

    /** Draws the current screen; {@code complete}: every cell, not only those that changed. */
    void draw(boolean complete) throws IOException {
        TerminalSize size = screen.getTerminalSize();
        if (complete || state.mode != drawnMode || frames.invalidated()) {
            frames.invalidate();
            writer.clear(size);
            drawnMode = state.mode;
        }
        var g = frames.begin(size);
        String status = state.message;
        boolean error = state.messageIsError;
        long stale = state.staleSeconds();
        if (stale > 0) {
            status = "no new figures for " + stale + " s: a backend is slow or down ("
                    + (state.header == null ? "starting" : String.join("; ", state.header.backends()))
                    + "); keys still work";
            error = true;
        }
        if (state.filterEdit != null && state.searchEdit) {
            status = "Search: " + state.filterEdit + "█   Enter searches (~ for a regex), Esc clears";
            error = false;
        }
        Snapshot.Row selected = state.table.selected();
        switch (state.mode) {
            case HELP -> HelpView.draw(g, size, theme, state.helpView);
            case DETAIL -> {
                if (selected == null) {
                    state.leave();
                    state.say("the container is gone", true);
                    draw(true);
                    return;
                }
                DetailView.draw(g, size, theme, selected.container(), selected.sample(), state.detail, state.pane,
                        state.paneViews.get(state.pane), braille, status, error, state.now());
            }
            case LOGS -> LogsView.draw(g, size, theme, state.logsOf, state.logView, status, error);
            default -> MainView.draw(g, size, theme, new MainView.Model(state.header, state.table, state.interval,
                    state.all, status, error, state.searchEdit ? null : state.filterEdit, keys, readonly,
                    a -> Actions.boundOnLine(a, readonly, backend, state.table, feed)));
        }
        frames.end();
    }
}
