package io.jtop.record;

import io.jtop.container.Sample;
import io.jtop.metrics.Snapshot;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Rebuilds snapshots from a recording's payloads, in order from a keyframe: the mirror of
 * {@link Encoder}. A payload that does not decode is {@link Bytes.Corrupt}.
 */
final class Decoder {

    private final Map<Integer, Slot> slots = new HashMap<>();
    private Instant last;

    private static final class Slot {
        Identity identity;
        final Long[] values = new Long[Fields.ALL.size()];
    }

    /** The payload's type, without decoding it. */
    static int type(byte[] file, Frames.Payload p) {
        if (p.length() == 0) {
            throw new Bytes.Corrupt("empty record");
        }
        return file[p.offset()] & 0xFF;
    }

    /** A keyframe's time. */
    static Instant keyTime(byte[] file, Frames.Payload p) {
        Bytes.In in = new Bytes.In(file, p.offset() + 1, p.length() - 1);
        Instant t = in.instant();
        if (t == null) {
            throw new Bytes.Corrupt("keyframe without time");
        }
        return t;
    }

    /** A tick's time, given the time of the tick or keyframe before it. */
    static Instant tickTime(byte[] file, Frames.Payload p, Instant before) {
        Bytes.In in = new Bytes.In(file, p.offset() + 1, p.length() - 1);
        return before.plusNanos(in.signed());
    }

    /** Applies one payload; the snapshot when it is a tick, else null. */
    Snapshot apply(byte[] file, Frames.Payload p) {
        Bytes.In in = new Bytes.In(file, p.offset() + 1, p.length() - 1);
        switch (type(file, p)) {
            case Encoder.KEY -> {
                slots.clear();
                last = in.instant();
                return null;
            }
            case Encoder.IDENTITY -> {
                int n = in.count(Integer.MAX_VALUE);
                slots.computeIfAbsent(n, k -> new Slot()).identity = Identity.read(in);
                return null;
            }
            case Encoder.TICK -> {
                return tick(in);
            }
            default -> {
                return null; // a record type a later minor change may add: skipped
            }
        }
    }

    private Snapshot tick(Bytes.In in) {
        if (last == null) {
            throw new Bytes.Corrupt("tick before any keyframe");
        }
        last = last.plusNanos(in.signed());
        int rows = in.count(1 << 24);
        List<Snapshot.Row> out = new ArrayList<>(rows);
        for (int r = 0; r < rows; r++) {
            Slot slot = slots.get(in.count(Integer.MAX_VALUE));
            if (slot == null || slot.identity == null) {
                throw new Bytes.Corrupt("row of a container never described");
            }
            long mask = in.varint();
            if (mask == Fields.NO_SAMPLE) {
                out.add(new Snapshot.Row(slot.identity.container(), null));
                continue;
            }
            long nulls = (mask & Fields.NULLS) != 0 ? in.varint() : 0;
            Sample.Builder b = Sample.builder();
            for (int i = 0; i < slot.values.length; i++) {
                if ((nulls & (1L << i)) != 0) {
                    slot.values[i] = null;
                } else if ((mask & (1L << i)) != 0) {
                    long before = slot.values[i] == null ? 0 : slot.values[i];
                    slot.values[i] = before + in.signed();
                }
                Fields.ALL.get(i).set().accept(b, slot.values[i]);
            }
            slot.identity.applyTo(b);
            out.add(new Snapshot.Row(slot.identity.container(), b.build()));
        }
        return new Snapshot(last, out, Set.of());
    }
}
