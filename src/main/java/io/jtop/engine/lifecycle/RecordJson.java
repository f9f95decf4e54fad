package io.jtop.engine.lifecycle;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * {@link ContainerRecord} as JSON, through Jackson's streaming parser and generator rather than
 * its object mapper. Listing reads every record when a view starts, and the mapper's set-up and
 * its first introspection of the record are slow and would come before the UI's first frame; the
 * record's sixteen fields are written and read here, in one place. Unknown fields are skipped (a
 * newer jtop may add some); a missing one is null, 0 or false, except the four every record has
 * always had (id, name, state, created).
 *
 * <p>A record starts with its format, {@value #FORMAT}. A record without one was written by a
 * jtop from before formats were numbered, in the same layout. A record of a higher format is
 * refused rather than half read: a newer jtop may have changed what a field means.
 */
final class RecordJson {

    /** The format this code writes and the highest it reads. */
    static final int FORMAT = 1;

    private static final JsonFactory FACTORY = new JsonFactory();

    private RecordJson() {
    }

    static byte[] write(ContainerRecord r) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(640);
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            g.useDefaultPrettyPrinter();
            g.writeStartObject();
            g.writeNumberField("format", FORMAT);
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

    /**
     * Parses a record.
     *
     * @throws CorruptRecordException saying in words of its own (never the parser's) what is wrong:
     *                                empty, truncated, garbled, a field of the wrong kind, one of
     *                                the four every record has missing, or a newer format
     */
    static ContainerRecord read(byte[] json) throws CorruptRecordException {
        if (json.length == 0) {
            throw new CorruptRecordException("empty");
        }
        try (JsonParser p = FACTORY.createParser(json)) {
            return read(p);
        } catch (JsonEOFException e) {
            throw new CorruptRecordException("truncated");
        } catch (CorruptRecordException e) {
            throw e;
        } catch (IOException e) {
            JsonLocation at = e instanceof JsonProcessingException j ? j.getLocation() : null;
            throw new CorruptRecordException(at == null ? "garbled"
                    : "garbled near line " + at.getLineNr() + ", column " + at.getColumnNr());
        }
    }

    private static ContainerRecord read(JsonParser p) throws IOException {
        String id = null, name = null, image = null, imageName = null, created = null, bootId = null;
        String exitReason = null, finished = null;
        List<String> command = null;
        LifecycleState state = null;
        long pid = 0, pidStartTicks = 0, conmonPid = 0, format = FORMAT;
        int exitCode = 0;
        boolean oomKilled = false, autoRemove = false;
        if (p.nextToken() != JsonToken.START_OBJECT) {
            throw new CorruptRecordException("not a JSON object");
        }
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken t = p.nextToken();
            switch (field) {
                case "format" -> format = number(p, t, "format");
                case "id" -> id = text(p, t, "id");
                case "name" -> name = text(p, t, "name");
                case "image" -> image = text(p, t, "image");
                case "imageName" -> imageName = text(p, t, "imageName");
                case "command" -> command = strings(p, t);
                case "created" -> created = text(p, t, "created");
                case "state" -> state = state(p, t);
                case "pid" -> pid = number(p, t, "pid");
                case "pidStartTicks" -> pidStartTicks = number(p, t, "pidStartTicks");
                case "conmonPid" -> conmonPid = number(p, t, "conmonPid");
                case "bootId" -> bootId = text(p, t, "bootId");
                case "exitCode" -> exitCode = exitCode(number(p, t, "exitCode"));
                case "exitReason" -> exitReason = text(p, t, "exitReason");
                case "oomKilled" -> oomKilled = bool(p, t, "oomKilled");
                case "finished" -> finished = text(p, t, "finished");
                case "autoRemove" -> autoRemove = bool(p, t, "autoRemove");
                default -> p.skipChildren();
            }
        }
        if (p.currentToken() != JsonToken.END_OBJECT) {
            throw new CorruptRecordException("garbled");
        }
        if (p.nextToken() != null) {
            throw new CorruptRecordException("garbled: more text after the record");
        }
        if (format > FORMAT) {
            throw new CorruptRecordException("format " + format + ", newer than this jtop reads (" + FORMAT + ")");
        }
        if (format < 1) {
            throw new CorruptRecordException("unknown format " + format);
        }
        List<String> missing = new ArrayList<>();
        if (id == null) {
            missing.add("id");
        }
        if (name == null) {
            missing.add("name");
        }
        if (state == null) {
            missing.add("state");
        }
        if (created == null) {
            missing.add("created");
        }
        if (!missing.isEmpty()) {
            throw new CorruptRecordException("missing " + String.join(", ", missing));
        }
        return new ContainerRecord(id, name, image, imageName, command, created, state, pid, pidStartTicks,
                conmonPid, bootId, exitCode, exitReason, oomKilled, finished, autoRemove);
    }

    private static String text(JsonParser p, JsonToken t, String field) throws IOException {
        if (t == JsonToken.VALUE_NULL) {
            return null;
        }
        if (t != JsonToken.VALUE_STRING) {
            throw new CorruptRecordException("field '" + field + "' is not a string");
        }
        return p.getText();
    }

    private static int exitCode(long code) throws CorruptRecordException {
        if (code != (int) code) {
            throw new CorruptRecordException("field 'exitCode' is out of range");
        }
        return (int) code;
    }

    private static List<String> strings(JsonParser p, JsonToken t) throws IOException {
        if (t == JsonToken.VALUE_NULL) {
            return null;
        }
        if (t != JsonToken.START_ARRAY) {
            throw new CorruptRecordException("field 'command' is not an array of strings");
        }
        List<String> out = new ArrayList<>();
        while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
            if (t != JsonToken.VALUE_STRING) {
                throw new CorruptRecordException("field 'command' holds something other than a string");
            }
            out.add(p.getText());
        }
        return out;
    }

    private static LifecycleState state(JsonParser p, JsonToken t) throws IOException {
        if (t == JsonToken.VALUE_NULL) {
            return null;
        }
        if (t == JsonToken.VALUE_STRING) {
            for (LifecycleState s : LifecycleState.values()) {
                if (s.name().equals(p.getText())) {
                    return s;
                }
            }
        }
        throw new CorruptRecordException("unknown state"); // its text is not repeated: it may be anything
    }

    /**
     * A whole number, parsed from its text: Jackson's own number parsing initialises a class that
     * compiles two regular expressions on first use (the UI's first frame reads every record), for
     * numbers that {@link Long#parseLong} reads as well.
     */
    private static long number(JsonParser p, JsonToken t, String field) throws IOException {
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
        throw new CorruptRecordException("field '" + field + "' is not a whole number");
    }

    private static boolean bool(JsonParser p, JsonToken t, String field) throws IOException {
        if (t == JsonToken.VALUE_NULL) {
            return false;
        }
        if (t != JsonToken.VALUE_TRUE && t != JsonToken.VALUE_FALSE) {
            throw new CorruptRecordException("field '" + field + "' is not true or false");
        }
        return t == JsonToken.VALUE_TRUE;
    }
}
