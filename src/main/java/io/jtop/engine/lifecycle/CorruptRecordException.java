package io.jtop.engine.lifecycle;

import java.io.IOException;

/**
 * A container's record that cannot be read as one: its message is the reason in jtop's own words
 * (e.g. {@code truncated}), short enough to show in a state column, and never a parser's message.
 */
public final class CorruptRecordException extends IOException {

    public CorruptRecordException(String reason) {
        super(reason);
    }
}
