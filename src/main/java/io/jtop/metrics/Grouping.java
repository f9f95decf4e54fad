package io.jtop.metrics;

import io.jtop.container.Container;
import io.jtop.container.Membership;

import java.util.Locale;

/**
 * How the table gathers containers into groups: not at all, by the pod or Compose project they
 * belong to ({@link Membership#group()}), by runtime, or by image. The UI's {@code g} cycles them
 * in this order; {@code jtop ps --group} names one.
 */
public enum Grouping {
    NONE,
    POD,
    RUNTIME,
    IMAGE;

    /** The name the header, {@code ps --group} and the JSON use. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The grouping after this one, back to {@link #NONE} after the last. */
    public Grouping next() {
        return values()[(ordinal() + 1) % values().length];
    }

    /** The grouping of a {@code --group} value ({@code pod}, {@code runtime}, {@code image}), or null. */
    public static Grouping of(String text) {
        for (Grouping g : values()) {
            if (g != NONE && g.label().equals(text)) {
                return g;
            }
        }
        return null;
    }

    /**
     * The group a container is in under this grouping, or null when it stays an ungrouped row: it
     * belongs to no pod or project, or its image is unknown.
     */
    public Key keyOf(Container c) {
        return switch (this) {
            case NONE -> null;
            case POD -> {
                Membership m = c.membership();
                // A pod whose name its runtime did not tell is no group ("ns/null" would gather strangers).
                String name = m == null || m.kind() != Membership.Kind.COMPOSE && m.pod() == null ? null : m.group();
                yield name == null || name.isEmpty() ? null : new Key(m.kind().name(), m.kind().label(), name);
            }
            case RUNTIME -> new Key("runtime", "runtime", c.runtime().label());
            case IMAGE -> c.image() == null || c.image().isEmpty() ? null : new Key("image", "image", image(c.image()));
        };
    }

    /** An image as its group names it: {@code busybox} and {@code busybox:latest} are one image. */
    static String image(String reference) {
        return reference.endsWith(":latest") && reference.length() > ":latest".length()
                ? reference.substring(0, reference.length() - ":latest".length()) : reference;
    }

    /**
     * Which group: its kind ({@code KUBERNETES}, {@code COMPOSE}, {@code runtime} …, so that a
     * Compose project and a pod of the same name stay apart), the label its row shows for the kind
     * ({@code pod}, {@code compose}, {@code runtime}, {@code image}) and its name.
     */
    public record Key(String kind, String label, String name) {
    }
}
