package io.jtop.ui.widget;

/**
 * One column of a table, as {@link Columns} lays it out.
 *
 * @param name         the header
 * @param minWidth     what it keeps when the width is short, or less when its content is narrower (at least 1)
 * @param maxWidth     the widest it grows to when its content is wider (at least minWidth)
 * @param priority     higher is placed first, and kept when the terminal is too narrow for all
 * @param rightAligned numbers: right-aligned
 * @param fill         takes the width left over once the other columns have theirs (NAME), up to its content
 * @param middle       long text is shortened in the middle ({@link Cells#fitMiddle}), else cut at its end
 */
public record Column(String name, int minWidth, int maxWidth, int priority, boolean rightAligned, boolean fill,
                     boolean middle) {

    public Column {
        name = name == null ? "" : name;
        minWidth = Math.max(1, minWidth);
        maxWidth = Math.max(minWidth, maxWidth);
    }

    /** A column cut at its end when too narrow. */
    public Column(String name, int minWidth, int maxWidth, int priority, boolean rightAligned, boolean fill) {
        this(name, minWidth, maxWidth, priority, rightAligned, fill, false);
    }

    /** This column's text in exactly {@code width} columns: fitted as its spec says, padded by its alignment. */
    public String fit(String text, int width) {
        return Columns.fit(text, width, rightAligned, middle);
    }
}
