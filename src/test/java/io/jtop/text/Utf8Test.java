package io.jtop.text;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;

import org.junit.jupiter.api.Test;

class Utf8Test {

    private static byte[] bytes(int... b) {
        byte[] out = new byte[b.length];
        for (int i = 0; i < b.length; i++) {
            out[i] = (byte) b[i];
        }
        return out;
    }

    @Test
    void wellFormedTextDecodesAsUtf8() {
        String s = "plain, café, 中文, \u009B, \u202E, \uD83D\uDE80";
        assertEquals(s, Utf8.decode(s.getBytes(StandardCharsets.UTF_8)));
        assertEquals("ascii", Utf8.decode("ascii".getBytes(StandardCharsets.US_ASCII)));
    }

    @Test
    void eachMalformedByteBecomesItsOwnSurrogateEscape() {
        assertEquals("a\uDCFF\uDCFEb", Utf8.decode(bytes('a', 0xff, 0xfe, 'b')));
        assertEquals("\uDC9B2J", Utf8.decode(bytes(0x9b, '2', 'J')), "a lone C1 byte is not the character U+009B");
        assertEquals("[\uDCE2\uDC82]", Utf8.decode(bytes('[', 0xe2, 0x82, ']')), "a truncated sequence, then text");
        assertEquals("\uDCE2\uDC82", Utf8.decode(bytes(0xe2, 0x82)), "a sequence cut by the end");
        assertEquals("\uDCC0\uDC80", Utf8.decode(bytes(0xc0, 0x80)), "overlong NUL");
        assertEquals("\uDCE0\uDC80\uDCAF", Utf8.decode(bytes(0xe0, 0x80, 0xaf)), "overlong slash");
        assertEquals("\uDCED\uDCA0\uDC80", Utf8.decode(bytes(0xed, 0xa0, 0x80)), "an encoded surrogate");
        assertEquals("\uDCF4\uDC90\uDC80\uDC80", Utf8.decode(bytes(0xf4, 0x90, 0x80, 0x80)), "past U+10FFFF");
        assertEquals("\uDCF8", Utf8.decode(bytes(0xf8)));
    }

    @Test
    void encodeGivesBackTheBytesOfAnyDecodedText() {
        Random random = new Random(13);
        for (int round = 0; round < 2000; round++) {
            byte[] b = new byte[random.nextInt(12)];
            for (int i = 0; i < b.length; i++) {
                // Mostly bytes around the UTF-8 boundaries, so sequences form and break.
                b[i] = (byte) (random.nextBoolean() ? random.nextInt(256) : 0x80 + random.nextInt(0x78));
            }
            assertArrayEquals(b, Utf8.encode(Utf8.decode(b)), () -> Arrays.toString(b));
        }
    }

    @Test
    void encodeWritesOtherLoneSurrogatesAsReplacementChar() {
        assertArrayEquals("a\uFFFDb".getBytes(StandardCharsets.UTF_8), Utf8.encode("a\uD800b"));
        assertArrayEquals(new byte[0], Utf8.encode(""));
    }

    @Test
    void fromLatin1RedecodesKernelText() {
        String latin1 = new String(bytes('c', 'a', 'f', 0xc3, 0xa9, ' ', 0xff), StandardCharsets.ISO_8859_1);
        assertEquals("café \uDCFF", Utf8.fromLatin1(latin1));
        String ascii = "plain";
        assertSame(ascii, Utf8.fromLatin1(ascii));
    }

    @Test
    void missingTellsACutSequenceFromABrokenOne() {
        assertEquals(1, Utf8.missing(bytes(0xe2, 0x80), 0, 2));
        assertEquals(3, Utf8.missing(bytes(0xf0), 0, 1));
        assertEquals(0, Utf8.missing(bytes(0xe2, 0x41), 0, 2), "broken by ASCII");
        assertEquals(0, Utf8.missing(bytes(0xed, 0xa0), 0, 2), "a surrogate can never complete");
        assertEquals(0, Utf8.missing(bytes(0xff), 0, 1));
        assertTrue(Utf8.isEscape('\uDCFF'));
        assertFalse(Utf8.isEscape('\uDC7F'));
    }
}
