package io.jtop.linux.proc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ProcLimitsTest {

    /** {@code /proc/self/limits} of the build host, with the soft open-files limit lowered from 20000 so soft and hard differ. */
    private static final String HOST = """
            Limit                     Soft Limit           Hard Limit           Units    \s
            Max cpu time              unlimited            unlimited            seconds  \s
            Max file size             unlimited            unlimited            bytes    \s
            Max data size             unlimited            unlimited            bytes    \s
            Max stack size            8388608              unlimited            bytes    \s
            Max core file size        0                    unlimited            bytes    \s
            Max resident set          unlimited            unlimited            bytes    \s
            Max processes             96364                96364                processes\s
            Max open files            1024                 20000                files    \s
            Max locked memory         8388608              8388608              bytes    \s
            Max address space         unlimited            unlimited            bytes    \s
            Max file locks            unlimited            unlimited            locks    \s
            Max pending signals       96364                96364                signals  \s
            Max msgqueue size         819200               819200               bytes    \s
            Max nice priority         0                    0                   \s
            Max realtime priority     0                    0                   \s
            Max realtime timeout      unlimited            unlimited            us       \s
            """;

    @Test
    void softAndHardOfARealFile() {
        assertEquals(1024, ProcLimits.parseOpenFilesSoft(HOST));
        assertEquals(20000, ProcLimits.parseOpenFilesHard(HOST));
    }

    @Test
    void unlimitedIsMinusOne() {
        String text = HOST.replace("Max open files            1024                 20000",
                                   "Max open files            4096                 unlimited");
        assertEquals(4096, ProcLimits.parseOpenFilesSoft(text));
        assertEquals(-1, ProcLimits.parseOpenFilesHard(text));
    }

    @Test
    void missingLineGarbageEmptyAndNullAreMinusOne() {
        String noOpenFiles = HOST.replaceAll("(?m)^Max open files.*\n", "");
        assertEquals(-1, ProcLimits.parseOpenFilesSoft(noOpenFiles));
        assertEquals(-1, ProcLimits.parseOpenFilesHard("Max open files  \n"));
        assertEquals(-1, ProcLimits.parseOpenFilesSoft("garbage"));
        assertEquals(-1, ProcLimits.parseOpenFilesSoft(""));
        assertEquals(-1, ProcLimits.parseOpenFilesHard(null));
    }
}
