package io.jtop.engine.lifecycle;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The table of {@link ContainerRecord}'s fields: one entry each, with its name in the record's
 * JSON and its {@link Kind}, in the order of the fields in a record's file and of the columns of
 * the index. {@link RecordJson} and {@link RecordIndex} write and read every field through this
 * table, each by its kind; {@link #get} and {@link #set} join an entry to the record's component
 * and its builder's setter.
 *
 * <p>A new field is a record component, its builder's setter, an entry here (at the end) and its
 * case in {@link #get} and {@link #set}; the compiler asks for the two cases. It can never be one
 * of {@link #REQUIRED}: the records written before it do not have it. The index then has one
 * column more, so an index written before it is not read but written anew (a change that keeps
 * the count of columns but not their meaning raises {@link RecordIndex}'s version).
 *
 * <p>Switches rather than a method reference or a class per entry: the table is first used when
 * a process lists its records, where each would be one more thing to link or load
 * (src/bench/README.md, "The records' index").
 */
enum RecordField {
    ID("id",                         Kind.TEXT),
    NAME("name",                     Kind.TEXT),
    IMAGE("image",                   Kind.TEXT),
    IMAGE_NAME("imageName",          Kind.TEXT),
    COMMAND("command",               Kind.TEXTS),
    CREATED("created",               Kind.TEXT),
    STATE("state",                   Kind.STATE),
    PID("pid",                       Kind.LONG),
    PID_START_TICKS("pidStartTicks", Kind.LONG),
    CONMON_PID("conmonPid",          Kind.LONG),
    BOOT_ID("bootId",                Kind.TEXT),
    EXIT_CODE("exitCode",            Kind.INT),
    EXIT_REASON("exitReason",        Kind.TEXT),
    OOM_KILLED("oomKilled",          Kind.BOOL),
    FINISHED("finished",             Kind.TEXT),
    AUTO_REMOVE("autoRemove",        Kind.BOOL);

    /** The fields every record has always had, in the order a record missing some names them. */
    static final List<RecordField> REQUIRED = List.of(ID, NAME, STATE, CREATED);

    private static final Map<String, RecordField> BY_JSON_NAME = new HashMap<>();

    private final String json;
    private final Kind kind;

    static {
        for (RecordField f : values()) {
            BY_JSON_NAME.put(f.json, f);
        }
    }

    RecordField(String json, Kind kind) {
        this.json = json;
        this.kind = kind;
    }

    /**
     * What a field holds, and so how {@link RecordJson} and {@link RecordIndex} write and read
     * it; each kind's value, as {@link #get} gives it and {@link #set} takes it, is of one type.
     */
    enum Kind {
        /** A {@code String}, or null. */
        TEXT,
        /** A {@code List<String>} (a command line), or null. */
        TEXTS,
        /** A {@link LifecycleState} by its name, or null. */
        STATE,
        /** A {@code Long}: a whole number, 0 when absent. */
        LONG,
        /** An {@code Integer}: a whole number within an int, 0 when absent. */
        INT,
        /** A {@code Boolean}: false when absent. */
        BOOL
    }

    /** The field of this name in a record's JSON; null for one this jtop does not know. */
    static RecordField byJsonName(String name) {
        return BY_JSON_NAME.get(name);
    }

    /** Its name in a record's JSON. */
    String json() {
        return json;
    }

    Kind kind() {
        return kind;
    }

    /** Its value in a record, of its kind's type (boxed). */
    Object get(ContainerRecord r) {
        return switch (this) {
            case ID -> r.id();
            case NAME -> r.name();
            case IMAGE -> r.image();
            case IMAGE_NAME -> r.imageName();
            case COMMAND -> r.command();
            case CREATED -> r.created();
            case STATE -> r.state();
            case PID -> r.pid();
            case PID_START_TICKS -> r.pidStartTicks();
            case CONMON_PID -> r.conmonPid();
            case BOOT_ID -> r.bootId();
            case EXIT_CODE -> r.exitCode();
            case EXIT_REASON -> r.exitReason();
            case OOM_KILLED -> r.oomKilled();
            case FINISHED -> r.finished();
            case AUTO_REMOVE -> r.autoRemove();
        };
    }

    /** Sets it on a builder to a value of its kind's type. */
    ContainerRecord.Builder set(ContainerRecord.Builder b, Object v) {
        return switch (this) {
            case ID -> b.id((String) v);
            case NAME -> b.name((String) v);
            case IMAGE -> b.image((String) v);
            case IMAGE_NAME -> b.imageName((String) v);
            case COMMAND -> b.command(texts(v));
            case CREATED -> b.created((String) v);
            case STATE -> b.state((LifecycleState) v);
            case PID -> b.pid((Long) v);
            case PID_START_TICKS -> b.pidStartTicks((Long) v);
            case CONMON_PID -> b.conmonPid((Long) v);
            case BOOT_ID -> b.bootId((String) v);
            case EXIT_CODE -> b.exitCode((Integer) v);
            case EXIT_REASON -> b.exitReason((String) v);
            case OOM_KILLED -> b.oomKilled((Boolean) v);
            case FINISHED -> b.finished((String) v);
            case AUTO_REMOVE -> b.autoRemove((Boolean) v);
        };
    }

    @SuppressWarnings("unchecked") // a TEXTS field's value, as RecordJson and RecordIndex make it
    private static List<String> texts(Object v) {
        return (List<String>) v;
    }
}
