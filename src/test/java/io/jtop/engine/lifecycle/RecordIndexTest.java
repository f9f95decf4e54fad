package io.jtop.engine.lifecycle;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class RecordIndexTest {

    private static final String KEY = "(dev=fe00,ino=12)@1795972819599177969";

    private static ContainerRecord awkward() {
        return new ContainerRecord("a".repeat(64), "tab\there", "sha256:" + "1".repeat(64), "näme:✓ \\0 \\",
                Arrays.asList("sh", "-c", "printf 'a\\tb\\n'\t\n\r\u001f", "", "\\", "\\0", "\\u"),
                "2026-11-29T00:00:00Z", LifecycleState.EXITED, 4_000_000_000L, -1, 0, null, 137,
                "line one\nline two", true, null, true);
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
                new ContainerRecord("c".repeat(64), "", null, null, null, "", LifecycleState.CREATED, 0, 0, 0, "", -1, "",
                        false, "", false),
                new ContainerRecord("d".repeat(64), "one-empty-arg", "i", "n", List.of(""), "t",
                        LifecycleState.RUNNING, 1, 2, 3, "boot", -1, null, false, null, false),
                new ContainerRecord("e".repeat(64), "no-args", "i", "n", List.of(), "t",
                        LifecycleState.PAUSED, 1, 2, 3, "boot", -1, null, false, null, false));
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
        ContainerRecord noState = new ContainerRecord("c".repeat(64), "x", null, null, null, "t", null, 0, 0, 0, null,
                -1, null, false, null, false);
        ContainerRecord noName = new ContainerRecord("c".repeat(64), null, null, null, null, "t",
                LifecycleState.EXITED, 0, 0, 0, null, -1, null, false, null, false);
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
}
