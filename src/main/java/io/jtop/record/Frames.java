package io.jtop.record;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32;

/**
 * The file's outer layer: an 8-byte header ({@code JTOPREC} and the format's version), then frames,
 * each its payload's length (varint), the payload's CRC-32 (4 bytes, big-endian) and the payload.
 * A frame is written whole in one append, so a writer killed mid-append leaves at most one torn
 * frame at the end: {@link #scan} ends the file before it. A frame inside the file whose CRC does
 * not match is skipped and counted ({@link Scan#damaged}); the decoder then waits for the next
 * keyframe, as the deltas after the damage no longer add up.
 */
public final class Frames {

    /** The version this code writes and the only one it reads. */
    public static final int VERSION = 1;
    static final byte[] MAGIC = "JTOPREC".getBytes(StandardCharsets.US_ASCII);
    static final int HEADER = MAGIC.length + 1;
    /** No frame is larger: a length beyond it is damage, not a frame. */
    static final int MAX_FRAME = 64 << 20;

    private Frames() {
    }

    /** Raised when a file is not a recording this version reads. */
    public static final class Unreadable extends Exception {
        Unreadable(String message) {
            super(message);
        }
    }

    /** The header every recording starts with. */
    public static byte[] header() {
        byte[] h = Arrays.copyOf(MAGIC, HEADER);
        h[MAGIC.length] = VERSION;
        return h;
    }

    /** {@code payload} framed: length, CRC-32, payload. */
    static void frame(Bytes.Out out, byte[] payload) {
        out.varint(payload.length);
        long crc = crc(payload, 0, payload.length);
        out.u8((int) (crc >>> 24));
        out.u8((int) (crc >>> 16));
        out.u8((int) (crc >>> 8));
        out.u8((int) crc);
        out.bytes(payload, 0, payload.length);
    }

    private static long crc(byte[] b, int off, int len) {
        CRC32 c = new CRC32();
        c.update(b, off, len);
        return c.getValue();
    }

    /** One frame's payload, where it lies in the file. */
    record Payload(int offset, int length, boolean afterDamage) {
    }

    /**
     * What a file holds.
     *
     * @param payloads    the sound frames, in file order
     * @param damaged     frames inside the file whose CRC did not match, skipped
     * @param validLength the bytes up to the end of the last sound frame: where a writer appends
     */
    record Scan(List<Payload> payloads, int damaged, long validLength) {
    }

    /** The frames of a whole file; {@link Unreadable} if it is not a recording of this version. */
    static Scan scan(byte[] file) throws Unreadable {
        checkHeader(file);
        List<Payload> out = new ArrayList<>();
        int damaged = 0;
        boolean afterDamage = false;
        int pos = HEADER;
        long valid = HEADER;
        while (pos < file.length) {
            long len = 0;
            int p = pos;
            int shift = 0;
            boolean complete = false;
            while (p < file.length && shift < 35) {
                int b = file[p++] & 0xFF;
                len |= (long) (b & 0x7F) << shift;
                shift += 7;
                if ((b & 0x80) == 0) {
                    complete = true;
                    break;
                }
            }
            if (!complete || len > MAX_FRAME || p + 4 + len > file.length) {
                break; // a torn tail, or a length that damage made up: nothing after it can be framed
            }
            long stored = ((file[p] & 0xFFL) << 24) | ((file[p + 1] & 0xFFL) << 16) | ((file[p + 2] & 0xFFL) << 8)
                    | (file[p + 3] & 0xFFL);
            int start = p + 4;
            int next = start + (int) len;
            if (crc(file, start, (int) len) == stored) {
                out.add(new Payload(start, (int) len, afterDamage));
                afterDamage = false;
                valid = next;
            } else if (next == file.length) {
                break; // the last frame, half on disk: torn, not damaged
            } else {
                damaged++;
                afterDamage = true;
            }
            pos = next;
        }
        return new Scan(out, damaged, valid);
    }

    /** The header checked: the magic, then the version. */
    static void checkHeader(byte[] file) throws Unreadable {
        if (file.length < HEADER || !Arrays.equals(Arrays.copyOf(file, MAGIC.length), MAGIC)) {
            throw new Unreadable("not a jtop recording");
        }
        int version = file[MAGIC.length] & 0xFF;
        if (version != VERSION) {
            throw new Unreadable("recording format version " + version + " (this jtop reads version " + VERSION
                    + ")");
        }
    }
}
