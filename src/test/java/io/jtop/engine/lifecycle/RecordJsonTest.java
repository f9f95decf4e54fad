package io.jtop.engine.lifecycle;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RecordJsonTest {

    private static final ContainerRecord RUNNING = new ContainerRecord("a".repeat(64), "web", "sha256:" + "b".repeat(64),
            "busybox:latest", List.of("sh", "-c", "echo \"hi\"; sleep 1"), "2026-11-29T07:21:03.440282985Z",
            LifecycleState.RUNNING, 3247, 1769263, 3231, "bf0951b5", -1, null, false, null, true);

    @Test
    void whatIsWrittenReadsBackEqual() throws Exception {
        assertEquals(RUNNING, RecordJson.read(RecordJson.write(RUNNING)));
        ContainerRecord exited = RUNNING.exited(137, "conmon died", true, "2026-11-29T08:00:00Z");
        assertEquals(exited, RecordJson.read(RecordJson.write(exited)));
        ContainerRecord bare = new ContainerRecord("c".repeat(64), null, null, null, null, null, null,
                0, 0, 0, null, 0, null, false, null, false);
        assertEquals(bare, RecordJson.read(RecordJson.write(bare)));
    }

    @Test
    void readsRecordsTheObjectMapperWroteAndTheMapperReadsOurs() throws Exception {
        // Stores written by earlier versions of jtop, which used Jackson's object mapper.
        ObjectMapper mapper = new ObjectMapper();
        assertEquals(RUNNING, RecordJson.read(mapper.writeValueAsBytes(RUNNING)));
        assertEquals(RUNNING, mapper.readValue(RecordJson.write(RUNNING), ContainerRecord.class));
    }

    @Test
    void unknownFieldsAreSkippedAndMissingOnesAreEmpty() throws Exception {
        String json = "{\"id\":\"x\",\"future\":{\"nested\":[1,2,{\"a\":null}]},\"state\":\"EXITED\",\"exitCode\":3,"
                + "\"labels\":[\"a\"]}";
        ContainerRecord r = RecordJson.read(json.getBytes(StandardCharsets.UTF_8));
        assertEquals("x", r.id());
        assertEquals(LifecycleState.EXITED, r.state());
        assertEquals(3, r.exitCode());
        assertNull(r.name());
        assertEquals(0, r.pid());
    }

    @Test
    void damagedRecordsAreRefusedWithTheReason() {
        for (String bad : new String[] {"[]", "{\"id\":", "{\"pid\":\"12\"}", "{\"state\":\"FLYING\"}",
                "{\"command\":[1]}", "{\"oomKilled\":\"yes\"}", "{\"pid\":1.5}",
                "{\"pid\":99999999999999999999}", ""}) {
            JsonProcessingException e = assertThrows(JsonProcessingException.class,
                    () -> RecordJson.read(bad.getBytes(StandardCharsets.UTF_8)), bad);
            assertTrue(e.getOriginalMessage() != null && !e.getOriginalMessage().isBlank(), bad);
        }
    }
}
