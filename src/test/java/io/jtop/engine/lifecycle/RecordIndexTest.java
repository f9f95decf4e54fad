package io.jtop.engine.lifecycle;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class RecordIndexTest {

    private static final String KEY = "(dev=fe00,ino=12)@1795972819599177969";

    static ContainerRecord awkward() {
        return ContainerRecord.builder().id("a".repeat(64)).name("tab\there").image("sha256:" + "1".repeat(64))
                .imageName("näme:✓ \\0 \\")
                .command(Arrays.asList("sh", "-c", "printf 'a\\tb\\n'\t\n\r\u001f", "", "\\", "\\0", "\\u"))
                .created("2026-11-29T00:00:00Z").state(LifecycleState.EXITED).pid(4_000_000_000L).pidStartTicks(-1)
                .exitCode(137).exitReason("line one\nline two").oomKilled(true).autoRemove(true).build();
    }

    private static ContainerRecord started(String id, String name, List<String> command, LifecycleState state) {
        return ContainerRecord.builder().id(id).name(name).image("i").imageName("n").command(command).created("t")
                .state(state).pid(1).pidStartTicks(2).conmonPid(3).bootId("boot").exitCode(-1).build();
    }

    /** Each record as a listing read it, with a stamp of its own. */
    private static List<StateStore.Parsed> read(List<ContainerRecord> records) {
        List<StateStore.Parsed> out = new ArrayList<>();
        for (int i = 0; i < records.size(); i++) {
            out.add(new StateStore.Parsed(new FileStamp(-1_000_000_000 + i, 1795972819599177969L + i,
                    500 + i), records.get(i), null));
        }
        return out;
    }

    /** What an index holds, comparable: each record and its stamp's fields. */
    private static List<String> flat(List<StateStore.Parsed> entries) {
        return entries == null ? null : entries.stream()
                .map(p -> p.record() + " " + p.stamp().key() + " " + p.stamp().modified() + " " + p.stamp().size())
                .toList();
    }

    @Test
    void recordsComeBackEqualWhateverTheirText() {
        List<ContainerRecord> in = List.of(awkward(),
                StateStoreTest.record("b".repeat(64), "plain"),
                ContainerRecord.builder().id("c".repeat(64)).name("").created("").state(LifecycleState.CREATED)
                        .bootId("").exitCode(-1).exitReason("").finished("").build(),
                started("d".repeat(64), "one-empty-arg", List.of(""), LifecycleState.RUNNING),
                started("e".repeat(64), "no-args", List.of(), LifecycleState.PAUSED));
        assertEquals(flat(read(in)), flat(RecordIndex.read(RecordIndex.write(KEY, read(in)), KEY)));
        assertEquals(List.of(), RecordIndex.read(RecordIndex.write(KEY, List.of()), KEY));
    }

    @Test
    void anotherKeyIsStale() {
        byte[] index = RecordIndex.write(KEY, read(List.of(awkward())));
        assertNull(RecordIndex.read(index, KEY + "0"));
        assertNull(RecordIndex.read(index, KEY.substring(1)));
        assertNull(RecordIndex.read(index, "(dev=fe00,ino=12)@1795972819599177968"));
    }

    @Test
    void whatNoRecordHoldsIsNotAnIndexThisCodeWrote() {
        ContainerRecord noState = ContainerRecord.builder().id("c".repeat(64)).name("x").created("t").exitCode(-1)
                .build();
        ContainerRecord noName = ContainerRecord.builder().id("c".repeat(64)).created("t")
                .state(LifecycleState.EXITED).exitCode(-1).build();
        for (ContainerRecord r : List.of(noState, noName)) {
            assertNull(RecordIndex.read(RecordIndex.write(KEY, read(List.of(r))), KEY), r.toString());
        }
    }

    @Test
    void anythingDamagedIsUnreadableNeverHalfRead() {
        String good = new String(RecordIndex.write(KEY, read(List.of(awkward(),
                StateStoreTest.record("b".repeat(64), "x")))), StandardCharsets.UTF_8);
        List<String> bad = new ArrayList<>();
        bad.add(good.substring(0, good.length() - 1)); // cut short
        bad.add(good.substring(0, good.indexOf('\n') + 40)); // cut in a record
        bad.add(good.replace("\t137\t", "\tx\t"));
        bad.add(good.replace("\tEXITED\t", "\tGONE\t"));
        bad.add(good.replace("\tEXITED\t", "\tEXITED\t\t"));
        bad.add(good.replace("\t1\t-1000000000\t", "\ttrue\t-1000000000\t"));
        bad.add(good.replace("\t-999999999\t", "\tx\t"));
        bad.add(good.replace("\t500\n", "\tx\n"));
        bad.add(good.replace("\t500\n", "\n"));
        bad.add(good.replace("7\u001fsh", "8\u001fsh"));
        bad.add(good.replace("\\u", "\\q"));
        bad.add("jtop-index 1 " + KEY + "\n");
        bad.add("jtop-index 3 " + KEY + "\n");
        bad.add("");
        for (String b : bad) {
            assertNotEquals(good, b, "each is damaged");
            assertNull(RecordIndex.read(b.getBytes(StandardCharsets.UTF_8), KEY), b);
        }
    }

    @Test
    void anIndexWrittenBeforeTheFieldTableReadsBackAndIsWrittenByteForByte() throws Exception {
        byte[] before = Files.readAllBytes(Path.of("src/test/resources/fixtures/records/containers.index2"));
        List<ContainerRecord> records = List.of(awkward(), RecordJsonTest.running("b".repeat(64)),
                ContainerRecord.builder().id("c".repeat(64)).name("").created("").state(LifecycleState.CREATED)
                        .bootId("").exitCode(-1).exitReason("").finished("").build(),
                started("e".repeat(64), "no-args", List.of(), LifecycleState.PAUSED));
        assertEquals(flat(read(records)), flat(RecordIndex.read(before, KEY)));
        assertEquals(new String(before, StandardCharsets.UTF_8),
                new String(RecordIndex.write(KEY, read(records)), StandardCharsets.UTF_8));
    }
}
