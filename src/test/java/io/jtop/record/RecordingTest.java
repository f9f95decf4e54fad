package io.jtop.record;

import io.jtop.container.Container;
import io.jtop.container.ContainerState;
import io.jtop.container.Details;
import io.jtop.container.Membership;
import io.jtop.container.Runtime;
import io.jtop.container.Sample;
import io.jtop.metrics.Snapshot;
import io.jtop.testing.Hostile;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The recording format on fixture snapshots: round trip, torn tail, damage, version, hostile text. */
class RecordingTest {

    private static final Instant T0 = Instant.parse("2026-12-06T03:00:00.123456789Z");

    private static Sample sample(int tick, int k) {
        return Sample.builder()
                .cpuPercent(k == 0 ? null : 12.345 + tick).cpuUsageNanos(1_000_000_000L * tick + 7 * k)
                .cpuPeriods(100L * tick).cpuThrottledPeriods(3L * tick).cpuThrottledNanos(5_000L * tick)
                .cpuQuotaMicros(50_000L).cpuPeriodMicros(100_000L).cpuShares(1024L).cpuWeight(null)
                .memoryWorkingSetBytes(4096L * (1000 + tick % 3)).memoryUsageBytes(8192L * (1000 + tick))
                .memoryLimitBytes(tick < 5 ? 64L << 20 : 128L << 20).swapBytes(0L).swapLimitBytes(null)
                .oomKills((long) tick / 4).pidsCurrent(3L + k).pidsLimit(100L)
                .ioReadBytes(tick * 512L).ioWriteBytes(-1L).ioReadBytesPerSecond(0.5).ioWriteBytesPerSecond(null)
                .netRxBytes(Long.MAX_VALUE - tick).netTxBytes(Long.MIN_VALUE + tick).netRxBytesPerSecond(1e6)
                .netTxBytesPerSecond(0.0).psiCpuSome10(0.25).psiMemorySome10(null).psiIoSome10(99.99)
                .hostNamespaces(tick < 3 ? List.of() : List.of("net", "pid")).privileged(k == 1 ? true : null)
                .securityFlags(List.of("no-seccomp")).build();
    }

    private static Container container(int k, int tick, String name) {
        Details details = new Details(Map.of("com.docker.compose.project", "p", "x\ny", "z\u001b[2J"), "healthy", 2,
                T0.minusSeconds(60), "runc", Membership.compose("p", "s", 1), 10L, 20L);
        ContainerState state = tick < 6 || k == 0 ? ContainerState.RUNNING : ContainerState.EXITED;
        return new Container(("c" + k).repeat(32), name, k == 0 ? Runtime.DOCKER : Runtime.JTOP, "busybox:" + k,
                state == ContainerState.RUNNING ? 100 + k : 0, state, "/docker/c" + k, T0.minusSeconds(k),
                state == ContainerState.EXITED ? 137 : null, tick > 6, k == 1 ? details : null,
                k == 2 ? "corrupt record: truncated" : null, state == ContainerState.EXITED ? T0 : null);
    }

    /** Ticks of three containers, one of which changes limits and exits, and one appears late. */
    static List<Snapshot> fixture(int ticks, String name) {
        List<Snapshot> out = new ArrayList<>();
        for (int t = 0; t < ticks; t++) {
            List<Snapshot.Row> rows = new ArrayList<>();
            for (int k = 0; k < 3; k++) {
                if (k == 2 && t < 2) {
                    continue;
                }
                rows.add(new Snapshot.Row(container(k, t, k == 1 ? name : "n" + k), k == 2 && t == 4 ? null
                        : sample(t, k)));
            }
            out.add(new Snapshot(T0.plusMillis(1000L * t).plusNanos(t), rows, Set.of()));
        }
        return out;
    }

    private static byte[] record(List<Snapshot> snaps, int keyEvery) {
        Encoder e = new Encoder(keyEvery);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(Frames.header());
        for (Snapshot s : snaps) {
            out.writeBytes(e.encode(s));
        }
        return out.toByteArray();
    }

    /** The snapshots equal, or the first difference, short. */
    private static void assertSame(List<Snapshot> expected, List<Snapshot> actual, String what) {
        assertEquals(expected.size(), actual.size(), what + ": ticks");
        for (int i = 0; i < expected.size(); i++) {
            Snapshot e = expected.get(i), a = actual.get(i);
            assertEquals(e.time(), a.time(), what + ": tick " + i);
            assertEquals(e.rows().size(), a.rows().size(), what + ": rows of tick " + i);
            for (int r = 0; r < e.rows().size(); r++) {
                assertEquals(e.rows().get(r).container(), a.rows().get(r).container(), what + ": tick " + i + " row " + r);
                assertEquals(e.rows().get(r).sample(), a.rows().get(r).sample(), what + ": tick " + i + " row " + r);
            }
            assertEquals(e, a);
        }
    }

    private static List<Snapshot> read(byte[] file) throws Exception {
        return Recording.of(List.of(file)).all();
    }

    @Test
    void snapshotsComeBackEqual() throws Exception {
        List<Snapshot> snaps = fixture(12, "web");
        for (int keyEvery : new int[]{1, 5, 60}) {
            assertSame(snaps, read(record(snaps, keyEvery)), "keyframe every " + keyEvery);
        }
    }

    @Test
    void aRowHandedBackUnchangedComesBackEqual() throws Exception {
        // The sampler hands back last tick's very row object while nothing of it changes.
        Snapshot.Row still = new Snapshot.Row(container(0, 0, "still"), sample(0, 0));
        List<Snapshot> snaps = new ArrayList<>();
        for (int t = 0; t < 7; t++) {
            Snapshot.Row moving = new Snapshot.Row(container(1, t, "moving"), sample(t, 1));
            snaps.add(new Snapshot(T0.plusSeconds(t), List.of(still, moving), Set.of()));
        }
        assertSame(snaps, read(record(snaps, 3)), "a row repeated across ticks and keyframes");
    }

    @Test
    void seeksByTime() throws Exception {
        List<Snapshot> snaps = fixture(12, "web");
        Recording r = Recording.of(List.of(record(snaps, 5)));
        assertEquals(-1, r.indexAt(T0.minusMillis(1)));
        int i = r.indexAt(T0.plusMillis(7500));
        assertEquals(7, i);
        assertEquals(snaps.get(7), r.snapshot(i));
        assertEquals(11, r.indexAt(T0.plusSeconds(3600)));
    }

    @Test
    void hostileTextComesBackExactly() throws Exception {
        String invalid = new String(Hostile.bytes(), StandardCharsets.ISO_8859_1) + "\uD800 lone surrogate";
        for (String name : List.of(Hostile.text(), invalid, "a\nb\r\u0000c", "x".repeat(10_000), "")) {
            List<Snapshot> snaps = fixture(3, name);
            assertSame(snaps, read(record(snaps, 2)), "hostile");
        }
    }

    @Test
    void aTornTailLeavesEveryEarlierTick() throws Exception {
        List<Snapshot> snaps = fixture(8, "web");
        byte[] all = record(snaps, 3);
        byte[] withoutLast = record(snaps.subList(0, 7), 3);
        for (int cut = withoutLast.length; cut < all.length; cut++) {
            List<Snapshot> got = read(Arrays.copyOf(all, cut));
            assertSame(snaps.subList(0, 7), got, "cut at byte " + cut);
        }
        long valid = Frames.scan(Arrays.copyOf(all, all.length - 1)).validLength();
        assertTrue(valid >= withoutLast.length && valid < all.length - 1, "where a writer appends: " + valid);
    }

    @Test
    void aDamagedFrameMidFileIsSkippedUntilTheNextKeyframe() throws Exception {
        List<Snapshot> snaps = fixture(9, "web");
        byte[] file = record(snaps, 3);
        int start = record(snaps.subList(0, 4), 3).length; // tick 4 is the second of its keyframe (3)
        int end = record(snaps.subList(0, 5), 3).length;
        file[end - 1] ^= 0x55; // in tick 4's own frame, the last of its tick
        Recording r = Recording.of(List.of(file));
        assertEquals(1, r.damaged());
        assertEquals(1, r.skipped(), "tick 5 follows the damage and waits for the keyframe at 6");
        List<Snapshot> expected = new ArrayList<>(snaps);
        expected.remove(5);
        expected.remove(4);
        assertSame(expected, r.all(), "damaged");
    }

    @Test
    void aLengthDamagedMidFileLosesOnlyUntilTheNextKeyframe() throws Exception {
        List<Snapshot> snaps = fixture(12, "web");
        byte[] file = record(snaps, 3);
        int start = record(snaps.subList(0, 4), 3).length; // where tick 4's first frame and its length start
        for (int i = 0; i < 4; i++) {
            file[start + i] = (byte) 0xFF; // a length beyond the file, over the CRC's first bytes
        }
        file[start + 4] = 0x0F;
        Recording r = Recording.of(List.of(file));
        assertEquals(1, r.damaged(), "one damaged stretch, the rest framed again");
        List<Snapshot> expected = new ArrayList<>(snaps);
        expected.subList(4, 6).clear(); // ticks 4 and 5 wait for the keyframe at 6
        assertSame(expected, r.all(), "after a damaged length");
        assertEquals(file.length, Recording.appendAt(file), "a writer continuing the file keeps what follows the damage");
    }

    @Test
    void zerosWhereFramesWereAreDamageNotFrames() throws Exception {
        List<Snapshot> snaps = fixture(12, "web");
        byte[] file = record(snaps, 3);
        int start = record(snaps.subList(0, 4), 3).length;
        int end = record(snaps.subList(0, 6), 3).length;
        Arrays.fill(file, start, end, (byte) 0); // ticks 4 and 5 zeroed, as a power cut may leave blocks
        Recording r = Recording.of(List.of(file));
        List<Snapshot> expected = new ArrayList<>(snaps);
        expected.subList(4, 6).clear();
        assertSame(expected, r.all(), "after zeros");
    }

    @Test
    void aFutureVersionOrAnotherFileIsOneClearLine() {
        byte[] file = record(fixture(2, "web"), 3);
        file[Frames.MAGIC.length] = 2;
        Frames.Unreadable e = assertThrows(Frames.Unreadable.class, () -> Recording.of(List.of(file)));
        assertEquals("recording format version 2 (this jtop reads version 1)", e.getMessage());
        e = assertThrows(Frames.Unreadable.class,
                () -> Recording.of(List.of("hello\n".getBytes(StandardCharsets.US_ASCII))));
        assertEquals("not a jtop recording", e.getMessage());
    }

    @Test
    void aSampleOfTwoHundredContainersIsSmall() {
        // idle containers: a few counters move a little each tick
        List<Snapshot> snaps = new ArrayList<>();
        for (int t = 0; t < 120; t++) {
            List<Snapshot.Row> rows = new ArrayList<>();
            for (int k = 0; k < 200; k++) {
                Sample s = Sample.builder().cpuPercent(0.1 * (t % 3)).cpuUsageNanos(1_000_000L * t + k)
                        .memoryWorkingSetBytes(4096L * (1000 + t % 2)).memoryUsageBytes(4096L * 1200)
                        .pidsCurrent(2L).memoryLimitBytes(1L << 30).build();
                rows.add(new Snapshot.Row(new Container(String.format("%064x", k), "c" + k, Runtime.DOCKER,
                        "img", 10 + k, ContainerState.RUNNING, "/docker/" + k, T0, null, false), s));
            }
            snaps.add(new Snapshot(T0.plusSeconds(t), rows, Set.of()));
        }
        byte[] file = record(snaps, 60);
        double perSample = (double) file.length / (200 * 120);
        assertTrue(perSample < 20, "bytes per container per sample: " + perSample);
    }

    @Test
    void aRecordMadeUpWithAValidCrcIsDamageNotACrash() throws Exception {
        Random random = new Random(18);
        for (int round = 0; round < 2000; round++) {
            Bytes.Out file = new Bytes.Out();
            byte[] good = record(fixture(2, "web"), 10);
            file.bytes(good, 0, good.length);
            byte[] junk = new byte[1 + random.nextInt(40)];
            random.nextBytes(junk);
            junk[0] = (byte) (Encoder.IDENTITY + random.nextInt(2)); // an identity or a tick
            Frames.frame(file, junk);
            try {
                Recording.of(List.of(file.toArray())).all();
            } catch (IllegalStateException e) {
                assertTrue(e.getMessage().startsWith("recording damaged near "), e.getMessage());
            }
        }
    }
}
