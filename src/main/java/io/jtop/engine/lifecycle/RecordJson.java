package io.jtop.engine.lifecycle;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * {@link ContainerRecord} as JSON, through Jackson's streaming parser and generator rather than
 * its object mapper. Listing reads every record when a view starts, and the mapper's set-up and
 * its first introspection of the record cost more than 100 ms before the UI's first frame; the
 * record's sixteen fields are written and read here, in one place. Unknown fields are skipped (a
 * newer jtop may add some); a missing one is null, 0 or false.
 */
final class RecordJson {

    private static final JsonFactory FACTORY = new JsonFactory();

    private RecordJson() {
    }

    static byte[] write(ContainerRecord r) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(640);
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            g.useDefaultPrettyPrinter();
            g.writeStartObject();
            g.writeStringField("id", r.id());
            g.writeStringField("name", r.name());
            g.writeStringField("image", r.image());
            g.writeStringField("imageName", r.imageName());
            g.writeFieldName("command");
            if (r.command() == null) {
                g.writeNull();
            } else {
                g.writeStartArray();
                for (String a : r.command()) {
                    g.writeString(a);
                }
                g.writeEndArray();
            }
            g.writeStringField("created", r.created());
            g.writeStringField("state", r.state() == null ? null : r.state().name());
            g.writeNumberField("pid", r.pid());
            g.writeNumberField("pidStartTicks", r.pidStartTicks());
            g.writeNumberField("conmonPid", r.conmonPid());
            g.writeStringField("bootId", r.bootId());
            g.writeNumberField("exitCode", r.exitCode());
            g.writeStringField("exitReason", r.exitReason());
            g.writeBooleanField("oomKilled", r.oomKilled());
            g.writeStringField("finished", r.finished());
            g.writeBooleanField("autoRemove", r.autoRemove());
            g.writeEndObject();
        }
        return out.toByteArray();
    }

    /** Parses a record; a malformed one is a {@link JsonParseException} naming what is wrong. */
    static ContainerRecord read(byte[] json) throws IOException {
        String id = null, name = null, image = null, imageName = null, created = null, bootId = null;
        String exitReason = null, finished = null;
        List<String> command = null;
        LifecycleState state = null;
        long pid = 0, pidStartTicks = 0, conmonPid = 0;
        int exitCode = 0;
        boolean oomKilled = false, autoRemove = false;
        try (JsonParser p = FACTORY.createParser(json)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new JsonParseException(p, "a container record is a JSON object");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken t = p.nextToken();
                switch (field) {
                    case "id" -> id = p.getValueAsString();
                    case "name" -> name = p.getValueAsString();
                    case "image" -> image = p.getValueAsString();
                    case "imageName" -> imageName = p.getValueAsString();
                    case "command" -> command = strings(p, t);
                    case "created" -> created = p.getValueAsString();
                    case "state" -> state = state(p, t);
                    case "pid" -> pid = number(p, t).longValue();
                    case "pidStartTicks" -> pidStartTicks = number(p, t).longValue();
                    case "conmonPid" -> conmonPid = number(p, t).longValue();
                    case "bootId" -> bootId = p.getValueAsString();
                    case "exitCode" -> exitCode = number(p, t).intValue();
                    case "exitReason" -> exitReason = p.getValueAsString();
                    case "oomKilled" -> oomKilled = bool(p, t);
                    case "finished" -> finished = p.getValueAsString();
                    case "autoRemove" -> autoRemove = bool(p, t);
                    default -> p.skipChildren();
                }
            }
            if (p.currentToken() != JsonToken.END_OBJECT) {
                throw new JsonParseException(p, "unexpected " + p.currentToken() + " in a container record");
            }
        }
        return new ContainerRecord(id, name, image, imageName, command, created, state, pid, pidStartTicks,
                conmonPid, bootId, exitCode, exitReason, oomKilled, finished, autoRemove);
    }

    private static List<String> strings(JsonParser p, JsonToken t) throws IOException {
        if (t == JsonToken.VALUE_NULL) {
            return null;
        }
        if (t != JsonToken.START_ARRAY) {
            throw new JsonParseException(p, "field '" + p.currentName() + "' is not an array of strings");
        }
        List<String> out = new ArrayList<>();
        while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
            if (t != JsonToken.VALUE_STRING) {
                throw new JsonParseException(p, "field 'command' holds a " + t + ", not a string");
            }
            out.add(p.getText());
        }
        return out;
    }

    private static LifecycleState state(JsonParser p, JsonToken t) throws IOException {
        if (t == JsonToken.VALUE_NULL) {
            return null;
        }
        try {
            return LifecycleState.valueOf(p.getText());
        } catch (IllegalArgumentException e) {
            throw new JsonParseException(p, "unknown state '" + p.getText() + "'");
        }
    }

    /**
     * A whole number, parsed from its text: Jackson's own number parsing initialises a class that
     * compiles two regular expressions, ~40 ms of a cold start (the UI's first frame reads every
     * record), for numbers that {@link Long#parseLong} reads as well.
     */
    private static Number number(JsonParser p, JsonToken t) throws IOException {
        if (t == JsonToken.VALUE_NULL) {
            return 0;
        }
        if (t == JsonToken.VALUE_NUMBER_INT) {
            try {
                return Long.parseLong(p.getText());
            } catch (NumberFormatException e) {
                // beyond a long: not one of ours
            }
        }
        throw new JsonParseException(p, "field '" + p.currentName() + "' is not a whole number");
    }

    private static boolean bool(JsonParser p, JsonToken t) throws IOException {
        if (t == JsonToken.VALUE_NULL) {
            return false;
        }
        if (t != JsonToken.VALUE_TRUE && t != JsonToken.VALUE_FALSE) {
            throw new JsonParseException(p, "field '" + p.currentName() + "' is not true or false");
        }
        return t == JsonToken.VALUE_TRUE;
    }
}
