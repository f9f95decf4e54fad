package io.jtop.engine.lifecycle;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * The table of {@link ContainerRecord}'s fields: one entry each, with its name in the record's
 * JSON, its {@link FieldKind} (how it is written and read, in JSON and in the index), and how it
 * is got from a record and set on a {@link ContainerRecord.Builder}. The order of the entries is
 * the order of the fields in a record's file and of the columns of the index.
 *
 * <p>A new field is a record component, its builder's setter and an entry here, at the end. It
 * can never be one of {@link #REQUIRED}: the records written before it do not have it. The index
 * then has one column more, so an index written before it is not read but written anew (a change
 * that keeps the count of columns but not their meaning raises {@link RecordIndex}'s version).
 */
enum RecordField {
    ID("id", FieldKind.TEXT, ContainerRecord::id, ContainerRecord.Builder::id),
    NAME("name", FieldKind.TEXT, ContainerRecord::name, ContainerRecord.Builder::name),
    IMAGE("image", FieldKind.TEXT, ContainerRecord::image, ContainerRecord.Builder::image),
    IMAGE_NAME("imageName", FieldKind.TEXT, ContainerRecord::imageName, ContainerRecord.Builder::imageName),
    COMMAND("command", FieldKind.TEXTS, ContainerRecord::command, ContainerRecord.Builder::command),
    CREATED("created", FieldKind.TEXT, ContainerRecord::created, ContainerRecord.Builder::created),
    STATE("state", FieldKind.STATE, ContainerRecord::state, ContainerRecord.Builder::state),
    PID("pid", FieldKind.LONG, ContainerRecord::pid, ContainerRecord.Builder::pid),
    PID_START_TICKS("pidStartTicks", FieldKind.LONG, ContainerRecord::pidStartTicks,
            ContainerRecord.Builder::pidStartTicks),
    CONMON_PID("conmonPid", FieldKind.LONG, ContainerRecord::conmonPid, ContainerRecord.Builder::conmonPid),
    BOOT_ID("bootId", FieldKind.TEXT, ContainerRecord::bootId, ContainerRecord.Builder::bootId),
    EXIT_CODE("exitCode", FieldKind.INT, ContainerRecord::exitCode, ContainerRecord.Builder::exitCode),
    EXIT_REASON("exitReason", FieldKind.TEXT, ContainerRecord::exitReason, ContainerRecord.Builder::exitReason),
    OOM_KILLED("oomKilled", FieldKind.BOOL, ContainerRecord::oomKilled, ContainerRecord.Builder::oomKilled),
    FINISHED("finished", FieldKind.TEXT, ContainerRecord::finished, ContainerRecord.Builder::finished),
    AUTO_REMOVE("autoRemove", FieldKind.BOOL, ContainerRecord::autoRemove, ContainerRecord.Builder::autoRemove);

    /** The fields every record has always had, in the order a record missing some names them. */
    static final List<RecordField> REQUIRED = List.of(ID, NAME, STATE, CREATED);

    private static final Map<String, RecordField> BY_JSON_NAME = new HashMap<>();

    static {
        for (RecordField f : values()) {
            BY_JSON_NAME.put(f.json, f);
        }
    }

    private final String json;
    private final Access<?> access;

    <T> RecordField(String json, FieldKind<T> kind, Function<ContainerRecord, T> get,
                    BiConsumer<ContainerRecord.Builder, T> set) {
        this.json = json;
        this.access = new Access<>(kind, get, set);
    }

    /** A field's kind with its getter and setter, typed alike. */
    private record Access<T>(FieldKind<T> kind, Function<ContainerRecord, T> get,
                             BiConsumer<ContainerRecord.Builder, T> set) {

        void writeJson(JsonGenerator g, ContainerRecord r) throws IOException {
            kind.writeJson(g, get.apply(r));
        }

        void readJson(JsonParser p, JsonToken t, ContainerRecord.Builder b, String field) throws IOException {
            set.accept(b, kind.readJson(p, t, field));
        }

        void writeIndex(StringBuilder b, ContainerRecord r) {
            kind.writeIndex(b, get.apply(r));
        }

        void readIndex(String column, ContainerRecord.Builder b) {
            set.accept(b, kind.readIndex(column));
        }
    }

    /** The field of this name in a record's JSON; null for one this jtop does not know. */
    static RecordField byJsonName(String name) {
        return BY_JSON_NAME.get(name);
    }

    /** Its name in a record's JSON. */
    String json() {
        return json;
    }

    /** Whether a record lacks it (only a field of text, a list or a state can). */
    boolean isNull(ContainerRecord r) {
        return access.get().apply(r) == null;
    }

    /** Writes it from a record as a JSON field: its name, then its value. */
    void writeJson(JsonGenerator g, ContainerRecord r) throws IOException {
        g.writeFieldName(json);
        access.writeJson(g, r);
    }

    /**
     * Reads its value at token {@code t} onto a builder.
     *
     * @throws CorruptRecordException when the value is not of its kind
     */
    void readJson(JsonParser p, JsonToken t, ContainerRecord.Builder b) throws IOException {
        access.readJson(p, t, b, json);
    }

    /** Appends it from a record as an index column. */
    void writeIndex(StringBuilder b, ContainerRecord r) {
        access.writeIndex(b, r);
    }

    /** Reads its index column onto a builder; {@link IllegalArgumentException} when it is not one written here. */
    void readIndex(String column, ContainerRecord.Builder b) {
        access.readIndex(column, b);
    }
}
