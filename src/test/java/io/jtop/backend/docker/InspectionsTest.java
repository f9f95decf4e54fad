package io.jtop.backend.docker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

import org.junit.jupiter.api.Test;

/** Inspections kept on a hand-moved clock: until they expire, are forgotten, or are pushed out. */
class InspectionsTest {

    private final AtomicLong nanos = new AtomicLong();
    private final Inspections kept = new Inspections(nanos::get);
    private final List<String> asked = new ArrayList<>();
    private final Function<String, String> engine = id -> {
        asked.add(id);
        return "{\"Id\":\"" + id + "\",\"n\":" + asked.size() + "}";
    };

    @Test
    void anInspectionIsKeptUntilItExpires() {
        String first = kept.json("a1", engine);
        nanos.addAndGet(Inspections.KEPT.toNanos() - 1);
        assertEquals(first, kept.json("a1", engine), "still kept");
        nanos.addAndGet(1);
        assertEquals("{\"Id\":\"a1\",\"n\":2}", kept.json("a1", engine), "expired: asked again");
        assertEquals(List.of("a1", "a1"), asked);
    }

    @Test
    void forgettingOneOrAll() {
        kept.forget("a1"); // nothing built yet: nothing to forget
        kept.forgetAll();
        kept.json("a1", engine);
        kept.json("b2", engine);
        kept.forget("a1");
        kept.json("a1", engine);
        kept.json("b2", engine);
        assertEquals(List.of("a1", "b2", "a1"), asked);
        kept.forgetAll();
        kept.json("a1", engine);
        kept.json("b2", engine);
        assertEquals(List.of("a1", "b2", "a1", "a1", "b2"), asked);
    }

    @Test
    void atMostMaxContainersAreKept() {
        for (int i = 0; i < Inspections.MAX * 2; i++) {
            kept.json("c" + i, engine);
        }
        asked.clear();
        for (int i = 0; i < Inspections.MAX * 2; i++) {
            kept.json("c" + i, engine);
        }
        assertTrue(asked.size() >= Inspections.MAX, "at least the ones pushed out are asked again: " + asked.size());
    }
}
