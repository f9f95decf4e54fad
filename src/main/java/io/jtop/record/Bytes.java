package io.jtop.record;

import java.time.Instant;
import java.util.Arrays;

/**
 * The recording's primitives: unsigned LEB128 varints, zigzag for signed figures, and strings as
 * their UTF-16 code units (so any Java string, a lone surrogate or a 10k-character name included,
 * comes back exactly). {@link Out} grows as it is written; {@link In} reads one frame's payload and
 * throws {@link Corrupt} past its end.
 */
final class Bytes {

    private Bytes() {
    }

    /** A payload that does not decode as its type says. */
    static final class Corrupt extends RuntimeException {
        Corrupt(String what) {
            super(what);
        }
    }

    static long zigzag(long v) {
        return (v << 1) ^ (v >> 63);
    }

    static long unzigzag(long v) {
        return (v >>> 1) ^ -(v & 1);
    }

    /** A growing byte array. */
    static final class Out {
        private byte[] buf = new byte[256];
        private int size;

        void u8(int b) {
            if (size == buf.length) {
                buf = Arrays.copyOf(buf, size * 2);
            }
            buf[size++] = (byte) b;
        }

        void varint(long v) {
            while ((v & ~0x7FL) != 0) {
                u8((int) (v & 0x7F) | 0x80);
                v >>>= 7;
            }
            u8((int) v);
        }

        void signed(long v) {
            varint(zigzag(v));
        }

        void bool(boolean b) {
            u8(b ? 1 : 0);
        }

        /** A string or null: 0 for null, else 1 + its length in code units, then each unit. */
        void str(String s) {
            if (s == null) {
                varint(0);
                return;
            }
            varint(s.length() + 1L);
            for (int i = 0; i < s.length(); i++) {
                varint(s.charAt(i));
            }
        }

        /** A nullable integer: 0 for null, else 1 + its zigzag. */
        void optional(Long v) {
            varint(v == null ? 0 : zigzag(v) + 1);
        }

        void instant(Instant t) {
            if (t == null) {
                varint(0);
                return;
            }
            varint(1);
            signed(t.getEpochSecond());
            varint(t.getNano());
        }

        void bytes(byte[] b, int off, int len) {
            for (int i = off; i < off + len; i++) {
                u8(b[i]);
            }
        }

        int size() {
            return size;
        }

        byte[] toArray() {
            return Arrays.copyOf(buf, size);
        }
    }

    /** Reads one payload. */
    static final class In {
        private final byte[] buf;
        private final int end;
        private int pos;

        In(byte[] buf, int off, int len) {
            this.buf = buf;
            this.pos = off;
            this.end = off + len;
        }

        int u8() {
            if (pos >= end) {
                throw new Corrupt("record ends early");
            }
            return buf[pos++] & 0xFF;
        }

        long varint() {
            long v = 0;
            for (int shift = 0; shift < 64; shift += 7) {
                int b = u8();
                v |= (long) (b & 0x7F) << shift;
                if ((b & 0x80) == 0) {
                    return v;
                }
            }
            throw new Corrupt("varint too long");
        }

        long signed() {
            return unzigzag(varint());
        }

        int count(int max) {
            long n = varint();
            if (n < 0 || n > max) {
                throw new Corrupt("count out of range: " + n);
            }
            return (int) n;
        }

        boolean bool() {
            return u8() != 0;
        }

        String str() {
            long n = varint();
            if (n == 0) {
                return null;
            }
            if (n - 1 > end - pos) {
                throw new Corrupt("string longer than its record");
            }
            char[] cs = new char[(int) (n - 1)];
            for (int i = 0; i < cs.length; i++) {
                cs[i] = (char) varint();
            }
            return new String(cs);
        }

        Long optional() {
            long v = varint();
            return v == 0 ? null : unzigzag(v - 1);
        }

        Integer optionalInt() {
            Long v = optional();
            return v == null ? null : Math.toIntExact(v);
        }

        Instant instant() {
            if (varint() == 0) {
                return null;
            }
            long s = signed();
            long n = varint();
            return Instant.ofEpochSecond(s, n);
        }

        boolean done() {
            return pos >= end;
        }
    }
}
