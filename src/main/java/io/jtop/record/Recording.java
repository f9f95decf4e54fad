package io.jtop.record;

import io.jtop.metrics.Snapshot;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A recording read whole, its ticks indexed by time: each tick knows the keyframe it decodes from,
 * so {@link #at} decodes at most one keyframe's worth of ticks. Pure: the caller reads the files
 * (the segments, oldest first) and hands over their bytes.
 */
public final class Recording {

    private final List<byte[]> segments;
    private final List<List<Frames.Payload>> payloads = new ArrayList<>();
    private final List<Tick> ticks = new ArrayList<>();
    private int damaged;
    private int skipped;

    /** One tick: its time, and where it and its keyframe are. */
    private record Tick(Instant time, int segment, int key, int payload) {
    }

    private Recording(List<byte[]> segments) {
        this.segments = segments;
    }

    /** A recording of these segments, oldest first; {@link Frames.Unreadable} if one is not a recording. */
    public static Recording of(List<byte[]> segments) throws Frames.Unreadable {
        Recording r = new Recording(segments);
        for (int s = 0; s < segments.size(); s++) {
            r.index(s, Frames.scan(segments.get(s)));
        }
        return r;
    }

    /** Where a writer appends to this file: after its last sound frame, a torn tail cut off. */
    public static long appendAt(byte[] file) throws Frames.Unreadable {
        return Frames.scan(file).validLength();
    }

    private void index(int s, Frames.Scan scan) {
        byte[] file = segments.get(s);
        payloads.add(scan.payloads());
        damaged += scan.damaged();
        int key = -1;
        Instant time = null;
        for (int i = 0; i < scan.payloads().size(); i++) {
            Frames.Payload p = scan.payloads().get(i);
            try {
                if (p.afterDamage()) {
                    key = -1; // the deltas after a damaged frame no longer add up: wait for a keyframe
                }
                int type = Decoder.type(file, p);
                if (type == Encoder.KEY) {
                    key = i;
                    time = Decoder.keyTime(file, p);
                } else if (type == Encoder.TICK) {
                    if (key < 0) {
                        skipped++;
                        continue;
                    }
                    time = Decoder.tickTime(file, p, time);
                    ticks.add(new Tick(time, s, key, i));
                }
            } catch (Bytes.Corrupt e) {
                key = -1;
            }
        }
    }

    /** How many ticks it holds. */
    public int size() {
        return ticks.size();
    }

    /** Frames whose CRC did not match, skipped. */
    public int damaged() {
        return damaged;
    }

    /** Ticks lost to damage: those between a damaged frame and the next keyframe. */
    public int skipped() {
        return skipped;
    }

    /** The time of tick {@code i}, in recorded order. */
    public Instant time(int i) {
        return ticks.get(i).time();
    }

    /** The index of the last tick at or before {@code t}, or -1 when the recording starts after it. */
    public int indexAt(Instant t) {
        int lo = 0, hi = ticks.size() - 1, found = -1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (!ticks.get(mid).time().isAfter(t)) {
                found = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return found;
    }

    /** The snapshot of tick {@code i}, decoded from its keyframe; {@link Bytes.Corrupt} as an IllegalStateException. */
    public Snapshot snapshot(int i) {
        Tick t = ticks.get(i);
        byte[] file = segments.get(t.segment());
        List<Frames.Payload> ps = payloads.get(t.segment());
        Decoder d = new Decoder();
        Snapshot out = null;
        try {
            for (int p = t.key(); p <= t.payload(); p++) {
                out = d.apply(file, ps.get(p));
            }
        } catch (RuntimeException e) {
            throw damaged(t, e);
        }
        return out;
    }

    /**
     * A record whose CRC matched but whose content does not decode (a file made by hand, or by a
     * writer with a bug): the one line a user sees.
     */
    private static IllegalStateException damaged(Tick t, RuntimeException e) {
        String why = e instanceof Bytes.Corrupt ? e.getMessage() : "a record does not decode";
        return new IllegalStateException("recording damaged near " + t.time() + ": " + why);
    }

    /** Every snapshot in order, each keyframe's ticks decoded once, for tests and a full replay. */
    public List<Snapshot> all() {
        return range(0, ticks.size());
    }

    /**
     * The snapshots of ticks {@code from} to {@code to - 1} in order, each keyframe's ticks decoded
     * once: the history before a tick, as the replay's graphs show it.
     */
    public List<Snapshot> range(int from, int to) {
        List<Snapshot> out = new ArrayList<>();
        Decoder d = null;
        Tick before = null;
        for (Tick t : ticks.subList(from, to)) {
            List<Frames.Payload> ps = payloads.get(t.segment());
            boolean goOn = before != null && before.segment() == t.segment() && before.key() == t.key();
            int first = goOn ? before.payload() + 1 : t.key();
            if (!goOn) {
                d = new Decoder();
            }
            try {
                Snapshot s = null;
                for (int p = first; p <= t.payload(); p++) {
                    s = d.apply(segments.get(t.segment()), ps.get(p));
                }
                out.add(s);
            } catch (RuntimeException e) {
                throw damaged(t, e);
            }
            before = t;
        }
        return out;
    }
}
