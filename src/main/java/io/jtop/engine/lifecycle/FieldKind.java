package io.jtop.engine.lifecycle;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import java.io.IOException;
import java.util.List;

/**
 * What kind of value a {@link RecordField} holds, and so how it is written and read: as JSON in a
 * record's file ({@link RecordJson}) and as a column of the index ({@link RecordIndex}). Each kind
 * only joins the two grammars; how text is escaped, and what makes a value refused, is theirs.
 *
 * @param <T> the value's type, boxed for a primitive field
 */
interface FieldKind<T> {

    /** Text, or null. */
    FieldKind<String> TEXT = new FieldKind<>() {
        @Override
        public void writeJson(JsonGenerator g, String v) throws IOException {
            g.writeString(v); // null as JSON's null
        }

        @Override
        public String readJson(JsonParser p, JsonToken t, String field) throws IOException {
            return RecordJson.text(p, t, field);
        }

        @Override
        public void writeIndex(StringBuilder b, String v) {
            RecordIndex.text(b, v);
        }

        @Override
        public String readIndex(String column) {
            return RecordIndex.unescape(column);
        }
    };

    /** A list of text (a command line), or null. */
    FieldKind<List<String>> TEXTS = new FieldKind<>() {
        @Override
        public void writeJson(JsonGenerator g, List<String> v) throws IOException {
            RecordJson.writeStrings(g, v);
        }

        @Override
        public List<String> readJson(JsonParser p, JsonToken t, String field) throws IOException {
            return RecordJson.strings(p, t, field);
        }

        @Override
        public void writeIndex(StringBuilder b, List<String> v) {
            RecordIndex.texts(b, v);
        }

        @Override
        public List<String> readIndex(String column) {
            return RecordIndex.texts(column);
        }
    };

    /** A lifecycle state by its name, or null. */
    FieldKind<LifecycleState> STATE = new FieldKind<>() {
        @Override
        public void writeJson(JsonGenerator g, LifecycleState v) throws IOException {
            g.writeString(v == null ? null : v.name());
        }

        @Override
        public LifecycleState readJson(JsonParser p, JsonToken t, String field) throws IOException {
            return RecordJson.state(p, t);
        }

        @Override
        public void writeIndex(StringBuilder b, LifecycleState v) {
            RecordIndex.text(b, v == null ? null : v.name());
        }

        @Override
        public LifecycleState readIndex(String column) {
            return LifecycleState.valueOf(column); // an index holds no record without one
        }
    };

    /** A whole number; 0 when absent. */
    FieldKind<Long> LONG = new FieldKind<>() {
        @Override
        public void writeJson(JsonGenerator g, Long v) throws IOException {
            g.writeNumber(v);
        }

        @Override
        public Long readJson(JsonParser p, JsonToken t, String field) throws IOException {
            return RecordJson.number(p, t, field);
        }

        @Override
        public void writeIndex(StringBuilder b, Long v) {
            b.append((long) v);
        }

        @Override
        public Long readIndex(String column) {
            return Long.parseLong(column);
        }
    };

    /** A whole number within an int; 0 when absent. */
    FieldKind<Integer> INT = new FieldKind<>() {
        @Override
        public void writeJson(JsonGenerator g, Integer v) throws IOException {
            g.writeNumber(v);
        }

        @Override
        public Integer readJson(JsonParser p, JsonToken t, String field) throws IOException {
            return RecordJson.intNumber(p, t, field);
        }

        @Override
        public void writeIndex(StringBuilder b, Integer v) {
            b.append((int) v);
        }

        @Override
        public Integer readIndex(String column) {
            return Integer.parseInt(column);
        }
    };

    /** True or false; false when absent. */
    FieldKind<Boolean> BOOL = new FieldKind<>() {
        @Override
        public void writeJson(JsonGenerator g, Boolean v) throws IOException {
            g.writeBoolean(v);
        }

        @Override
        public Boolean readJson(JsonParser p, JsonToken t, String field) throws IOException {
            return RecordJson.bool(p, t, field);
        }

        @Override
        public void writeIndex(StringBuilder b, Boolean v) {
            b.append(v ? '1' : '0');
        }

        @Override
        public Boolean readIndex(String column) {
            return RecordIndex.bool(column);
        }
    };

    /** Writes a value as JSON, after its field's name. */
    void writeJson(JsonGenerator g, T value) throws IOException;

    /**
     * Reads the value at token {@code t}.
     *
     * @throws CorruptRecordException when it is not of this kind, naming {@code field}
     */
    T readJson(JsonParser p, JsonToken t, String field) throws IOException;

    /** Appends a value as an index column. */
    void writeIndex(StringBuilder b, T value);

    /**
     * Reads an index column.
     *
     * @throws IllegalArgumentException when it is not one this kind writes
     */
    T readIndex(String column);
}
