package io.jtop.metrics;

import io.jtop.linux.sys.Posix;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.function.IntFunction;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;

/**
 * How jtop names a process: its user, and its command.
 *
 * <p>A user is named by the host's name service ({@code getpwuid}: {@code /etc/passwd}, or
 * whatever the host's NSS adds), as {@code ps} on the host names it: a process in a user
 * namespace shows its host uid, so the name is the host's. A uid with no name shows as its number.
 * Each uid is asked once and kept in a bounded cache ({@link #MAX_USERS} uids, each for
 * {@link #KEPT}, so that a user added or renamed shows after that). The cache is built at the
 * first name asked for: a view whose detail is never opened loads none of it.
 */
final class ProcessNames {

    /** The most uids kept: far more than one host's processes use. */
    static final int MAX_USERS = 1024;
    /** How long a uid's name is kept before the name service is asked again. */
    static final Duration KEPT = Duration.ofMinutes(10);

    private final IntFunction<String> lookup;
    /** The cache's clock; null for the system's. */
    private final Ticker ticker;
    private Cache<Integer, String> users;

    /** Users named by the host's name service. */
    ProcessNames() {
        this(ProcessNames::hostUser, null);
    }

    /**
     * @param lookup a uid's name, or null when it has none
     * @param ticker the cache's clock (tests move it by hand); null for the system's
     */
    ProcessNames(IntFunction<String> lookup, Ticker ticker) {
        this.lookup = lookup;
        this.ticker = ticker;
    }

    /** The name of a uid, else the number; null for an unknown uid (-1). */
    String user(int uid) {
        if (uid < 0) {
            return null;
        }
        return users().get(uid, u -> {
            String name = lookup.apply(u);
            return name == null ? Integer.toString(u) : name;
        });
    }

    private synchronized Cache<Integer, String> users() {
        if (users == null) {
            // Upkeep on the caller's thread: no pool thread for a cache this small.
            users = Caffeine.newBuilder().maximumSize(MAX_USERS).expireAfterWrite(KEPT).executor(Runnable::run)
                    .ticker(ticker == null ? Ticker.systemTicker() : ticker).build();
        }
        return users;
    }

    /** The host's name of {@code uid}; null when it has none, or when libc cannot be reached (the number is shown). */
    private static String hostUser(int uid) {
        try {
            return Posix.userName(uid);
        } catch (IOException e) {
            return null;
        }
    }

    /** A process's command line joined by spaces, or {@code [name]} when it has none (a zombie). */
    static String command(List<String> args, String name) {
        return args.isEmpty() ? "[" + name + "]" : String.join(" ", args);
    }
}
