package io.jtop.engine.lifecycle;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The index of every record, {@code <root>/containers.index} (see {@link StateStore#list}): a
 * cache of the records as text, one line each, that a process reads and splits without loading a
 * JSON parser. The records themselves are JSON ({@link RecordJson}); reading every one of them
 * through a parser that is itself still cold is what the index saves a view's first frame.
 *
 * <p>The first line is {@code jtop-index 2 KEY}, KEY being the identity and time of the records'
 * directory when they were read: while it is the same, no container's directory was added or
 * removed. Each record's fields follow in {@link RecordField}'s order, then what a stat of its file
 * gave when it was read ({@link FileStamp}: identity's hash, time in ns, size), separated by tabs: a
 * listing stats each record and parses again only one whose stamp changed, so an index never
 * serves a record edited behind it. In a text field a backslash, tab, newline, carriage return
 * and unit separator (U+001F) are written as a backslash and one of {@code \ t n r u}, and null
 * as a backslash and {@code 0}. The command is its length, then each argument after a unit
 * separator. A line that does not read back makes the whole index unreadable: it is then
 * written anew from the records.
 */
final class RecordIndex {

    private static final String MAGIC = "jtop-index 2 ";
    private static final char SEP = '\t';
    private static final char ARG = '\u001f';
    private static final String NULL = "\\0";
    private static final RecordField[] COLUMNS = RecordField.values();
    /** The record's fields, then its file's stamp. */
    private static final int FIELDS = COLUMNS.length + 3;

    private RecordIndex() {
    }

    static byte[] write(String key, List<StateStore.Parsed> records) {
        StringBuilder b = new StringBuilder(records.size() * 440 + 64);
        b.append(MAGIC).append(key).append('\n');
        for (StateStore.Parsed p : records) {
            for (RecordField f : COLUMNS) {
                write(b, f.kind(), f.get(p.record())).append(SEP);
            }
            b.append(p.stamp().key()).append(SEP);
            b.append(p.stamp().modified()).append(SEP);
            b.append(p.stamp().size()).append('\n');
        }
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** The records of an index written with {@code key}, with their stamps; null if written with another, or unreadable. */
    static List<StateStore.Parsed> read(byte[] bytes, String key) {
        String s = new String(bytes, StandardCharsets.UTF_8);
        int eol = s.indexOf('\n');
        if (eol < 0 || !s.startsWith(MAGIC) || !s.regionMatches(MAGIC.length(), key, 0, key.length())
                || eol != MAGIC.length() + key.length()) {
            return null;
        }
        List<StateStore.Parsed> out = new ArrayList<>();
        String[] f = new String[FIELDS];
        for (int at = eol + 1; at < s.length(); ) {
            int end = s.indexOf('\n', at);
            if (end < 0) {
                return null; // cut short
            }
            int from = at;
            for (int i = 0; i < FIELDS; i++) {
                int to = i == FIELDS - 1 ? end : s.indexOf(SEP, from);
                if (to < 0 || to > end) {
                    return null;
                }
                f[i] = s.substring(from, to);
                from = to + 1;
            }
            if (from != end + 1) {
                return null; // more fields than a record has
            }
            try {
                ContainerRecord.Builder record = ContainerRecord.builder();
                for (int i = 0; i < COLUMNS.length; i++) {
                    COLUMNS[i].set(record, read(f[i], COLUMNS[i].kind()));
                }
                ContainerRecord r = record.build();
                int stamp0 = COLUMNS.length;
                FileStamp stamp = new FileStamp(Integer.parseInt(f[stamp0]), Long.parseLong(f[stamp0 + 1]),
                        Long.parseLong(f[stamp0 + 2]));
                for (RecordField required : RecordField.REQUIRED) {
                    if (required.get(r) == null) {
                        return null; // what RecordJson never gives: not an index this code wrote
                    }
                }
                out.add(new StateStore.Parsed(stamp, r, null));
            } catch (IllegalArgumentException e) {
                return null; // a bad number or state: not an index this code wrote
            }
            at = end + 1;
        }
        return out;
    }

    /** Appends a value of a field of this kind as a column. */
    @SuppressWarnings("unchecked") // a TEXTS field's value is a List<String>
    private static StringBuilder write(StringBuilder b, RecordField.Kind kind, Object v) {
        return switch (kind) {
            case TEXT -> text(b, (String) v);
            case TEXTS -> texts(b, (List<String>) v);
            case STATE -> text(b, v == null ? null : ((LifecycleState) v).name());
            case LONG -> b.append((long) (Long) v);
            case INT -> b.append((int) (Integer) v);
            case BOOL -> b.append((Boolean) v ? '1' : '0');
        };
    }

    /** The value of a column of this kind; {@link IllegalArgumentException} when it is not one written here. */
    private static Object read(String column, RecordField.Kind kind) {
        return switch (kind) {
            case TEXT -> unescape(column);
            case TEXTS -> texts(column);
            case STATE -> LifecycleState.valueOf(column); // an index holds no record without one
            case LONG -> Long.parseLong(column);
            case INT -> Integer.parseInt(column);
            case BOOL -> bool(column);
        };
    }

    private static StringBuilder text(StringBuilder b, String s) {
        if (s == null) {
            return b.append(NULL);
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\\' -> b.append("\\\\");
                case '\t' -> b.append("\\t");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case ARG -> b.append("\\u");
                default -> b.append(c);
            }
        }
        return b;
    }

    private static String unescape(String s) {
        if (s.indexOf('\\') < 0) {
            return s;
        }
        if (s.equals(NULL)) {
            return null;
        }
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c != '\\') {
                b.append(c);
                continue;
            }
            if (++i == s.length()) {
                throw new IllegalArgumentException("a lone backslash");
            }
            b.append(switch (s.charAt(i)) {
                case '\\' -> '\\';
                case 't' -> '\t';
                case 'n' -> '\n';
                case 'r' -> '\r';
                case 'u' -> ARG;
                default -> throw new IllegalArgumentException("unknown escape");
            });
        }
        return b.toString();
    }

    private static StringBuilder texts(StringBuilder b, List<String> texts) {
        if (texts == null) {
            return b.append(NULL);
        }
        b.append(texts.size());
        for (String a : texts) {
            text(b.append(ARG), a);
        }
        return b;
    }

    private static List<String> texts(String f) {
        if (f.equals(NULL)) {
            return null;
        }
        int at = f.indexOf(ARG);
        int n = Integer.parseInt(at < 0 ? f : f.substring(0, at));
        List<String> out = new ArrayList<>(n);
        while (at >= 0) {
            int next = f.indexOf(ARG, at + 1);
            out.add(unescape(next < 0 ? f.substring(at + 1) : f.substring(at + 1, next)));
            at = next;
        }
        if (out.size() != n) {
            throw new IllegalArgumentException("a command of " + n + " arguments holds " + out.size());
        }
        return out;
    }

    private static boolean bool(String f) {
        return switch (f) {
            case "1" -> true;
            case "0" -> false;
            default -> throw new IllegalArgumentException("not 0 or 1");
        };
    }
}
