package io.jtop.ui.widget;

/**
 * One column of a table, as {@link Columns} lays it out.
 *
 * @param name          the header
 * @param minWidth      narrowest it is shown (at least 1)
 * @param preferredWidth what it gets before any flexible column grows (at least minWidth)
 * @param priority      higher is kept longer when the terminal is too narrow for all
 * @param rightAligned  numbers: right-aligned
 * @param flexible      takes a share of the width left over (NAME, IMAGE)
 */
public record Column(String name, int minWidth, int preferredWidth, int priority, boolean rightAligned, boolean flexible) {

    public Column {
        name = name == null ? "" : name;
        minWidth = Math.max(1, minWidth);
        preferredWidth = Math.max(minWidth, preferredWidth);
    }
}
