package io.jtop.text;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * UTF-8 that loses no byte: bytes from the kernel, a container or an archive are decoded as UTF-8,
 * and each byte that is not part of a well-formed sequence becomes the lone surrogate
 * {@code U+DC80 + (byte - 0x80)} (bytes 0x80-0xFF; the "surrogate escapes" of Python's
 * {@code surrogateescape}). Such a char can come from nothing else, since well-formed UTF-8 never
 * encodes a surrogate; so {@link #encode} gives the bytes back exactly, and {@link TerminalText}
 * shows the byte as {@code \xff} where a plain decoder would show U+FFFD and lose it.
 *
 * <p>Well-formed means what Unicode 15 §3.9 says (table 3-7): no overlong form, no surrogate
 * (ED A0-BF), nothing above U+10FFFF. Each byte of a malformed sequence is escaped alone and
 * decoding goes on at the next byte, so a truncated sequence costs only its own bytes.
 */
public final class Utf8 {

    /** The first of the 128 lone surrogates that stand for the bytes 0x80-0xFF. */
    static final char ESCAPES = '\uDC00';

    private Utf8() {
    }

    public static String decode(byte[] b) {
        return decode(b, 0, b.length);
    }

    public static String decode(byte[] b, int off, int len) {
        int end = off + len;
        int i = off;
        while (i < end && b[i] >= 0) {
            i++;
        }
        if (i == end) {
            return new String(b, off, len, StandardCharsets.ISO_8859_1); // ASCII: one char per byte
        }
        StringBuilder s = new StringBuilder(len);
        for (int k = off; k < i; k++) {
            s.append((char) b[k]);
        }
        while (i < end) {
            int n = sequence(b, i, end);
            if (n == 0) {
                s.append(escape(b[i]));
                i++;
            } else {
                s.appendCodePoint(codePoint(b, i, n));
                i += n;
            }
        }
        return s.toString();
    }

    /**
     * Text read as Latin-1 (one char per byte: how jtop reads kernel files to parse numbers in
     * place) decoded again as UTF-8, for the parts of it that reach a user.
     */
    public static String fromLatin1(String latin1) {
        if (latin1 == null) {
            return null;
        }
        for (int i = 0; i < latin1.length(); i++) {
            if (latin1.charAt(i) >= 0x80) {
                return decode(latin1.getBytes(StandardCharsets.ISO_8859_1));
            }
        }
        return latin1;
    }

    /**
     * The bytes a decoded text came from: UTF-8, with each surrogate escape back as its byte. A
     * lone surrogate of any other kind (never made by {@link #decode}) is written as U+FFFD.
     */
    public static byte[] encode(String s) {
        if (s.isEmpty()) {
            return new byte[0];
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(s.length() + 16);
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            i += Character.charCount(cp);
            if (cp < 0x80) {
                out.write(cp);
            } else if (isEscape(cp)) {
                out.write(cp - ESCAPES);
            } else {
                int c = Character.isSurrogate((char) cp) ? 0xFFFD : cp;
                byte[] enc = new String(Character.toChars(c)).getBytes(StandardCharsets.UTF_8);
                out.write(enc, 0, enc.length);
            }
        }
        return out.toByteArray();
    }

    /** Whether a char or code point is the surrogate escape of a byte 0x80-0xFF. */
    public static boolean isEscape(int cp) {
        return cp >= ESCAPES + 0x80 && cp <= ESCAPES + 0xFF;
    }

    /** The surrogate escape of a byte that is not UTF-8. */
    static char escape(byte b) {
        return (char) (ESCAPES + (b & 0xff));
    }

    /**
     * The length of the well-formed sequence that starts at {@code b[i]}, or 0 when none does:
     * an ASCII byte, a continuation byte out of place, or a lead byte whose sequence is cut short
     * ({@code end}) or broken.
     */
    static int sequence(byte[] b, int i, int end) {
        int lead = b[i] & 0xff;
        if (lead < 0x80) {
            return 1;
        }
        int n;
        int lo = 0x80;
        int hi = 0xBF;
        if (lead >= 0xC2 && lead <= 0xDF) {
            n = 2;
        } else if (lead >= 0xE0 && lead <= 0xEF) {
            n = 3;
            lo = lead == 0xE0 ? 0xA0 : 0x80; // no overlong form
            hi = lead == 0xED ? 0x9F : 0xBF; // no surrogate
        } else if (lead >= 0xF0 && lead <= 0xF4) {
            n = 4;
            lo = lead == 0xF0 ? 0x90 : 0x80; // no overlong form
            hi = lead == 0xF4 ? 0x8F : 0xBF; // nothing past U+10FFFF
        } else {
            return 0;
        }
        if (i + n > end) {
            return 0;
        }
        int second = b[i + 1] & 0xff;
        if (second < lo || second > hi) {
            return 0;
        }
        for (int k = 2; k < n; k++) {
            int c = b[i + k] & 0xff;
            if (c < 0x80 || c > 0xBF) {
                return 0;
            }
        }
        return n;
    }

    /**
     * How many more bytes the sequence begun at {@code b[i..end)} needs to be complete, or 0 when
     * those bytes cannot begin a well-formed sequence whatever follows (or already hold one): how
     * a stream tells bytes cut at the end of a read from bytes that are malformed.
     */
    static int missing(byte[] b, int i, int end) {
        int lead = b[i] & 0xff;
        int n = lead >= 0xC2 && lead <= 0xDF ? 2 : lead >= 0xE0 && lead <= 0xEF ? 3
                : lead >= 0xF0 && lead <= 0xF4 ? 4 : 0;
        if (n == 0 || end - i >= n) {
            return 0;
        }
        // Pad with the one continuation byte every lead accepts in every position, then check.
        byte[] probe = new byte[n];
        System.arraycopy(b, i, probe, 0, end - i);
        int lo = lead == 0xE0 ? 0xA0 : lead == 0xF0 ? 0x90 : 0x80;
        for (int k = end - i; k < n; k++) {
            probe[k] = (byte) (k == 1 ? lo : 0x80);
        }
        return sequence(probe, 0, n) == n ? n - (end - i) : 0;
    }

    static int codePoint(byte[] b, int i, int n) {
        int lead = b[i] & 0xff;
        int cp = switch (n) {
            case 1 -> lead;
            case 2 -> lead & 0x1F;
            case 3 -> lead & 0x0F;
            default -> lead & 0x07;
        };
        for (int k = 1; k < n; k++) {
            cp = cp << 6 | (b[i + k] & 0x3F);
        }
        return cp;
    }
}
