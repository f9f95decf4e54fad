package io.jtop.ui;

import com.googlecode.lanterna.input.KeyStroke;
import io.jtop.ui.widget.TextView;

/**
 * Text typed in the status line, which takes every key until Enter or Esc: the table's filter,
 * applied live as in htop, or a search in a detail pane or the logs, applied on Enter as in less.
 */
final class TextEntry {

    private final UiState state;

    TextEntry(UiState state) {
        this.state = state;
    }

    /** Whether a text is being typed, and so takes the keys. */
    boolean typing() {
        return state.filterEdit != null;
    }

    /** Starts typing the table's filter, from the one in force. */
    void filter() {
        state.filterEdit = state.table.filter();
    }

    /** Starts typing a search in this text, from the one in force. */
    void search(TextView v) {
        state.filterEdit = v.query();
        state.searchEdit = true;
    }

    /** One key typed; false when it quits jtop (Ctrl-C in the filter). */
    boolean key(KeyStroke k) {
        if (state.searchEdit) {
            searchKey(k);
            return true;
        }
        return filterKey(k);
    }

    private boolean filterKey(KeyStroke k) {
        switch (k.getKeyType()) {
            case Enter -> state.filterEdit = null;
            case Escape -> {
                state.filterEdit = null;
                state.table.filter("");
            }
            case Backspace -> {
                if (!state.filterEdit.isEmpty()) {
                    state.filterEdit = state.filterEdit.substring(0, state.filterEdit.length() - 1);
                    state.table.filter(state.filterEdit);
                }
            }
            case Character -> {
                if (k.isCtrlDown() && k.getCharacter() == 'c') {
                    return false;
                }
                if (!k.isCtrlDown() && !k.isAltDown()) {
                    state.filterEdit += k.getCharacter();
                    state.table.filter(state.filterEdit); // live, as in htop
                }
            }
            default -> {
            }
        }
        return true;
    }

    private void searchKey(KeyStroke k) {
        TextView v = state.text();
        switch (k.getKeyType()) {
            case Enter -> {
                v.search(state.filterEdit);
                state.filterEdit = null;
                state.searchEdit = false;
                if (!v.query().isEmpty() && v.matches().isEmpty()) {
                    state.say("no match for '" + v.query() + "'", true);
                }
            }
            case Escape -> {
                v.clearSearch();
                state.filterEdit = null;
                state.searchEdit = false;
            }
            case Backspace -> {
                if (!state.filterEdit.isEmpty()) {
                    state.filterEdit = state.filterEdit.substring(0, state.filterEdit.length() - 1);
                }
            }
            case Character -> {
                if (!k.isCtrlDown() && !k.isAltDown()) {
                    state.filterEdit += k.getCharacter();
                }
            }
            default -> {
            }
        }
    }
}
