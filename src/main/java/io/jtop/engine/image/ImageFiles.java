package io.jtop.engine.image;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.Objects;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;

/**
 * The store's image files, parsed, kept by path while the file is the same one: an image is
 * rewritten by renaming a new file into place, so a file of another inode, size or time is read
 * again, whichever jtop process wrote it. At most {@link #MAX} images, each dropped when unused
 * for {@link #UNUSED}. A process that lists the store once (a command) keeps nothing and builds
 * no cache: keeping starts at the second listing ({@link ImageStore#list}).
 */
final class ImageFiles {

    /** The most images kept. */
    static final int MAX = 256;
    /** An image not listed for this long is dropped. */
    static final Duration UNUSED = Duration.ofMinutes(10);

    /** The cache's clock; null for the system's. */
    private final Ticker ticker;
    private volatile Cache<Path, Parsed> cache;

    /** An image and the file it was read from. */
    private record Parsed(Object fileKey, FileTime modified, long size, Image image) {
        boolean of(BasicFileAttributes a) {
            return Objects.equals(fileKey, a.fileKey()) && modified.equals(a.lastModifiedTime()) && size == a.size();
        }
    }

    ImageFiles() {
        this(null);
    }

    ImageFiles(Ticker ticker) {
        this.ticker = ticker;
    }

    /**
     * The image in {@code file}, parsed again unless kept from the same file.
     *
     * @param keep whether to keep it (and build the cache) for the next read
     */
    Image read(Path file, boolean keep) throws IOException {
        Cache<Path, Parsed> c = keep ? cache() : cache;
        BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
        Parsed p = c == null ? null : c.getIfPresent(file);
        if (p != null && p.of(a)) {
            return p.image();
        }
        // Read after its attributes: a file replaced in between is only read again next time.
        Image image = ImageJson.read(Files.readAllBytes(file));
        if (c != null) {
            c.put(file, new Parsed(a.fileKey(), a.lastModifiedTime(), a.size(), image));
        }
        return image;
    }

    private Cache<Path, Parsed> cache() {
        Cache<Path, Parsed> c = cache;
        if (c == null) {
            synchronized (this) {
                if (cache == null) {
                    // Upkeep on the caller's thread: no pool thread for a cache this small.
                    cache = Caffeine.newBuilder().maximumSize(MAX).expireAfterAccess(UNUSED).executor(Runnable::run)
                            .ticker(ticker == null ? Ticker.systemTicker() : ticker).build();
                }
                c = cache;
            }
        }
        return c;
    }
}
