package io.jtop.linux.proc;

/**
 * The fields jtop uses from {@code /proc/<pid>/stat}.
 *
 * @param pid            process id
 * @param comm           command name (up to 15 bytes; may contain spaces and parentheses)
 * @param state          one-letter state (R, S, D, Z, T, …)
 * @param ppid           parent pid
 * @param utimeTicks     user CPU time in clock ticks
 * @param stimeTicks     system CPU time in clock ticks
 * @param startTimeTicks start time in clock ticks after boot; with the pid it names a process uniquely
 * @param rssPages       resident set size in pages
 */
public record ProcStat(int pid, String comm, char state, int ppid, long utimeTicks, long stimeTicks,
                       long startTimeTicks, long rssPages) {

    /** Parses the one line of a stat file; returns null for empty, truncated or garbled text. */
    public static ProcStat parse(String text) {
        if (text == null) {
            return null;
        }
        int open = text.indexOf('(');
        int close = text.lastIndexOf(')');
        if (open <= 0 || close < open) {
            return null;
        }
        String[] f = text.substring(close + 1).trim().split(" ");
        // f[0] is field 3 (state); starttime is field 22, rss field 24.
        if (f.length < 22 || f[0].length() != 1) {
            return null;
        }
        try {
            return new ProcStat(
                    Integer.parseInt(text.substring(0, open).trim()),
                    text.substring(open + 1, close),
                    f[0].charAt(0),
                    Integer.parseInt(f[1]),
                    Long.parseLong(f[11]),
                    Long.parseLong(f[12]),
                    Long.parseLong(f[19]),
                    Long.parseLong(f[21]));
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
