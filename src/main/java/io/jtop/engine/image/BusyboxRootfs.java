package io.jtop.engine.image;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

/**
 * A minimal root file system from the host's static busybox (Debian package busybox-static): the
 * binary with a link for every applet (without them an image has no {@code sleep} or
 * {@code true}), the usual empty mount points, and root and nobody in {@code etc/passwd}.
 */
public final class BusyboxRootfs {

    /** Where busybox-static installs it. */
    public static final Path HOST_BUSYBOX = Path.of("/bin/busybox");

    private BusyboxRootfs() {
    }

    /** Lays the file system out in {@code dir} and returns it. */
    public static Path build(Path busybox, Path dir) throws IOException {
        if (!Files.isExecutable(busybox)) {
            throw new IllegalStateException(busybox + " is missing: install it with 'apt-get install busybox-static'");
        }
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path copy = bin.resolve("busybox");
        Files.copy(busybox, copy, StandardCopyOption.REPLACE_EXISTING);
        Files.setPosixFilePermissions(copy, PosixFilePermissions.fromString("rwxr-xr-x"));
        for (String applet : applets(busybox)) {
            Path link = bin.resolve(applet);
            // busybox lists itself too: linking it would replace the binary with a loop
            if (!applet.equals("busybox") && Files.notExists(link)) {
                Files.createSymbolicLink(link, Path.of("busybox"));
            }
        }
        for (String d : List.of("proc", "sys", "dev", "etc", "tmp")) {
            Files.createDirectories(dir.resolve(d));
        }
        Files.setPosixFilePermissions(dir.resolve("tmp"), PosixFilePermissions.fromString("rwxrwxrwx"));
        Files.writeString(dir.resolve("etc/passwd"),
                "root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/false\n");
        Files.writeString(dir.resolve("etc/group"), "root:x:0:\nnogroup:x:65534:\n");
        return dir;
    }

    private static List<String> applets(Path busybox) throws IOException {
        Process p = new ProcessBuilder(busybox.toString(), "--list").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (p.waitFor() != 0) {
                throw new IOException(busybox + " --list failed: " + out.strip());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while listing busybox applets", e);
        }
        return out.lines().map(String::strip).filter(s -> !s.isEmpty()).toList();
    }
}
