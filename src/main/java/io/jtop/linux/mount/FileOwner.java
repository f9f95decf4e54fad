package io.jtop.linux.mount;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Map;

/**
 * Owner, group, mode and device of one host file, from lstat(2): a mount source is looked at
 * as it is, a symbolic link is not followed.
 *
 * @param uid       owner, as the host numbers users
 * @param gid       group
 * @param mode      permission bits, e.g. {@code 0755}
 * @param directory whether it is a directory (writing into it needs x beside w)
 * @param device    {@code major:minor} of the file system holding it, as mountinfo prints it
 */
public record FileOwner(long uid, long gid, int mode, boolean directory, String device) {

    /** The file's owner; null when it is gone, cannot be named or cannot be looked at. */
    public static FileOwner of(Path p) {
        try {
            Map<String, Object> a = Files.readAttributes(p, "unix:uid,gid,mode,dev,isDirectory",
                    LinkOption.NOFOLLOW_LINKS);
            long dev = ((Number) a.get("dev")).longValue();
            return new FileOwner(((Number) a.get("uid")).longValue(), ((Number) a.get("gid")).longValue(),
                    ((Number) a.get("mode")).intValue() & 07777, Boolean.TRUE.equals(a.get("isDirectory")),
                    major(dev) + ":" + minor(dev));
        } catch (IOException | InvalidPathException | UnsupportedOperationException | ClassCastException e) {
            return null;
        }
    }

    /** glibc's gnu_dev_major: the 64-bit dev_t splits major and minor across high and low bits. */
    static long major(long dev) {
        return ((dev >>> 8) & 0xfff) | ((dev >>> 32) & 0xfffff000L);
    }

    static long minor(long dev) {
        return (dev & 0xff) | ((dev >>> 12) & 0xffffff00L);
    }
}
