package io.jtop.ui;

import io.jtop.container.Container;
import io.jtop.container.ContainerState;
import io.jtop.container.Runtime;
import io.jtop.container.Sample;
import io.jtop.metrics.Snapshot;
import io.jtop.record.Encoder;
import io.jtop.record.Frames;
import io.jtop.record.Recording;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Set;

/**
 * A recording made up in memory, in the real format (encoded, then read back by {@link Recording}),
 * as the replay's {@link Tape}: {@code web} runs throughout, {@code job} exits at {@link #JOB_EXITS}.
 * It can grow, as a file that {@code jtop record} still writes: {@link #reread} then holds more ticks.
 */
final class MadeUpTape implements Tape {

    static final Instant T0 = Instant.parse("2026-12-06T03:00:00Z");
    static final String WEB = "a".repeat(64);
    static final String JOB = "b".repeat(64);
    /** The tick at which the job has exited. */
    static final int JOB_EXITS = 5;

    private final Recording recording;
    private final String webName;
    /** The ticks the file holds when read again; null: none more. */
    private int[] later;
    private boolean unreadable;
    /** A tick whose record does not decode (its CRC matched: made by hand, or a writer's bug); -1: none. */
    private int undecodable = -1;

    /** Ticks at these seconds after {@link #T0}. */
    MadeUpTape(String webName, int... seconds) {
        this.webName = webName;
        this.recording = record(webName, seconds);
    }

    /** Read again, the file holds ticks at these seconds. */
    MadeUpTape grows(int... seconds) {
        later = seconds;
        return this;
    }

    /** Tick {@code i} does not decode. */
    MadeUpTape undecodable(int i) {
        undecodable = i;
        return this;
    }

    /** Read again, the file is gone. */
    MadeUpTape vanishes() {
        unreadable = true;
        return this;
    }

    /** Ticks every {@code step} seconds from 0 to {@code last}. */
    static int[] every(int step, int last) {
        int[] out = new int[last / step + 1];
        for (int i = 0; i < out.length; i++) {
            out[i] = i * step;
        }
        return out;
    }

    private static Recording record(String webName, int[] seconds) {
        Encoder e = new Encoder(4);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(Frames.header());
        for (int t = 0; t < seconds.length; t++) {
            Container web = new Container(WEB, webName, Runtime.DOCKER, "busybox", 42, ContainerState.RUNNING,
                    "/docker/" + WEB, T0.minusSeconds(60), null, false);
            boolean ran = t < JOB_EXITS;
            Container job = new Container(JOB, "job", Runtime.JTOP, "busybox", ran ? 43 : 0,
                    ran ? ContainerState.RUNNING : ContainerState.EXITED, "/jtop/job", T0.minusSeconds(30),
                    ran ? null : 137, !ran);
            Sample s = Sample.builder().cpuPercent(10.0 * t).cpuUsageNanos(500_000_000L * t)
                    .memoryWorkingSetBytes(1_000_000L + 4096L * t).memoryLimitBytes(64L << 20).pidsCurrent(2L)
                    .hostNamespaces(List.of("net")).build();
            out.writeBytes(e.encode(new Snapshot(T0.plusSeconds(seconds[t]), List.of(new Snapshot.Row(web, s),
                    new Snapshot.Row(job, s)), Set.of())));
        }
        try {
            return Recording.of(List.of(out.toByteArray()));
        } catch (Frames.Unreadable x) {
            throw new AssertionError(x);
        }
    }

    @Override
    public String name() {
        return "/tmp/made-up";
    }

    @Override
    public int size() {
        return recording.size();
    }

    @Override
    public Instant time(int i) {
        return recording.time(i);
    }

    @Override
    public int indexAt(Instant t) {
        return recording.indexAt(t);
    }

    @Override
    public List<Snapshot> snapshots(int from, int to) {
        if (undecodable >= from && undecodable < to) {
            throw new IllegalStateException("recording damaged near " + time(undecodable) + ": a record does not decode");
        }
        return recording.range(from, to);
    }

    @Override
    public Instant parse(String time) {
        try {
            return Instant.parse(time);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    @Override
    public String damage() {
        return null;
    }

    @Override
    public Tape reread() throws IOException {
        if (unreadable) {
            throw new IOException("/tmp/made-up: no such file or directory");
        }
        return later == null ? this : new MadeUpTape(webName, later);
    }
}
