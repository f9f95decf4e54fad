package io.jtop.engine.snapshot;

import java.nio.file.Path;

/**
 * A container's writable file system: its directories and the overlay mount that joins them
 * with the image's layers.
 *
 * @param id     the container id
 * @param upper  the container's own changes
 * @param work   overlay's scratch directory, on the same file system as {@code upper}
 * @param merged where the container's root file system appears once mounted
 * @param mount  the mount to perform, see {@link Mounter}
 */
public record Snapshot(String id, Path upper, Path work, Path merged, Mount mount) {
}
