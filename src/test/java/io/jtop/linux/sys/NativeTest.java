package io.jtop.linux.sys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NativeTest {

    @Test
    void failureNamesTheCallThePathAndErrno(@TempDir Path dir) {
        String missing = dir.resolve("no/such/fifo").toString();
        IOException e = assertThrows(IOException.class, () -> Native.mkfifo(missing, 0600));
        assertEquals("mkfifo " + missing + ": No such file or directory (errno 2)", e.getMessage());
    }

    @Test
    void renameNoReplaceNeverReplacesAnEmptyDirectory(@TempDir Path dir) throws IOException {
        Path from = Files.createDirectory(dir.resolve("from"));
        Path to = Files.createDirectory(dir.resolve("to"));
        IOException e = assertThrows(IOException.class, () -> Native.renameNoReplace(from, to));
        assertTrue(e.getMessage().contains("errno 17"), e.getMessage());
        assertTrue(Files.isDirectory(from));

        Native.renameNoReplace(from, dir.resolve("new"));
        assertTrue(Files.isDirectory(dir.resolve("new")));
    }

    @Test
    void lutimensSetsTheLinkItselfToTheNanosecond(@TempDir Path dir) throws IOException {
        Path target = Files.writeString(dir.resolve("f"), "x");
        FileTime before = Files.getLastModifiedTime(target);
        Path link = Files.createSymbolicLink(dir.resolve("l"), target);
        Instant t = Instant.parse("2001-02-03T04:05:06.123456789Z");
        Native.lutimens(link, t, t);
        assertEquals(FileTime.from(t), Files.getLastModifiedTime(link, LinkOption.NOFOLLOW_LINKS));
        assertEquals(before, Files.getLastModifiedTime(target));
    }

    @Test
    void userXattrRoundTrips(@TempDir Path dir) throws IOException {
        Path f = Files.writeString(dir.resolve("f"), "x");
        byte[] v = {'y'};
        Native.lsetxattr(f.toString(), "user.jtop", v, v.length, 0);
        assertEquals("y", new String(Native.lgetxattr(f.toString(), "user.jtop")));
        assertNull(Native.lgetxattr(f.toString(), "user.none"));
    }
}
