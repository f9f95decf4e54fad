package io.jtop.engine.image;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An image reference, {@code name[:tag][@digest]}, by the grammar of the distribution project's
 * reference package (what Docker, Podman and registries accept):
 *
 * <pre>
 * reference        := name [ ":" tag ] [ "@" digest ]
 * name             := [domain "/"] path-component ["/" path-component]*
 * domain           := host [":" port]   host: domain-component ["." domain-component]* | "[" IPv6 "]"
 * domain-component := [a-zA-Z0-9] | [a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9]
 * path-component   := [a-z0-9]+ (separator [a-z0-9]+)*      separator := [_.] | "__" | "-"+
 * tag              := [A-Za-z0-9_][A-Za-z0-9_.-]{0,127}
 * digest           := algorithm ":" [0-9a-fA-F]{32,}        algorithm := [A-Za-z][A-Za-z0-9]* ([-_+.] [A-Za-z][A-Za-z0-9]*)*
 * </pre>
 *
 * and no more than 255 characters of path after the domain. Only ASCII passes, so a reference
 * that passes is safe to print as it is; one that fails is refused with one line saying why.
 *
 * @param name   the repository, domain included
 * @param tag    null when none is given
 * @param digest null when none is given
 */
public record Reference(String name, String tag, String digest) {

    /** The longest path (the name without its domain) the grammar allows. */
    public static final int MAX_PATH = 255;
    /**
     * Longer text is refused before the grammar is tried, which would recurse once per component
     * (a stack overflow for 50 KB of them); no registry's domain, path, tag and digest come near.
     */
    static final int MAX_LENGTH = 1024;

    /** The grammar, compiled at first use: most commands never parse a reference. */
    private static final class Grammar {
        static final String COMPONENT = "[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*";
        static final String DOMAIN_COMPONENT = "(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])";
        static final String DOMAIN = "(?:" + DOMAIN_COMPONENT + "(?:\\." + DOMAIN_COMPONENT + ")*"
                + "|\\[[a-fA-F0-9:]+\\])(?::[0-9]+)?";
        static final String TAG = "[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}";
        static final String DIGEST = "[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}";
        static final Pattern REFERENCE = Pattern.compile("((?:" + DOMAIN + "/)?" + COMPONENT + "(?:/" + COMPONENT
                + ")*)(?::(" + TAG + "))?(?:@(" + DIGEST + "))?");
        /** A name split as the grammar's parser splits it: a first component that can be a domain is one. */
        static final Pattern DOMAIN_PART = Pattern.compile("(" + DOMAIN + ")/(.+)");
    }

    /**
     * Parses a reference.
     *
     * @throws IllegalArgumentException {@code invalid image reference 'TEXT': WHY} (the text as
     *                                  given; the CLI escapes it where it prints it)
     */
    public static Reference parse(String s) {
        if (s == null || s.isEmpty()) {
            throw new IllegalArgumentException("an image reference must not be empty");
        }
        if (s.length() > MAX_LENGTH) {
            throw invalid(s, "longer than " + MAX_LENGTH + " characters");
        }
        Matcher m = Grammar.REFERENCE.matcher(s);
        if (!m.matches()) {
            boolean upper = !s.toLowerCase(Locale.ROOT).equals(s)
                    && Grammar.REFERENCE.matcher(s.toLowerCase(Locale.ROOT)).matches();
            throw invalid(s, upper ? "the repository name must be lower case"
                    : "not name[:tag][@digest] (a name is lower-case letters, digits and . _ - separators, "
                            + "a tag at most 128 letters, digits and . _ -)");
        }
        String name = m.group(1);
        Matcher d = Grammar.DOMAIN_PART.matcher(name);
        String path = d.matches() ? d.group(2) : name;
        if (path.length() > MAX_PATH) {
            throw invalid(s, "the repository name is longer than " + MAX_PATH + " characters");
        }
        return new Reference(name, m.group(2), m.group(3));
    }

    /** The reference with {@code latest} for its tag when it names neither a tag nor a digest, as Docker reads it. */
    public String orLatest() {
        return tag == null && digest == null ? name + ":latest" : toString();
    }

    @Override
    public String toString() {
        return name + (tag == null ? "" : ":" + tag) + (digest == null ? "" : "@" + digest);
    }

    private static IllegalArgumentException invalid(String s, String why) {
        return new IllegalArgumentException("invalid image reference '" + s + "': " + why);
    }
}
