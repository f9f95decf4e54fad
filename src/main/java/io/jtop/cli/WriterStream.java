package io.jtop.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Bytes written to a {@link PrintWriter}, decoded as UTF-8 (invalid bytes as U+FFFD), for a command
 * run in process with writers as its standard streams; a sequence split between two writes is
 * decoded whole.
 */
final class WriterStream extends OutputStream {

    private final PrintWriter writer;
    private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPLACE).onUnmappableCharacter(CodingErrorAction.REPLACE);
    private final ByteBuffer pending = ByteBuffer.allocate(8192);
    private final CharBuffer chars = CharBuffer.allocate(8192);

    WriterStream(PrintWriter writer) {
        this.writer = writer;
    }

    /** The process's own stream when there is one, else the writer's bytes. */
    static OutputStream of(OutputStream raw, PrintWriter writer) {
        return raw != null ? raw : new WriterStream(writer);
    }

    @Override
    public void write(int b) {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) {
        while (len > 0) {
            int n = Math.min(len, pending.remaining());
            pending.put(b, off, n);
            off += n;
            len -= n;
            decode();
        }
    }

    private void decode() {
        pending.flip();
        while (true) {
            var result = decoder.decode(pending, chars, false);
            chars.flip();
            writer.append(chars);
            chars.clear();
            if (!result.isOverflow()) {
                break;
            }
        }
        pending.compact();
    }

    @Override
    public void flush() throws IOException {
        writer.flush();
        if (writer.checkError()) {
            throw new IOException("the writer failed");
        }
    }
}
