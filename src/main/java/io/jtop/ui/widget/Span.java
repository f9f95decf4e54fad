package io.jtop.ui.widget;

import io.jtop.ui.theme.SemanticKey;

/**
 * A run of text drawn in one semantic style; the pure parts of widgets return rows of spans.
 *
 * @param text  clean text (see {@link Cells#clean}); null becomes empty
 * @param style the theme key it is drawn with
 */
public record Span(String text, SemanticKey style) {

    public Span {
        text = text == null ? "" : text;
    }
}
