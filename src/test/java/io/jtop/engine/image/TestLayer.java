package io.jtop.engine.image;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPOutputStream;

import com.github.luben.zstd.ZstdOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

/** Builds a layer tarball in memory, names taken literally (absolute ones and {@code ..} included). */
final class TestLayer {
    static final Instant MTIME = Instant.parse("2001-02-03T04:05:06.123456Z");

    private record Item(TarArchiveEntry entry, byte[] content) {}

    private final List<Item> items = new ArrayList<>();

    TestLayer file(String name, String content) {
        return file(name, content, 0644);
    }

    TestLayer file(String name, String content, int mode) {
        return add(name, TarConstants.LF_NORMAL, mode, content.getBytes(StandardCharsets.UTF_8));
    }

    TestLayer dir(String name) {
        return dir(name, 0755);
    }

    TestLayer dir(String name, int mode) {
        return add(name.endsWith("/") ? name : name + "/", TarConstants.LF_DIR, mode, null);
    }

    TestLayer symlink(String name, String target) {
        return symlink(name, target, 0777);
    }

    TestLayer symlink(String name, String target, int mode) {
        add(name, TarConstants.LF_SYMLINK, mode, null);
        last().setLinkName(target);
        return this;
    }

    TestLayer hardlink(String name, String target) {
        add(name, TarConstants.LF_LINK, 0644, null);
        last().setLinkName(target);
        return this;
    }

    /** {@code .wh.<hidden>} in {@code dir} ("" for the root), an empty file as docker writes it. */
    TestLayer whiteout(String dir, String hidden) {
        return file(dir + ".wh." + hidden, "");
    }

    TestLayer fifo(String name) {
        return add(name, TarConstants.LF_FIFO, 0640, null);
    }

    TestLayer device(String name, byte type, int major, int minor) {
        add(name, type, 0600, null);
        last().setDevMajor(major);
        last().setDevMinor(minor);
        return this;
    }

    TestLayer xattr(String name, String value) {
        last().addPaxHeader("SCHILY.xattr." + name, value);
        return this;
    }

    private TarArchiveEntry last() {
        return items.get(items.size() - 1).entry();
    }

    private TestLayer add(String name, byte type, int mode, byte[] content) {
        TarArchiveEntry e = new TarArchiveEntry(name, type, true);
        e.setMode(mode);
        e.setLastModifiedTime(FileTime.from(MTIME));
        if (content != null) {
            e.setSize(content.length);
        }
        items.add(new Item(e, content));
        return this;
    }

    byte[] tar() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream t = new TarArchiveOutputStream(bytes, StandardCharsets.UTF_8.name())) {
            t.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            t.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
            t.setAddPaxHeadersForNonAsciiNames(true);
            for (Item i : items) {
                t.putArchiveEntry(i.entry());
                if (i.content() != null) {
                    t.write(i.content());
                }
                t.closeArchiveEntry();
            }
            t.finish();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    byte[] gzip() {
        return compressed(GZIPOutputStream::new);
    }

    byte[] zstd() {
        return compressed(ZstdOutputStream::new);
    }

    private interface Compressor {
        OutputStream wrap(OutputStream out) throws IOException;
    }

    private byte[] compressed(Compressor compressor) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (OutputStream z = compressor.wrap(bytes)) {
            z.write(tar());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** The first {@code length} bytes of the tar, as an interrupted download leaves it. */
    byte[] truncated(int length) {
        return Arrays.copyOf(tar(), length);
    }
}
