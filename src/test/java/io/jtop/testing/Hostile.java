package io.jtop.testing;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.jtop.text.Utf8;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The hostile corpus every output is tested with: text that would take over a terminal if it
 * reached one raw, and what each piece must look like once jtop has escaped it.
 */
public final class Hostile {

    /** A piece of the corpus: its bytes, and how jtop shows them. */
    public record Piece(String what, byte[] bytes, String escaped) {
    }

    public static final Piece OSC_TITLE = piece("OSC window title", "\u001B]0;PWN\u0007", "\\x1b]0;PWN\\x07");
    public static final Piece CLEAR = piece("clear screen", "\u001B[2J", "\\x1b[2J");
    /** A DCS query (XTGETTCAP of "TN"): the terminal answers it as if typed. */
    public static final Piece DCS = piece("DCS", "\u001BP+q544e\u001B\\", "\\x1bP+q544e\\x1b\\");
    public static final Piece C1_CHAR = piece("C1 CSI, the character U+009B", "\u009B2J", "\\u009b2J");
    public static final Piece C1_BYTE = new Piece("C1 CSI, the raw byte 0x9b", new byte[] {(byte) 0x9b, '3', 'J'},
            "\\x9b3J");
    public static final Piece RLO = piece("right-to-left override", "\u202Etxt.exe", "\\u202etxt.exe");
    public static final Piece INVALID = new Piece("invalid UTF-8", new byte[] {'<', (byte) 0xff, (byte) 0xfe, '>'},
            "<\\xff\\xfe>");
    public static final Piece TRUNCATED = new Piece("truncated UTF-8 sequence",
            new byte[] {'[', (byte) 0xe2, (byte) 0x82, ']'}, "[\\xe2\\x82]");

    /** Every piece, in order. */
    public static final List<Piece> PIECES = List.of(OSC_TITLE, CLEAR, DCS, C1_CHAR, C1_BYTE, RLO, INVALID, TRUNCATED);

    private Hostile() {
    }

    private static Piece piece(String what, String text, String escaped) {
        return new Piece(what, text.getBytes(StandardCharsets.UTF_8), escaped);
    }

    /** Every piece, each after a space (so a piece never escapes what the one before it left). */
    public static byte[] bytes() {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes("hostile".getBytes(StandardCharsets.US_ASCII));
        for (Piece p : PIECES) {
            b.write(' ');
            b.writeBytes(p.bytes());
        }
        return b.toByteArray();
    }

    /** {@link #bytes} as Java text: invalid bytes as {@link Utf8} surrogate escapes. */
    public static String text() {
        return Utf8.decode(bytes());
    }

    /** A line of 50 KB: the corpus, 50,000 letters, the corpus again. */
    public static byte[] longLine() {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes(bytes());
        b.writeBytes("L".repeat(50_000).getBytes(StandardCharsets.US_ASCII));
        b.writeBytes(bytes());
        return b.toByteArray();
    }

    /**
     * A shell script for {@code printf} that writes {@link #bytes}: every byte that is not a
     * plain letter, digit or space as an octal escape, so a command line of ASCII makes them.
     */
    public static String printfFormat(byte[] bytes) {
        StringBuilder s = new StringBuilder();
        for (byte x : bytes) {
            int c = x & 0xff;
            if (Character.isLetterOrDigit(c) && c < 0x80 || c == ' ') {
                s.append((char) c);
            } else {
                s.append(String.format("\\%03o", c));
            }
        }
        return s.toString();
    }

    /**
     * Fails when the output holds anything a terminal would act on: an invalid UTF-8 byte, a
     * control character other than tab and newline (and CR before a newline), a C1 control, a
     * bidirectional control or a line or paragraph separator.
     */
    public static void assertNothingRaw(String what, byte[] output) {
        String text = Utf8.decode(output);
        List<String> found = new ArrayList<>();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean crlf = c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n';
            if (c < 0x20 && c != '\n' && c != '\t' && !crlf || c >= 0x7F && c <= 0x9F || c == 0x061C
                    || c == 0x200E || c == 0x200F || c >= 0x2028 && c <= 0x202E || c >= 0x2066 && c <= 0x2069
                    || Character.isSurrogate(c) && !(Character.isHighSurrogate(c) && i + 1 < text.length()
                            && Character.isLowSurrogate(text.charAt(i + 1)))) {
                found.add(String.format("U+%04X at %d", (int) c, i));
                if (found.size() > 10) {
                    break;
                }
            } else if (Character.isHighSurrogate(c)) {
                i++;
            }
        }
        if (!found.isEmpty()) {
            fail(what + " printed raw: " + found + " in: " + excerpt(text));
        }
    }

    /** Fails unless every piece appears in its escaped form. */
    public static void assertEscaped(String what, String output) {
        for (Piece p : PIECES) {
            assertTrue(output.contains(p.escaped()), what + " does not show the " + p.what() + " as " + p.escaped()
                    + ": " + excerpt(output));
        }
    }

    /** Both of the above. */
    public static void assertSafe(String what, byte[] output) {
        assertNothingRaw(what, output);
        assertEscaped(what, new String(output, StandardCharsets.UTF_8));
    }

    private static String excerpt(String s) {
        String t = s.length() > 2000 ? s.substring(0, 2000) + "…" : s;
        StringBuilder b = new StringBuilder();
        for (char c : t.toCharArray()) {
            b.append(c < 0x20 && c != '\n' || c >= 0x7F && c <= 0x9F || Character.isSurrogate(c)
                    ? String.format("<%04x>", (int) c) : String.valueOf(c));
        }
        return b.toString();
    }
}
