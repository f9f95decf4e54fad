package io.jtop.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;

import io.jtop.testing.GuestReports.Case;
import io.jtop.testing.GuestReports.Outcome;
import org.junit.jupiter.api.Test;

/** The host's side of the v2 lane that needs no guest: its reports, selections and binds. */
class V2LaneTest {

    /** As JUnit's console launcher 1.11 writes it: one failure, one skip, one pass. */
    private static final String REPORT = """
            <?xml version="1.0" encoding="UTF-8"?>
            <testsuite name="JUnit Jupiter" tests="3" skipped="1" failures="1" errors="0">
            <properties><property name="os.name" value="Linux"/></properties>
            <testcase name="demoMemIsOomKilled()" classname="io.jtop.cli.DemoV2IT" time="3.1">
            <failure message="expected: &lt;137&gt; but was: &lt;0&gt;" type="org.opentest4j.AssertionFailedError"><![CDATA[org.opentest4j.AssertionFailedError: expected: <137> but was: <0>
            \tat io.jtop.cli.DemoV2IT.demoMemIsOomKilled(DemoV2IT.java:90)
            ]]></failure>
            <system-out><![CDATA[
            unique-id: [engine:junit-jupiter]/[class:io.jtop.cli.DemoV2IT]/[method:demoMemIsOomKilled()]
            ]]></system-out>
            </testcase>
            <testcase name="later()" classname="io.jtop.cli.OtherV2IT" time="0">
            <skipped><![CDATA[assumption failed: needs crun]]></skipped>
            </testcase>
            <testcase name="demoPidsIsHeldAtItsPidsMax()" classname="io.jtop.cli.DemoV2IT" time="1.5"/>
            </testsuite>
            """;

    @Test
    void aReportGivesEachCaseItsOutcomeAndMessage() {
        List<Case> cases = GuestReports.parse(REPORT, 1);
        assertEquals(3, cases.size());
        Case failed = cases.get(0);
        assertEquals("DemoV2IT.demoMemIsOomKilled()", failed.shortName());
        assertEquals(Outcome.FAILED, failed.outcome());
        assertEquals("expected: <137> but was: <0>", failed.message());
        assertTrue(failed.detail().contains("DemoV2IT.java:90"), failed.detail());
        assertEquals(Outcome.SKIPPED, cases.get(1).outcome());
        assertEquals("assumption failed: needs crun", cases.get(1).message());
        assertEquals(new Case("io.jtop.cli.DemoV2IT", "demoPidsIsHeldAtItsPidsMax()", Outcome.PASSED, "", "", 1),
                cases.get(2));
    }

    @Test
    void aSecondRunReplacesTheClassesItRanAgain() {
        List<Case> first = GuestReports.parse(REPORT, 1);
        List<Case> second = List.of(new Case("io.jtop.cli.DemoV2IT", "demoMemIsOomKilled()", Outcome.PASSED, "", "", 2));
        List<Case> merged = GuestReports.merge(first, second);
        assertEquals(List.of(first.get(1), second.get(0)), merged);
    }

    @Test
    void aBrokenReportIsRefusedWithTheParsersReason() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> GuestReports.parse("<testsuite><testcase name=", 1));
        assertTrue(e.getMessage().startsWith("not a JUnit XML report: "), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> GuestReports.parse(
                "<!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><testsuite>&e;</testsuite>", 1));
    }

    @Test
    void theSelectionMatchesTheNamedClassesOrEveryV2IT() {
        Pattern all = Pattern.compile(V2Lane.classPattern(""));
        assertTrue(all.matcher("io.jtop.cli.DemoV2IT").matches());
        assertTrue(!all.matcher("io.jtop.cli.DemoIT").matches());
        Pattern some = Pattern.compile(V2Lane.classPattern("DemoV2IT, io.jtop.x.CrunV2IT"));
        assertTrue(some.matcher("io.jtop.cli.DemoV2IT").matches());
        assertTrue(some.matcher("io.jtop.x.CrunV2IT").matches());
        assertTrue(!some.matcher("io.jtop.cli.OtherV2IT").matches());
        assertTrue(!some.matcher("io.jtop.cli.NotDemoV2IT").matches());
    }

    @Test
    void theGuestBindsTheProjectAndTheDirectoryOfItsJars() {
        Path base = Path.of("/work/jtop");
        List<Path> cp = List.of(base.resolve("target/test-classes"), base.resolve("target/classes"),
                Path.of("/root/.m2/repository/org/junit/a.jar"), Path.of("/root/.m2/repository/info/picocli/b.jar"),
                Path.of("/usr/share/java/c.jar"));
        assertEquals(List.of("/work/jtop", "/root/.m2/repository"), V2Lane.binds(base, cp));
        List<Path> scattered = List.of(Path.of("/opt/a/x.jar"), Path.of("/srv/b/y.jar"));
        assertEquals(List.of("/work/jtop", "/opt/a", "/srv/b"), V2Lane.binds(base, scattered));
    }
}
