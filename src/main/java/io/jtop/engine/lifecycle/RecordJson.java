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
 * its first introspection of the record are slow and would come before the UI's first frame. The
 * fields are {@link RecordField}'s table, each written and read here by its kind. Unknown fields
 * are skipped (a newer jtop may add some); a missing one is null, 0 or false, except the four
 * every record has always had ({@link RecordField#REQUIRED}).
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
            for (RecordField f : RecordField.values()) {
                g.writeFieldName(f.json());
                write(g, f.kind(), f.get(r));
            }
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
        ContainerRecord.Builder b = ContainerRecord.builder();
        long format = FORMAT;
        if (p.nextToken() != JsonToken.START_OBJECT) {
            throw new CorruptRecordException("not a JSON object");
        }
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken t = p.nextToken();
            RecordField field = RecordField.byJsonName(name);
            if (field != null) {
                field.set(b, read(p, t, field.kind(), name));
            } else if (name.equals("format")) {
                format = number(p, t, "format");
            } else {
                p.skipChildren();
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
        ContainerRecord r = b.build();
        List<String> missing = new ArrayList<>();
        for (RecordField f : RecordField.REQUIRED) {
            if (f.get(r) == null) {
                missing.add(f.json());
            }
        }
        if (!missing.isEmpty()) {
            throw new CorruptRecordException("missing " + String.join(", ", missing));
        }
        return r;
    }

    /** Writes a value of a field of this kind. */
    @SuppressWarnings("unchecked") // a TEXTS field's value is a List<String>
    private static void write(JsonGenerator g, RecordField.Kind kind, Object v) throws IOException {
        switch (kind) {
            case TEXT -> g.writeString((String) v); // null as JSON's null
            case TEXTS -> writeStrings(g, (List<String>) v);
            case STATE -> g.writeString(v == null ? null : ((LifecycleState) v).name());
            case LONG -> g.writeNumber((long) (Long) v);
            case INT -> g.writeNumber((int) (Integer) v);
            case BOOL -> g.writeBoolean((Boolean) v);
            default -> throw new IllegalArgumentException("no JSON for " + kind);
        }
    }

    /**
     * Reads the value of a field of this kind at token {@code t}.
     *
     * @throws CorruptRecordException when it is not of that kind, naming the field
     */
    private static Object read(JsonParser p, JsonToken t, RecordField.Kind kind, String field) throws IOException {
        return switch (kind) {
            case TEXT -> text(p, t, field);
            case TEXTS -> strings(p, t, field);
            case STATE -> state(p, t);
            case LONG -> number(p, t, field);
            case INT -> intNumber(p, t, field);
            case BOOL -> bool(p, t, field);
        };
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

    /** A whole number within an int, as {@link #number} reads it. */
    private static int intNumber(JsonParser p, JsonToken t, String field) throws IOException {
        long n = number(p, t, field);
        if (n != (int) n) {
            throw new CorruptRecordException("field '" + field + "' is out of range");
        }
        return (int) n;
    }

    private static void writeStrings(JsonGenerator g, List<String> strings) throws IOException {
        if (strings == null) {
            g.writeNull();
            return;
        }
        g.writeStartArray();
        for (String s : strings) {
            g.writeString(s);
        }
        g.writeEndArray();
    }

    private static List<String> strings(JsonParser p, JsonToken t, String field) throws IOException {
        if (t == JsonToken.VALUE_NULL) {
            return null;
        }
        if (t != JsonToken.START_ARRAY) {
            throw new CorruptRecordException("field '" + field + "' is not an array of strings");
        }
        List<String> out = new ArrayList<>();
        while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
            if (t != JsonToken.VALUE_STRING) {
                throw new CorruptRecordException("field '" + field + "' holds something other than a string");
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
