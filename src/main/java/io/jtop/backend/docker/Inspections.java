package io.jtop.backend.docker;

import java.time.Duration;
import java.util.function.Function;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;

/**
 * The engine's inspect JSON of the containers whose configuration was asked for, by id, so that
 * opening a container's detail again does not ask the engine again. An entry is kept for
 * {@link #KEPT} at most, the engine's listing's own safety net, and forgotten as soon as the
 * container has an event or an action; {@link #MAX} containers at most. The cache is built at the
 * first container asked for: a command or a view that shows no configuration loads none of it.
 */
final class Inspections {

    /** The most containers kept. */
    static final int MAX = 64;
    /** How long an inspection is kept when no event says that its container changed. */
    static final Duration KEPT = Duration.ofMillis(EngineBackend.RELIST_MILLIS);

    /** The cache's clock; null for the system's. */
    private final Ticker ticker;
    private volatile Cache<String, String> cache;

    Inspections() {
        this(null);
    }

    Inspections(Ticker ticker) {
        this.ticker = ticker;
    }

    /** The inspect JSON of {@code id}, asked of {@code engine} unless kept; null (not kept) when it is gone. */
    String json(String id, Function<String, String> engine) {
        return cache().get(id, engine);
    }

    /** Forgets what was kept of {@code id}: it had an event or an action. */
    void forget(String id) {
        Cache<String, String> c = cache;
        if (c != null) {
            c.invalidate(id);
        }
    }

    /** Forgets everything: the connection to the engine was lost. */
    void forgetAll() {
        Cache<String, String> c = cache;
        if (c != null) {
            c.invalidateAll();
        }
    }

    private Cache<String, String> cache() {
        Cache<String, String> c = cache;
        if (c == null) {
            synchronized (this) {
                if (cache == null) {
                    // Upkeep on the caller's thread: no pool thread for a cache this small.
                    cache = Caffeine.newBuilder().maximumSize(MAX).expireAfterWrite(KEPT).executor(Runnable::run)
                            .ticker(ticker == null ? Ticker.systemTicker() : ticker).build();
                }
                c = cache;
            }
        }
        return c;
    }
}
