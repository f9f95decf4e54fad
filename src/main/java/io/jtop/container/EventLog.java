package io.jtop.container;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Containers' timelines, bounded: at most {@code perContainer} events per container and
 * {@code total} in all, the oldest dropped first (past the total, from the longest timelines). An event that repeats the last one of its
 * container (same source, action and detail) merges into it ({@code OOM kill ×3}), so a container
 * that fails in a loop, or a daemon that sends the same event 100,000 times, keeps one line.
 *
 * <p>Memory: each event holds at most twice {@link ContainerEvent#MAX_TEXT} characters of text, so
 * a full log takes at most about {@code total} × 1 KB.
 *
 * <p>Thread-safe: every method takes this object's lock; what it hands out is a copy.
 */
public final class EventLog {

    /** Enough for a day of a container restarted every quarter of an hour, with its stops and kills. */
    public static final int PER_CONTAINER = 200;
    /** 50 containers' full timelines. */
    public static final int TOTAL = 10_000;

    private final int perContainer;
    private final int total;
    private final Map<String, ArrayDeque<ContainerEvent>> byId = new LinkedHashMap<>();
    private int size;

    public EventLog() {
        this(PER_CONTAINER, TOTAL);
    }

    public EventLog(int perContainer, int total) {
        if (perContainer < 1 || total < perContainer) {
            throw new IllegalArgumentException("need 1 <= perContainer <= total, was " + perContainer + ", " + total);
        }
        this.perContainer = perContainer;
        this.total = total;
    }

    /** Adds an event to a container's timeline, merged into its last one when it repeats it. */
    public synchronized void add(String id, ContainerEvent e) {
        ArrayDeque<ContainerEvent> events = byId.computeIfAbsent(id, k -> new ArrayDeque<>());
        ContainerEvent last = events.peekLast();
        if (last != null && last.repeatedBy(e)) {
            events.pollLast();
            events.addLast(last.mergedWith(e));
            return;
        }
        events.addLast(e);
        size++;
        if (events.size() > perContainer) {
            events.removeFirst();
            size--;
        }
        if (size > total) {
            trim();
        }
    }

    /** One container's events, oldest first; empty when none. */
    public synchronized List<ContainerEvent> of(String id) {
        ArrayDeque<ContainerEvent> events = byId.get(id);
        return events == null ? List.of() : List.copyOf(events);
    }

    /** Forgets one container's events (it was removed). */
    public synchronized void forget(String id) {
        ArrayDeque<ContainerEvent> events = byId.remove(id);
        if (events != null) {
            size -= events.size();
        }
    }

    /** Forgets every container but these. */
    public synchronized void retainOnly(Set<String> ids) {
        for (String id : new ArrayList<>(byId.keySet())) {
            if (!ids.contains(id)) {
                forget(id);
            }
        }
    }

    /** Events held in all. */
    public synchronized int size() {
        return size;
    }

    /** Containers with events. */
    public synchronized int containers() {
        return byId.size();
    }

    /**
     * Past the total, the longest timelines lose their oldest events: each is cut to the one length
     * that brings the total to seven eighths of the cap, so a quiet container's few events stay and
     * the busiest pay. Cutting an eighth below the cap makes it happen once per many events.
     */
    private void trim() {
        int target = total - total / 8;
        int lo = 0;
        int hi = perContainer; // the longest length with a sum at most target, by bisection
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            long sum = 0;
            for (ArrayDeque<ContainerEvent> d : byId.values()) {
                sum += Math.min(d.size(), mid);
            }
            if (sum <= target) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        int keep = Math.max(1, lo);
        for (Iterator<ArrayDeque<ContainerEvent>> it = byId.values().iterator(); it.hasNext() && size > target; ) {
            ArrayDeque<ContainerEvent> d = it.next();
            while (d.size() > keep) {
                d.removeFirst();
                size--;
            }
        }
        // Past one event each, more containers than the target: the oldest-listed containers go.
        for (Iterator<ArrayDeque<ContainerEvent>> it = byId.values().iterator(); it.hasNext() && size > target; ) {
            size -= it.next().size();
            it.remove();
        }
    }
}
