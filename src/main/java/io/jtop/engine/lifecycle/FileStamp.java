package io.jtop.engine.lifecycle;

import java.nio.file.attribute.BasicFileAttributes;
import java.util.concurrent.TimeUnit;

/**
 * What one stat of a record's file tells of its version: its identity (the hash of its device and
 * inode: a record written by jtop is renamed into place, which gives it a new one), its time to
 * the nanosecond and its size (a record edited in place keeps its identity, not its time or size).
 * The identity is kept as its hash, not its text: a view's first listing compares one per record.
 */
record FileStamp(int key, long modified, long size) {

    static FileStamp of(BasicFileAttributes a) {
        return new FileStamp(a.fileKey().hashCode(), a.lastModifiedTime().to(TimeUnit.NANOSECONDS), a.size());
    }

    /** Whether {@code o} is a stamp of the same version. Written out, not a record's equals (see LocalRuntime.Stamp). */
    boolean same(FileStamp o) {
        return o != null && modified == o.modified && size == o.size && key == o.key;
    }
}
