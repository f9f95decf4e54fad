package io.jtop.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;

/** Builds a minimal root filesystem from the host's static busybox (Debian package busybox-static). */
public final class Busybox {
    static final Path HOST_BUSYBOX = Path.of("/bin/busybox");

    private Busybox() {}

    /**
     * Lays out a root filesystem in {@code dir}: {@code bin/busybox} with a link for every applet
     * (without them an image has no {@code sleep} or {@code true}), the usual empty mount points and
     * an {@code etc/passwd} with root and nobody.
     *
     * @return {@code dir}
     */
    public static Path rootfs(Path dir) {
        Host.require(Files.isExecutable(HOST_BUSYBOX), "needs " + HOST_BUSYBOX + " (Debian package busybox-static)");
        try {
            Path bin = Files.createDirectories(dir.resolve("bin"));
            Path busybox = bin.resolve("busybox");
            Files.copy(HOST_BUSYBOX, busybox, StandardCopyOption.REPLACE_EXISTING);
            Files.setPosixFilePermissions(busybox, PosixFilePermissions.fromString("rwxr-xr-x"));
            for (String applet : Host.run(HOST_BUSYBOX.toString(), "--list").split("\n")) {
                String name = applet.strip();
                Path link = bin.resolve(name);
                if (!name.isEmpty() && !name.equals("busybox") && Files.notExists(link)) {
                    Files.createSymbolicLink(link, Path.of("busybox"));
                }
            }
            for (String d : new String[] {"proc", "sys", "dev", "etc", "tmp"}) {
                Files.createDirectories(dir.resolve(d));
            }
            Files.setPosixFilePermissions(dir.resolve("tmp"), PosixFilePermissions.fromString("rwxrwxrwx"));
            Files.writeString(dir.resolve("etc/passwd"),
                    "root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/false\n");
            Files.writeString(dir.resolve("etc/group"), "root:x:0:\nnogroup:x:65534:\n");
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException("unable to build a busybox rootfs in " + dir, e);
        }
    }
}
