package io.jtop.text;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.jtop.testing.Hostile;
import io.jtop.text.TerminalText.Layout;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;

import org.junit.jupiter.api.Test;

class TerminalTextTest {

    @Test
    void theNameOfTheIssueIsShownNotObeyed() {
        assertEquals("n\\x1b]0;PWN\\x07\\x1b[2J", TerminalText.line("n\u001B]0;PWN\u0007\u001B[2J"));
    }

    @Test
    void everyPieceOfTheCorpusIsEscapedAsTheCorpusSays() throws IOException {
        for (Hostile.Piece p : Hostile.PIECES) {
            byte[] b = Arrays.copyOf(p.bytes(), p.bytes().length + 1);
            b[b.length - 1] = ' '; // as in the corpus: the DCS ends in a backslash
            assertEquals(p.escaped() + " ", TerminalText.line(Utf8.decode(b)), p.what());
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            TerminalText.escape(b, 0, b.length, out);
            assertEquals(p.escaped() + " ", out.toString(StandardCharsets.UTF_8), p.what() + " as bytes");
        }
        byte[] all = Hostile.longLine();
        Hostile.assertSafe("line()", TerminalText.line(Hostile.text()).getBytes(StandardCharsets.UTF_8));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        TerminalText.escape(all, 0, all.length, out);
        Hostile.assertSafe("escape(byte[])", out.toByteArray());
    }

    @Test
    void controlsBidiSeparatorsAndInvalidBytesAreShown() {
        assertEquals("\\x00\\x7f\\u0085\\u009f", TerminalText.line("\u0000\u007F\u0085\u009F"));
        assertEquals("\\u061c\\u200e\\u200f\\u202a\\u202e\\u2066\\u2069\\u2028\\u2029",
                TerminalText.line("\u061C\u200E\u200F\u202A\u202E\u2066\u2069\u2028\u2029"));
        assertEquals("\\xff", TerminalText.line("\uDCFF"), "a surrogate escape is its byte");
        assertEquals("\uFFFD", TerminalText.line("\uD800"), "any other lone surrogate is a replacement char");
        assertEquals("café 中文 \uD83D\uDE80 \u200B", TerminalText.line("café 中文 \uD83D\uDE80 \u200B"),
                "other text is kept, invisible format chars too");
    }

    @Test
    void layoutsKeepTabsAndNewlinesOrNot() {
        String s = "a\tb\nc\r\nd\re";
        assertEquals("a\\x09b\\x0ac\\x0d\\x0ad\\x0de", TerminalText.escape(s, Layout.LINE));
        assertEquals("a\tb\\x0ac\\x0d\\x0ad\\x0de", TerminalText.escape(s, Layout.TABS));
        assertEquals("a\tb\nc\r\nd\\x0de", TerminalText.escape(s, Layout.LINES), "CR only before LF");
        assertEquals("x\\x0d", TerminalText.escape("x\r", Layout.LINES));
    }

    @Test
    void aBackslashIsDoubledOnlyWhereItCouldStartAnEscape() {
        assertEquals("{\"msg\":\"a\\nb \\\"q\\\"\"}", TerminalText.line("{\"msg\":\"a\\nb \\\"q\\\"\"}"),
                "JSON's escapes read as written");
        assertEquals("C:\\Windows", TerminalText.line("C:\\Windows"));
        assertEquals("\\\\x1b", TerminalText.line("\\x1b"), "the text \\x1b is not an ESC");
        assertEquals("\\\\u202e", TerminalText.line("\\u202e"));
        assertEquals("\\\\\\\\", TerminalText.line("\\\\"), "two backslashes: before a backslash, at the end");
        assertEquals("\\\\\\ ", TerminalText.line("\\\\ "), "before a backslash, before a space");
        assertEquals("\\\\\\x1b", TerminalText.line("\\\u001B"), "before an escaped char");
        assertEquals("a\\\\", TerminalText.line("a\\"), "at the end, so that what follows cannot join it");
    }

    @Test
    void escapedTextReadsBackAsExactlyTheBytesItCameFrom() throws IOException {
        Random random = new Random(7);
        byte[] alphabet = {0x1b, '\\', 'x', 'u', '0', 'a', '\n', '\r', '\t', 0x7f, (byte) 0xc2, (byte) 0x9b,
                (byte) 0xe2, (byte) 0x80, (byte) 0xae, (byte) 0xff, (byte) 0xc3, (byte) 0xa9};
        for (int round = 0; round < 3000; round++) {
            byte[] b = new byte[random.nextInt(10)];
            for (int i = 0; i < b.length; i++) {
                b[i] = alphabet[random.nextInt(alphabet.length)];
            }
            for (Layout layout : Layout.values()) {
                String escaped = TerminalText.escape(Utf8.decode(b), layout);
                assertArrayEquals(b, unescape(escaped), () -> layout + " " + escaped);
            }
            ByteArrayOutputStream whole = new ByteArrayOutputStream();
            TerminalText.escape(b, 0, b.length, whole);
            assertArrayEquals(b, unescape(whole.toString(StandardCharsets.UTF_8)));
        }
    }

    @Test
    void aStreamEscapesAsOneWriteWhateverPiecesItIsGiven() throws IOException {
        Random random = new Random(11);
        byte[] text = ("ok \\x é\r\n" + "\u202E\\").getBytes(StandardCharsets.UTF_8);
        byte[] all = new byte[text.length + 3];
        System.arraycopy(text, 0, all, 0, text.length);
        all[text.length] = (byte) 0xe2; // a sequence cut by the end of the stream
        all[text.length + 1] = (byte) 0x82;
        all[text.length + 2] = '\\';
        ByteArrayOutputStream whole = new ByteArrayOutputStream();
        TerminalText.escape(all, 0, all.length, whole);
        for (int round = 0; round < 200; round++) {
            ByteArrayOutputStream pieces = new ByteArrayOutputStream();
            TerminalText.Stream s = TerminalText.escaping(pieces, true);
            for (int i = 0; i < all.length; ) {
                int n = Math.min(all.length - i, random.nextInt(4));
                s.write(all, i, n);
                s.flush();
                i += n;
            }
            s.finish();
            assertEquals(whole.toString(StandardCharsets.UTF_8), pieces.toString(StandardCharsets.UTF_8));
        }
        assertEquals("ok \\\\x é\r\n\\u202e\\\\\\xe2\\x82\\\\", whole.toString(StandardCharsets.UTF_8));
    }

    @Test
    void aTerminalThatIsNotUtf8GetsOnlyAscii() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        TerminalText.Stream s = TerminalText.escaping(out, false);
        s.write("café \u011B \uD83D\uDE80\n".getBytes(StandardCharsets.UTF_8));
        s.finish();
        assertEquals("caf\\u00e9 \\u011b \\ud83d\\ude80\n", out.toString(StandardCharsets.US_ASCII));
    }

    @Test
    void theGuardEscapesWhatIsRawAndLeavesBackslashesAlone() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintWriter w = new PrintWriter(TerminalText.guard(out, true));
        w.print("name\\x1b was escaped already; \u001B[2J was not;\ttab\n\uDCFF\u202E");
        w.flush();
        assertEquals("name\\x1b was escaped already; \\x1b[2J was not;\ttab\n\\xff\\u202e",
                out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void nullAndPlainTextComeBackAsThey() {
        assertNull(TerminalText.line(null));
        String plain = "plain text ~ 100%";
        assertSame(plain, TerminalText.line(plain));
    }

    /** Reads escaped text back: {@code \xNN} a byte, <code>&#92;uNNNN</code> a char, {@code \\} a backslash, else itself. */
    private static byte[] unescape(String s) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        StringBuilder chars = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < s.length() && s.charAt(i + 1) == '\\') {
                chars.append('\\');
                i++;
            } else if (c == '\\' && i + 3 < s.length() && s.charAt(i + 1) == 'x') {
                out.writeBytes(chars.toString().getBytes(StandardCharsets.UTF_8));
                chars.setLength(0);
                out.write(Integer.parseInt(s.substring(i + 2, i + 4), 16));
                i += 3;
            } else if (c == '\\' && i + 5 < s.length() + 0 && s.charAt(i + 1) == 'u') {
                chars.append((char) Integer.parseInt(s.substring(i + 2, i + 6), 16));
                i += 5;
            } else {
                chars.append(c);
            }
        }
        out.writeBytes(chars.toString().getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }
}
