package io.jtop.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

/** Users' names: asked once per uid, kept for a while on a hand-moved clock, numbers for the unnamed. */
class ProcessNamesTest {

    private final AtomicLong nanos = new AtomicLong();
    private final Map<Integer, String> passwd = new HashMap<>(Map.of(0, "root", 33, "www"));
    private final List<Integer> asked = new ArrayList<>();
    private final ProcessNames names = new ProcessNames(uid -> {
        asked.add(uid);
        return passwd.get(uid);
    }, nanos::get);

    @Test
    void eachUidIsAskedOnceWhileItsNameIsKept() {
        assertEquals("root", names.user(0));
        assertEquals("www", names.user(33));
        assertEquals("root", names.user(0));
        assertEquals("1234", names.user(1234), "no name: the number");
        assertEquals("1234", names.user(1234));
        assertNull(names.user(-1), "an unreadable uid");
        assertEquals(List.of(0, 33, 1234), asked);
    }

    @Test
    void aRenamedOrAddedUserShowsOnceItsEntryExpires() {
        assertEquals("1000", names.user(1000));
        passwd.put(1000, "alice");
        nanos.addAndGet(ProcessNames.KEPT.toNanos() - 1);
        assertEquals("1000", names.user(1000), "still kept");
        nanos.addAndGet(1);
        assertEquals("alice", names.user(1000));
        assertEquals(List.of(1000, 1000), asked);
    }

    @Test
    void theHostsNameServiceNamesRoot() {
        assertEquals("root", new ProcessNames().user(0));
    }
}
