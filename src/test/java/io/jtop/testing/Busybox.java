package io.jtop.testing;

import io.jtop.engine.image.BusyboxRootfs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A minimal root filesystem from the host's static busybox, for tests (skipped, or failed in CI, without it). */
public final class Busybox {

    private Busybox() {}

    /** Lays out {@link BusyboxRootfs} in {@code dir}; returns {@code dir}. */
    public static Path rootfs(Path dir) {
        Host.require(Files.isExecutable(BusyboxRootfs.HOST_BUSYBOX),
                "needs " + BusyboxRootfs.HOST_BUSYBOX + " (Debian package busybox-static)");
        try {
            return BusyboxRootfs.build(BusyboxRootfs.HOST_BUSYBOX, dir);
        } catch (IOException e) {
            throw new UncheckedIOException("unable to build a busybox rootfs in " + dir, e);
        }
    }
}
