package io.jtop.engine.image;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProgressInputStreamTest {

    @Test
    void aLargeReadIsReportedEveryTenth() throws IOException {
        long size = ProgressInputStream.LARGE * 2;
        List<String> said = new ArrayList<>();
        try (InputStream in = new ProgressInputStream(new InputStream() {
            long left = size;

            @Override
            public int read() {
                return left-- > 0 ? 0 : -1;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (left <= 0) {
                    return -1;
                }
                int n = (int) Math.min(len, left);
                left -= n;
                return n;
            }
        }, size, "layer 1/1", said::add)) {
            in.transferTo(OutputStream.nullOutputStream());
        }
        assertEquals(10, said.size(), said.toString());
        assertEquals("layer 1/1: 10% of 64.0 MiB", said.get(0));
        assertEquals("layer 1/1: 100% of 64.0 MiB", said.get(9));
    }

    @Test
    void aSmallReadSaysNothing() throws IOException {
        List<String> said = new ArrayList<>();
        try (InputStream in = new ProgressInputStream(new ByteArrayInputStream(new byte[1000]), 1000, "x", said::add)) {
            in.transferTo(OutputStream.nullOutputStream());
        }
        assertTrue(said.isEmpty());
    }
}
