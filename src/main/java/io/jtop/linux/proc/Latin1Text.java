package io.jtop.linux.proc;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A reusable view of bytes as Latin-1 characters: kernel files are ASCII, and parsing them in
 * place saves decoding every file into a new String on every tick.
 */
public final class Latin1Text implements CharSequence {

    private byte[] bytes;
    private int start;
    private int length;

    Latin1Text set(byte[] b, int n) {
        this.bytes = b;
        this.start = 0;
        this.length = n;
        return this;
    }

    @Override
    public int length() {
        return length;
    }

    @Override
    public char charAt(int index) {
        return (char) (bytes[start + index] & 0xff);
    }

    @Override
    public CharSequence subSequence(int from, int to) {
        return KernelFiles.latin1(Arrays.copyOfRange(bytes, start + from, start + to), to - from);
    }

    @Override
    public String toString() {
        return new String(bytes, start, length, StandardCharsets.ISO_8859_1);
    }
}
