package io.jtop.text;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The one escaper of text from outside (containers, archives, engines, users) on its way to a
 * terminal, for every output of jtop: the CLI's tables, fields and messages, {@code logs} on a
 * terminal, the UI's cells. Nothing it returns or writes can move the cursor, retitle the window,
 * reorder text or hide what follows:
 *
 * <ul>
 *   <li>{@code \xNN} for a control character (C0 and DEL, e.g. {@code \x1b}) and for a byte that
 *       is not UTF-8 (e.g. {@code \xff}; a {@link Utf8} surrogate escape in a String);
 *   <li><code>&#92;uNNNN</code> for a C1 control (U+0080-U+009F, e.g. <code>&#92;u009b</code>, CSI to a terminal),
 *       a bidirectional control (U+061C, U+200E, U+200F, U+202A-U+202E, U+2066-U+2069) and the
 *       line and paragraph separators (U+2028, U+2029);
 *   <li>{@code \\} for a backslash where it could otherwise be read as the start of one of
 *       these: before {@code \}, {@code x}, {@code u}, an escaped character, or at the end.
 *       Any other backslash is left as it is, so {@code \n} or {@code \"} in a JSON log line
 *       reads as the program wrote it.
 * </ul>
 *
 * Read back, {@code \xNN} is a byte, <code>&#92;uNNNN</code> a character, {@code \\} a backslash, and any
 * other backslash itself: the escaped text tells every input apart. Hex digits are lower case.
 *
 * <p>Tabs and newlines are escaped or kept as the {@link Layout} says; a carriage return is kept
 * only right before a newline (CRLF ends a line harmlessly). On a terminal whose locale is not
 * UTF-8 ({@link #utf8Locale}), every other non-ASCII character is escaped too: its UTF-8 bytes
 * 0x80-0x9F would be C1 controls to such a terminal.
 *
 * <p>The work is done once, on UTF-8 bytes ({@link #escape(byte[], int, int, OutputStream)}); a
 * String is escaped as its {@link Utf8#encode bytes}, so a surrogate escape shows as its byte and
 * any other lone surrogate as U+FFFD.
 */
public final class TerminalText {

    /** How the next character will be written: as itself, starting with a backslash, or not known yet. */
    private static final int PLAIN = 0;
    private static final int SPECIAL = 1;
    private static final int UNKNOWN = 2;

    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    /** Which of tab and newline a text may keep. */
    public enum Layout {
        /** One line, e.g. a table cell, a field, a name: tabs and newlines escaped too. */
        LINE,
        /** One line whose tabs are expanded by the caller: the UI's cells. */
        TABS,
        /** Lines: a container's output, or text jtop laid out in lines itself. */
        LINES
    }

    private TerminalText() {
    }

    /** A one-line text escaped ({@link Layout#LINE}); null stays null. */
    public static String line(String s) {
        return escape(s, Layout.LINE);
    }

    /** A text escaped for this layout, as for a UTF-8 terminal; null stays null, and text with nothing to escape is returned as it is. */
    public static String escape(String s, Layout layout) {
        return escape(s, layout, true);
    }

    /**
     * What the {@link #guard} does, for a String: {@link #escape} but with backslashes left as
     * they are, for text that was escaped already and must not be escaped twice (the UI escapes
     * text where it enters a view and checks it again where it is drawn).
     */
    public static String escapeControls(String s, Layout layout) {
        return escape(s, layout, false);
    }

    private static String escape(String s, Layout layout, boolean backslashes) {
        if (s == null || !mayNeedEscapes(s, backslashes)) {
            return s;
        }
        byte[] b = Utf8.encode(s);
        ByteArrayOutputStream out = new ByteArrayOutputStream(b.length + 16);
        new Escaper(out, layout, backslashes, true).run(b, 0, b.length, true);
        return out.toString(StandardCharsets.UTF_8);
    }

    /** Whether any char of the text may be escaped: a control, (a backslash,) a C1, bidi control, separator or surrogate. */
    private static boolean mayNeedEscapes(String s, boolean backslashes) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < ' ' || c == '\\' && backslashes || c >= 0x7F && (alwaysEscaped(c) || Character.isSurrogate(c))) {
                return true;
            }
        }
        return false;
    }

    /**
     * Writes {@code b[off..off+len)}, UTF-8 text such as a container's output, escaped in
     * {@link Layout#LINES} to a UTF-8 terminal. The range is taken as whole: a sequence cut at its
     * end is shown as bytes. To escape a stream read in pieces, write them to {@link #escaping}.
     */
    public static void escape(byte[] b, int off, int len, OutputStream out) throws IOException {
        try {
            new Escaper(out, Layout.LINES, true, true).run(b, off, off + len, true);
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    /**
     * A stream that writes what it is given to {@code out} escaped in {@link Layout#LINES}: for
     * bytes read in pieces, where a character or a CRLF may be cut between two writes.
     *
     * @param utf8 whether the terminal's locale is UTF-8 ({@link #utf8Locale}); if not, every
     *             non-ASCII character is escaped too
     */
    public static Stream escaping(OutputStream out, boolean utf8) {
        return new Stream(out, new Escaper(out, Layout.LINES, true, utf8));
    }

    /**
     * The CLI's last line of defence: a writer to {@code out} that escapes every control, C1 and
     * bidirectional character and every surrogate escape that reaches it (tabs and newlines
     * kept), but leaves backslashes alone, since the fields in what it is given were escaped with
     * {@link #line} already and their backslashes made unambiguous there. So nothing a command
     * forgot to escape can reach the terminal raw, and nothing escaped is escaped twice.
     */
    public static Writer guard(OutputStream out, boolean utf8) {
        Escaper escaper = new Escaper(out, Layout.LINES, false, utf8);
        return new Writer() {
            /** Each write is whole text (what a print gave), so nothing is held back for the next. */
            @Override
            public void write(char[] c, int off, int len) throws IOException {
                byte[] b = Utf8.encode(new String(c, off, len));
                try {
                    escaper.run(b, 0, b.length, true);
                } catch (UncheckedIOException e) {
                    throw e.getCause();
                }
            }

            @Override
            public void flush() throws IOException {
                out.flush();
            }

            @Override
            public void close() throws IOException {
                out.close();
            }
        };
    }

    /** Whether the host's locale encodes text as UTF-8 (else a terminal may take bytes 0x80-0x9F as C1 controls). */
    public static boolean utf8Locale() {
        String enc = System.getProperty("native.encoding", System.getProperty("sun.jnu.encoding", ""));
        return enc.equalsIgnoreCase("UTF-8") || enc.equalsIgnoreCase("UTF8");
    }

    /** Whether a code point is always escaped: a control, C1, bidirectional control or separator. */
    public static boolean alwaysEscaped(int cp) {
        return cp < 0x20 || cp >= 0x7F && cp <= 0x9F || cp == 0x061C || cp == 0x200E || cp == 0x200F
                || cp >= 0x2028 && cp <= 0x202E || cp >= 0x2066 && cp <= 0x2069;
    }

    /**
     * An escaping stream: holds the bytes a write ends with whose escaping depends on what comes
     * next (part of a UTF-8 sequence, a backslash, a carriage return) until the next write, and
     * writes them as they stand on {@link #finish}. {@link #flush} keeps them: they are at most
     * four bytes of a line not yet ended.
     */
    public static final class Stream extends OutputStream {
        private final OutputStream out;
        private final Escaper escaper;
        private byte[] held = new byte[0];

        private Stream(OutputStream out, Escaper escaper) {
            this.out = out;
            this.escaper = escaper;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            byte[] in = b;
            int from = off;
            int end = off + len;
            if (held.length > 0) {
                in = new byte[held.length + len];
                System.arraycopy(held, 0, in, 0, held.length);
                System.arraycopy(b, off, in, held.length, len);
                from = 0;
                end = in.length;
            }
            try {
                int done = escaper.run(in, from, end, false);
                held = Arrays.copyOfRange(in, done, end);
            } catch (UncheckedIOException e) {
                throw e.getCause();
            }
        }

        @Override
        public void flush() throws IOException {
            out.flush();
        }

        /** Writes what is held as it stands (a cut sequence as bytes) and flushes; {@code out} stays open. */
        public void finish() throws IOException {
            try {
                escaper.run(held, 0, held.length, true);
            } catch (UncheckedIOException e) {
                throw e.getCause();
            }
            held = new byte[0];
            out.flush();
        }

        @Override
        public void close() throws IOException {
            finish();
            out.close();
        }
    }

    /** One pass over bytes: runs of bytes that need nothing are copied as they are. */
    private static final class Escaper {
        private final OutputStream out;
        private final Layout layout;
        private final boolean backslashes;
        private final boolean utf8;

        Escaper(OutputStream out, Layout layout, boolean backslashes, boolean utf8) {
            this.out = out;
            this.layout = layout;
            this.backslashes = backslashes;
            this.utf8 = utf8;
        }

        /**
         * Escapes {@code b[i..end)}; returns where it stopped: {@code end}, or, unless
         * {@code last}, the first byte whose escaping depends on bytes not given yet.
         */
        int run(byte[] b, int i, int end, boolean last) {
            int copied = i;
            while (i < end) {
                int c = b[i] & 0xff;
                if (c >= 0x20 && c < 0x7F && c != '\\') {
                    i++;
                    continue;
                }
                if (c == '\\' && !backslashes) {
                    i++;
                    continue;
                }
                int n;
                int form = PLAIN;
                if (c < 0x80) {
                    n = 1;
                    if (c == '\\' || c == '\r' && layout == Layout.LINES) {
                        form = c == '\\' ? form(b, i + 1, end, last) : i + 1 < end ? (b[i + 1] == '\n' ? PLAIN : SPECIAL)
                                : last ? SPECIAL : UNKNOWN;
                        if (form == UNKNOWN) {
                            copy(b, copied, i);
                            return i;
                        }
                        if (c == '\r' && form == PLAIN) {
                            i++;
                            continue;
                        }
                    } else if (kept(c)) {
                        i++;
                        continue;
                    }
                } else {
                    n = Utf8.sequence(b, i, end);
                    if (n == 0 && !last && Utf8.missing(b, i, end) > 0) {
                        copy(b, copied, i);
                        return i;
                    }
                    if (n > 0 && !escaped(Utf8.codePoint(b, i, n))) {
                        i += n;
                        continue;
                    }
                }
                copy(b, copied, i);
                if (c == '\\') {
                    write(form == SPECIAL ? new byte[] {'\\', '\\'} : new byte[] {'\\'});
                } else if (n <= 1) {
                    write(new byte[] {'\\', 'x', HEX[c >> 4], HEX[c & 15]});
                    n = 1;
                } else {
                    int cp = Utf8.codePoint(b, i, n);
                    if (cp > 0xFFFF) {
                        for (char half : Character.toChars(cp)) {
                            writeU(half);
                        }
                    } else {
                        writeU(cp);
                    }
                }
                i += n;
                copied = i;
            }
            copy(b, copied, end);
            return end;
        }

        /** How the character at {@code b[j]} will be written; the end of the text counts as special. */
        private int form(byte[] b, int j, int end, boolean last) {
            if (j >= end) {
                return last ? SPECIAL : UNKNOWN;
            }
            int c = b[j] & 0xff;
            if (c == '\\' || c == 'x' || c == 'u') {
                return SPECIAL;
            }
            if (c >= 0x20 && c < 0x7F) {
                return PLAIN;
            }
            if (c == '\r' && layout == Layout.LINES) {
                return j + 1 < end ? (b[j + 1] == '\n' ? PLAIN : SPECIAL) : last ? SPECIAL : UNKNOWN;
            }
            if (c < 0x80) {
                return kept(c) ? PLAIN : SPECIAL;
            }
            int n = Utf8.sequence(b, j, end);
            if (n == 0) {
                return !last && Utf8.missing(b, j, end) > 0 ? UNKNOWN : SPECIAL;
            }
            return escaped(Utf8.codePoint(b, j, n)) ? SPECIAL : PLAIN;
        }

        /** Whether an ASCII control is written as itself in this layout. */
        private boolean kept(int c) {
            return c == '\t' && layout != Layout.LINE || c == '\n' && layout == Layout.LINES;
        }

        private boolean escaped(int cp) {
            return alwaysEscaped(cp) || !utf8 && cp >= 0x80;
        }

        private void writeU(int cp) {
            write(new byte[] {'\\', 'u', HEX[cp >> 12 & 15], HEX[cp >> 8 & 15], HEX[cp >> 4 & 15], HEX[cp & 15]});
        }

        private void copy(byte[] b, int from, int to) {
            if (to > from) {
                try {
                    out.write(b, from, to - from);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }

        private void write(byte[] b) {
            copy(b, 0, b.length);
        }
    }
}
