package io.jtop.ui.theme;

import java.util.Locale;

/**
 * What jtop's own widgets draw, named by meaning rather than colour; each theme gives every one a
 * foreground, a background and optional SGR attributes as {@code jtop.<key>.foreground} and so on.
 */
public enum SemanticKey {
    HEADER, TABLE_HEADER, ROW, ROW_SELECTED, DIM,
    METER_OK, METER_WARN, METER_CRITICAL,
    VALUE_WARN, VALUE_CRITICAL,
    GRAPH_CPU, GRAPH_MEMORY, GRAPH_PIDS, GRAPH_LIMIT,
    BADGE, BADGE_DANGER,
    STATUS, STATUS_ERROR;

    /** The key's name in a theme file, e.g. {@code meter.ok} for {@link #METER_OK}. */
    public String property() {
        return name().toLowerCase(Locale.ROOT).replace('_', '.');
    }
}
