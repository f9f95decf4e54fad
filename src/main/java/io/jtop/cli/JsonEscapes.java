package io.jtop.cli;

import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;
import io.jtop.text.TerminalText;

/**
 * What jtop's JSON writes as <code>&#92;uNNNN</code> beyond what Jackson escapes (C0 controls, quote,
 * backslash): DEL, the C1, bidirectional and separator characters {@link TerminalText} escapes,
 * and every surrogate, so that a lone one (a byte that was not UTF-8) never reaches the output
 * raw; a pair is written as two escapes, which JSON reads back as its one character.
 */
final class JsonEscapes extends CharacterEscapes {

    private final int[] ascii;

    JsonEscapes() {
        ascii = standardAsciiEscapesForJSON();
        ascii[0x7F] = ESCAPE_STANDARD;
    }

    @Override
    public int[] getEscapeCodesForAscii() {
        return ascii;
    }

    @Override
    public SerializableString getEscapeSequence(int ch) {
        if (TerminalText.alwaysEscaped(ch) || Character.isSurrogate((char) ch)) {
            return new SerializedString(String.format("\\u%04X", ch));
        }
        return null;
    }
}
