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
 * frame at the end: {@link #scan} ends the file before it. Damage inside the file (a payload whose
 * CRC does not match, or a length that no longer says where the next frame starts) is skipped up
 * to the next place where a length, a CRC and a payload agree, and counted ({@link Scan#damaged});
 * the decoder then waits for the next keyframe, as the deltas after the damage no longer add up.
 */
public final class Frames {

    /** The version this code writes and the only one it reads. */
    public static final int VERSION = 1;
    static final byte[] MAGIC = "JTOPREC".getBytes(StandardCharsets.US_ASCII);
    static final int HEADER = MAGIC.length + 1;
    /** No frame is larger: a length beyond it is damage, not a frame. */
    static final int MAX_FRAME = 64 << 20;
    /**
     * After damage, the next frame is looked for this far at most: more garbage than that ends the
     * file, as a torn tail does. (Each position looked at may cost a CRC over a frame's length.)
     */
    static final int RESYNC_SPAN = 1 << 20;
    /** After damage, a frame up to twice the largest sound one so far is looked for, and at least this large. */
    static final int RESYNC_MIN_FRAME = 16 << 10;

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
        int largest = 0;
        while (pos < file.length) {
            int start = soundFrame(file, pos, MAX_FRAME);
            if (start >= 0) {
                int len = payloadLength(file, pos);
                out.add(new Payload(start, len, afterDamage));
                afterDamage = false;
                largest = Math.max(largest, len);
                pos = start + len;
                valid = pos;
                continue;
            }
            // A torn tail, or damage: a payload whose CRC does not match, or a length damage made up.
            // The next frame is found where a length, a CRC and its payload agree again.
            int resume = resync(file, pos + 1, Math.max(RESYNC_MIN_FRAME, 2 * largest));
            if (resume < 0) {
                break; // nothing sound after it: the tail a writer was killed in
            }
            damaged++;
            afterDamage = true;
            pos = resume;
        }
        return new Scan(out, damaged, valid);
    }

    /**
     * The first position from {@code from} on, within {@link #RESYNC_SPAN}, where a sound frame of
     * at most {@code bound} bytes starts; -1 when there is none. A chance match of CRC-32 on garbage
     * is one in four billion per position; an empty payload is no frame (a run of zeros, as a power
     * cut may leave, would pass for one).
     */
    private static int resync(byte[] file, int from, int bound) {
        int end = (int) Math.min(file.length, (long) from + RESYNC_SPAN);
        for (int q = from; q < end; q++) {
            if (soundFrame(file, q, bound) >= 0) {
                return q;
            }
        }
        return -1;
    }

    /** Where the payload of the frame at {@code pos} starts when the frame is whole and its CRC matches, else -1. */
    private static int soundFrame(byte[] file, int pos, int bound) {
        long len = payloadLength(file, pos);
        if (len < 1 || len > bound) {
            return -1;
        }
        int p = pos + varintLength(file, pos);
        if (p + 4 + len > file.length) {
            return -1;
        }
        long stored = ((file[p] & 0xFFL) << 24) | ((file[p + 1] & 0xFFL) << 16) | ((file[p + 2] & 0xFFL) << 8)
                | (file[p + 3] & 0xFFL);
        return crc(file, p + 4, (int) len) == stored ? p + 4 : -1;
    }

    /** The length the varint at {@code pos} says, or -1 when it is cut off or longer than five bytes. */
    private static int payloadLength(byte[] file, int pos) {
        long len = 0;
        int shift = 0;
        for (int p = pos; p < file.length && shift < 35; p++) {
            int b = file[p] & 0xFF;
            len |= (long) (b & 0x7F) << shift;
            shift += 7;
            if ((b & 0x80) == 0) {
                return len > Integer.MAX_VALUE ? -1 : (int) len;
            }
        }
        return -1;
    }

    /** How many bytes the (complete) varint at {@code pos} takes. */
    private static int varintLength(byte[] file, int pos) {
        int n = 1;
        while ((file[pos + n - 1] & 0x80) != 0) {
            n++;
        }
        return n;
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
