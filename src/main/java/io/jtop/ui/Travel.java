package io.jtop.ui;

/**
 * A feed that moves in time (a recording played back): each method moves the shown tick and
 * returns a line for the status line, an error when it starts with {@link #ERROR}, or null.
 */
interface Travel {

    /** The prefix of a line that is an error (shown in the error colour, without the prefix). */
    String ERROR = "!";

    /** This many recorded ticks on (negative: back). */
    String step(int ticks);

    /** This many minutes on (negative: back). */
    String minutes(int minutes);

    /** The last tick at or before the time the user typed. */
    String at(String time);

    /** The first tick. */
    String first();

    /** The last tick, the file read again for ticks written since. */
    String last();

    /** The time shown now, as the user would type it, for the time dialog's initial text. */
    String shown();
}
