package io.jtop.record;

import io.jtop.container.Sample;
import io.jtop.metrics.Snapshot;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Turns snapshots into the frames a recording appends, one call per tick. A keyframe (every
 * {@code keyEvery} ticks, and the first) restarts everything a reader needs: it numbers the
 * containers afresh, writes each one's identity and its figures whole, so a reader can start there.
 * Between keyframes a container's identity is written only when it changed, and a tick writes of
 * each row only the figures that changed, each as the difference from its last value.
 *
 * <p>Not thread-safe: one recorder calls it.
 */
public final class Encoder {

    static final int KEY = 1;
    static final int IDENTITY = 2;
    static final int TICK = 3;

    private final int keyEvery;
    private final Map<String, Slot> slots = new HashMap<>();
    /** A row's figures as {@link #writeFigures} reads them, before they replace its slot's. */
    private final Long[] now = new Long[Fields.ALL.size()];
    private int ticks;
    private Instant last;

    /** What was last written of one container. */
    private static final class Slot {
        final int number;
        Identity identity;
        /** The row written last: the sampler hands back the very same object while nothing of it changes. */
        Snapshot.Row row;
        final Long[] values = new Long[Fields.ALL.size()];

        Slot(int number) {
            this.number = number;
        }
    }

    public Encoder(int keyEvery) {
        if (keyEvery < 1) {
            throw new IllegalArgumentException("keyEvery must be at least 1");
        }
        this.keyEvery = keyEvery;
    }

    /** Whether the next tick starts with a keyframe. */
    public boolean keyframeNext() {
        return ticks % keyEvery == 0;
    }

    /** The frames of this tick, to be appended in one write. */
    public byte[] encode(Snapshot s) {
        Bytes.Out frames = new Bytes.Out();
        if (keyframeNext()) {
            slots.clear();
            Bytes.Out key = new Bytes.Out();
            key.u8(KEY);
            key.instant(s.time());
            Frames.frame(frames, key.toArray());
            last = s.time();
        }
        ticks++;
        Bytes.Out tick = new Bytes.Out();
        tick.u8(TICK);
        tick.signed(Duration.between(last, s.time()).toNanos());
        last = s.time();
        tick.varint(s.rows().size());
        for (Snapshot.Row row : s.rows()) {
            encode(row, frames, tick);
        }
        Frames.frame(frames, tick.toArray());
        return frames.toArray();
    }

    /** One row: an identity frame into {@code frames} when its identity changed, its figures into {@code tick}. */
    private void encode(Snapshot.Row row, Bytes.Out frames, Bytes.Out tick) {
        Slot slot = slots.computeIfAbsent(row.container().id(), id -> new Slot(slots.size()));
        if (row == slot.row && row.sample() != null) {
            // The same identity and figures as written last: an empty mask, none of them read again.
            tick.varint(slot.number);
            tick.varint(0);
            return;
        }
        slot.row = row;
        if (slot.identity == null || !slot.identity.matches(row.container(), row.sample())) {
            Identity identity = Identity.of(row.container(), row.sample());
            Bytes.Out id = new Bytes.Out();
            id.u8(IDENTITY);
            id.varint(slot.number);
            identity.write(id);
            Frames.frame(frames, id.toArray());
            slot.identity = identity;
        }
        tick.varint(slot.number);
        writeFigures(tick, slot, row.sample());
    }

    /**
     * A row's mask of the figures that changed, with {@link Fields#NULLS} set when some became
     * unknown, then the mask of those, then each other changed figure's difference from its last value.
     */
    private void writeFigures(Bytes.Out o, Slot slot, Sample s) {
        if (s == null) {
            o.varint(Fields.NO_SAMPLE);
            return;
        }
        List<Fields.Field> all = Fields.ALL;
        long mask = 0;
        long nulls = 0;
        for (int i = 0; i < now.length; i++) {
            now[i] = all.get(i).get().apply(s);
            if (!Objects.equals(now[i], slot.values[i])) {
                mask |= 1L << i;
                if (now[i] == null) {
                    nulls |= 1L << i;
                }
            }
        }
        o.varint(nulls == 0 ? mask : mask | Fields.NULLS);
        if (nulls != 0) {
            o.varint(nulls);
        }
        for (int i = 0; i < now.length; i++) {
            if ((mask & (1L << i)) != 0 && now[i] != null) {
                long before = slot.values[i] == null ? 0 : slot.values[i];
                o.signed(now[i] - before);
            }
            slot.values[i] = now[i];
        }
    }
}
