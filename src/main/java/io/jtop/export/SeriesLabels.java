package io.jtop.export;

import io.jtop.container.Container;
import io.jtop.container.Membership;
import io.jtop.text.Utf8;

import io.prometheus.metrics.model.snapshots.Labels;

/**
 * The labels that name one container's series, cAdvisor's: {@code id} (its cgroup path),
 * {@code name}, {@code image}, and the Kubernetes {@code namespace}, {@code pod} and
 * {@code container}. Every series carries all six, empty where nothing tells one, so that every
 * series of a family has the same label set.
 */
final class SeriesLabels {

    static final String[] NAMES = {"id", "name", "image", "namespace", "pod", "container"};

    private SeriesLabels() {
    }

    /** The six labels of a container's series. */
    static Labels of(Container c) {
        Membership m = c.membership();
        boolean k8s = m != null && m.kind() == Membership.Kind.KUBERNETES;
        return Labels.of(NAMES, new String[] {
                value(c.cgroup()), value(c.name()), value(c.image()),
                k8s ? value(m.podNamespace()) : "", k8s ? value(m.pod()) : "", k8s ? value(m.member()) : ""});
    }

    /**
     * A label value as the exposition can carry it: empty for unknown, and each byte that was not
     * UTF-8 where jtop read it (kept as a surrogate escape, {@link Utf8}) written as {@code \xff}:
     * the text formats are UTF-8 and would turn it into a replacement character, losing which byte
     * it was. Quotes, backslashes and newlines are the writer's to escape.
     */
    static String value(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder out = null;
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            boolean escaped = Utf8.isEscape(ch);
            boolean lone = !escaped && Character.isSurrogate(ch) && !pairedAt(s, i);
            if (escaped || lone) {
                if (out == null) {
                    out = new StringBuilder(s.length() + 8).append(s, 0, i);
                }
                out.append(escaped ? String.format("\\x%02x", ch & 0xff) : "\uFFFD");
            } else if (out != null) {
                out.append(ch);
            }
        }
        return out == null ? s : out.toString();
    }

    /** Whether the surrogate at {@code i} is half of a well-formed pair. */
    private static boolean pairedAt(String s, int i) {
        char ch = s.charAt(i);
        if (Character.isHighSurrogate(ch)) {
            return i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1));
        }
        return i > 0 && Character.isHighSurrogate(s.charAt(i - 1));
    }
}
