package io.jtop.engine.lifecycle;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RecordJsonTest {

    private static final Path WRITTEN_BEFORE = Path.of("src/test/resources/fixtures/records");

    private static final ContainerRecord RUNNING = ContainerRecord.builder().id("a".repeat(64)).name("web")
            .image("sha256:" + "b".repeat(64)).imageName("busybox:latest")
            .command(List.of("sh", "-c", "echo \"hi\"; sleep 1")).created("2026-11-29T07:21:03.440282985Z")
            .state(LifecycleState.RUNNING).pid(3247).pidStartTicks(1769263).conmonPid(3231).bootId("bf0951b5")
            .exitCode(-1).autoRemove(true).build();

    /** {@link #RUNNING} with another id. */
    static ContainerRecord running(String id) {
        return RUNNING.toBuilder().id(id).build();
    }

    @Test
    void whatIsWrittenReadsBackEqual() throws Exception {
        assertEquals(RUNNING, RecordJson.read(RecordJson.write(RUNNING)));
        ContainerRecord exited = RUNNING.exited(137, "conmon died", true, "2026-11-29T08:00:00Z");
        assertEquals(exited, RecordJson.read(RecordJson.write(exited)));
        ContainerRecord bare = ContainerRecord.builder().id("c".repeat(64)).name("bare")
                .created("2026-11-29T00:00:00Z").state(LifecycleState.CREATED).build();
        assertEquals(bare, RecordJson.read(RecordJson.write(bare)));
    }

    @Test
    void readsRecordsTheObjectMapperWroteAndTheMapperReadsOurs() throws Exception {
        // Stores written by earlier versions of jtop, which used Jackson's object mapper on a record
        // class that ignored unknown fields.
        ObjectMapper mapper = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
        assertEquals(RUNNING, RecordJson.read(mapper.writeValueAsBytes(RUNNING)));
        assertEquals(RUNNING, mapper.readValue(RecordJson.write(RUNNING), ContainerRecord.class));
    }

    @Test
    void unknownFieldsAreSkippedAndMissingOnesAreEmpty() throws Exception {
        String json = "{\"id\":\"x\",\"future\":{\"nested\":[1,2,{\"a\":null}]},\"state\":\"EXITED\",\"exitCode\":3,"
                + "\"labels\":[\"a\"],\"name\":\"n\",\"created\":\"t\"}";
        ContainerRecord r = RecordJson.read(json.getBytes(StandardCharsets.UTF_8));
        assertEquals("x", r.id());
        assertEquals(LifecycleState.EXITED, r.state());
        assertEquals(3, r.exitCode());
        assertNull(r.image());
        assertEquals(0, r.pid());
    }

    @Test
    void everyKindOfDamageIsRefusedWithAReasonOfJtopsOwn() throws Exception {
        String good = new String(RecordJson.write(RUNNING), StandardCharsets.UTF_8);
        Map<String, String> reasons = new LinkedHashMap<>();
        reasons.put("", "empty");
        reasons.put(good.substring(0, 100), "truncated");
        reasons.put(good.substring(0, good.length() - 1), "truncated");
        reasons.put("{}", "missing id, name, state, created");
        reasons.put("{\"id\":\"x\",\"name\":\"n\",\"created\":\"t\"}", "missing state");
        reasons.put("\u0000\u0000\u0000", "garbled near line 1, column …");
        reasons.put("{\"id\": x}", "garbled near line 1, column …");
        reasons.put("\n{\"id\"::", "garbled near line 2, column …");
        reasons.put(good + " {}", "garbled: more text after the record");
        reasons.put(good + "}", "garbled near line 19, column …");
        reasons.put("[]", "not a JSON object");
        reasons.put("\"\\u001b]0;PWN\\u0007\"", "not a JSON object");
        reasons.put("{\"pid\":\"12\"}", "field 'pid' is not a whole number");
        reasons.put("{\"pid\":1.5}", "field 'pid' is not a whole number");
        reasons.put("{\"pid\":99999999999999999999}", "field 'pid' is not a whole number");
        reasons.put("{\"exitCode\":4294967296}", "field 'exitCode' is out of range");
        reasons.put("{\"state\":\"FLYING\\u001b[2J\"}", "unknown state");
        reasons.put("{\"state\":3}", "unknown state");
        reasons.put("{\"command\":[1]}", "field 'command' holds something other than a string");
        reasons.put("{\"command\":\"sh\"}", "field 'command' is not an array of strings");
        reasons.put("{\"oomKilled\":\"yes\"}", "field 'oomKilled' is not true or false");
        reasons.put("{\"name\":{\"id\":\"x\"}}", "field 'name' is not a string");
        reasons.put(good.replace("\"format\" : 1", "\"format\" : 2"), "format 2, newer than this jtop reads (1)");
        reasons.put(good.replace("\"format\" : 1", "\"format\" : 0"), "unknown format 0");
        reasons.forEach((bad, reason) -> {
            CorruptRecordException e = assertThrows(CorruptRecordException.class,
                    () -> RecordJson.read(bad.getBytes(StandardCharsets.UTF_8)), bad);
            if (reason.endsWith("…")) { // where the parser stopped, which it alone knows
                assertTrue(e.getMessage().matches(reason.replace("…", "[0-9]+")), bad + ": " + e.getMessage());
            } else {
                assertEquals(reason, e.getMessage(), bad);
            }
        });
        byte[] notUtf8 = good.replace("web", "w\u00ffb").getBytes(StandardCharsets.ISO_8859_1);
        assertTrue(assertThrows(CorruptRecordException.class, () -> RecordJson.read(notUtf8)).getMessage()
                .startsWith("garbled near line "));
    }

    @Test
    void aRecordStartsWithItsFormatAndOneWithoutIsReadAsTheFirst() throws Exception {
        String json = new String(RecordJson.write(RUNNING), StandardCharsets.UTF_8);
        assertTrue(json.startsWith("{\n  \"format\" : 1,\n"), json);
        assertEquals(RUNNING, RecordJson.read(json.replace("\"format\" : 1,", "").getBytes(StandardCharsets.UTF_8)),
                "a record of a jtop from before formats were numbered");
    }

    @Test
    void recordsWrittenBeforeTheFieldTableReadBackAndAreWrittenByteForByte() throws Exception {
        ContainerRecord awkward = RecordIndexTest.awkward();
        for (ContainerRecord r : List.of(RUNNING, awkward)) {
            byte[] before = Files.readAllBytes(WRITTEN_BEFORE.resolve((r == RUNNING ? "running" : "awkward")
                    + ".format1.json"));
            assertEquals(r, RecordJson.read(before));
            assertEquals(new String(before, StandardCharsets.UTF_8), new String(RecordJson.write(r), StandardCharsets.UTF_8));
        }
    }

    @Test
    void everyComponentOfTheRecordHasItsEntryInTheFieldTableInOrder() {
        assertEquals(Arrays.stream(ContainerRecord.class.getRecordComponents()).map(RecordComponent::getName).toList(),
                Arrays.stream(RecordField.values()).map(RecordField::json).toList());
    }

    @Test
    void aBuilderMadeFromARecordMakesItAgain() {
        for (ContainerRecord r : List.of(RUNNING, RecordIndexTest.awkward())) {
            assertEquals(r, r.toBuilder().build());
        }
    }
}
