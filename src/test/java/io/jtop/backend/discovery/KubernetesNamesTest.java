package io.jtop.backend.discovery;

import io.jtop.container.Membership;
import io.jtop.linux.proc.KernelFiles;
import io.jtop.linux.proc.ProcFs;
import io.jtop.linux.proc.ProcStat;
import io.jtop.testing.Hostile;
import io.jtop.text.TerminalText;
import io.jtop.text.Utf8;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.jtop.testing.KubernetesFixture.spec;
import static io.jtop.testing.KubernetesFixture.specOf;
import static io.jtop.testing.KubernetesFixture.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What a node's records can hold that pod specs' authors or a careless admin put there: specs
 * too large, broken or not files, hostile text in annotations, links planted among the pod logs.
 * Each costs a bounded read, tells what it can (else the {@code /var/log/pods} fallback), and
 * never throws.
 */
class KubernetesNamesTest {

    private static final String ID = "c3".repeat(32);
    private static final String UID = "0f4b2c6d-1e3a-4b5c-8d7e-9f0a1b2c3d4e";
    private static final String PATH = "/kubepods/besteffort/pod" + UID + "/crio-" + ID;
    private static final ProcStat INIT = new ProcStat(200, "sleep", 'S', 199, 0, 0, 0, 0);

    @TempDir
    Path root;

    private KubernetesNames.Named name() {
        try (KernelFiles files = new KernelFiles(16)) {
            return new KubernetesNames(root, new ProcFs(root, files)).name(CgroupPathClassifier.classify(PATH), INIT);
        }
    }

    private Path specFile() {
        return root.resolve("run/containers/storage/overlay-containers/" + ID + "/userdata/config.json");
    }

    /** The kubelet's log directory of the pod, with one container that restarted twice. */
    private void podLogs() throws IOException {
        for (String log : List.of("api/0.log", "api/1.log", "api/2.log")) {
            write(root.resolve("var/log/pods/prod_api-5f7_" + UID + "/" + log), new byte[0]);
        }
    }

    @Test
    void withoutASpecThePodLogsTellThePodAndTheOnlyContainer() throws IOException {
        podLogs();
        KubernetesNames.Named n = name();
        assertEquals("prod/api-5f7/api", n.name());
        assertEquals(2, n.details().restartCount());
        assertEquals(Membership.kubernetes("prod", "api-5f7", UID, "besteffort", "/kubepods/besteffort/pod" + UID,
                false, "api"), n.details().membership());
    }

    @Test
    void withoutASpecThePauseProcessIsThePodsSandbox() throws IOException {
        podLogs();
        try (KernelFiles files = new KernelFiles(16)) {
            KubernetesNames.Named n = new KubernetesNames(root, new ProcFs(root, files)).name(
                    CgroupPathClassifier.classify(PATH), new ProcStat(201, "pause", 'S', 199, 0, 0, 0, 0));
            assertEquals("prod/api-5f7", n.name());
            assertTrue(n.details().membership().sandbox());
            assertNull(n.details().restartCount());
        }
    }

    @Test
    void aSpecOfAGigabyteIsNotRead() throws IOException {
        podLogs();
        Files.createDirectories(specFile().getParent());
        try (RandomAccessFile f = new RandomAccessFile(specFile().toFile(), "rw")) {
            f.setLength(1L << 30); // sparse: no disk used
        }
        KubernetesNames.Named n = assertTimeoutPreemptively(Duration.ofSeconds(5), this::name);
        assertEquals("prod/api-5f7/api", n.name(), "the fallback's names");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "{", "[]", "null", "{\"annotations\":{\"io.kubernetes.pod.name\":", "{\"annotations\":7}",
            "{\"a\":1}}", "\u0000\u0001"})
    void aSpecThatIsNotJsonTellsNothing(String text) throws IOException {
        podLogs();
        write(specFile(), text.getBytes(StandardCharsets.UTF_8));
        assertEquals("prod/api-5f7/api", name().name(), "the fallback's names");
    }

    @Test
    void aSpecNestedTooDeepTellsNothing() throws IOException {
        podLogs();
        write(specFile(), ("{\"a\":" + "[".repeat(200_000)).getBytes(StandardCharsets.US_ASCII));
        assertEquals("prod/api-5f7/api", name().name());
    }

    @Test
    void aSpecThatIsAFifoIsNotOpened() throws Exception {
        podLogs();
        Files.createDirectories(specFile().getParent());
        Process mkfifo = new ProcessBuilder("mkfifo", specFile().toString()).start();
        assertEquals(0, mkfifo.waitFor());
        assertEquals("prod/api-5f7/api", assertTimeoutPreemptively(Duration.ofSeconds(5), this::name).name());
    }

    @Test
    void hostileAnnotationsKeepTheirBytesAndAreEscapedWherePrinted() throws IOException {
        Map<String, byte[]> a = new LinkedHashMap<>();
        a.put("io.kubernetes.pod.name", Hostile.bytes());
        a.put("io.kubernetes.pod.namespace", "ns\u001b[31m".getBytes(StandardCharsets.US_ASCII));
        a.put("io.kubernetes.pod.uid", UID.getBytes(StandardCharsets.US_ASCII));
        a.put("io.kubernetes.container.name", new byte[] {'c', (byte) 0xff});
        a.put("io.kubernetes.cri-o.ImageName", new byte[] {'i', (byte) 0xc3});
        write(specFile(), spec(a));
        KubernetesNames.Named n = name();
        String expected = "ns\u001b[31m/" + Hostile.text() + "/c" + Utf8.decode(new byte[] {(byte) 0xff});
        assertEquals(TerminalText.line(expected), TerminalText.line(n.name()), "shown escaped alike");
        assertEquals(expected, n.name());
        assertEquals(Utf8.decode(new byte[] {'i', (byte) 0xc3}), n.image());
        String shown = TerminalText.line(n.name());
        Hostile.assertNothingRaw("the name", shown.getBytes(StandardCharsets.UTF_8));
        Hostile.assertEscaped("the name", shown);
        assertTrue(shown.startsWith("ns\\x1b[31m/"), shown);
    }

    @Test
    void linksPlantedAmongThePodLogsAreNotFollowed() throws IOException {
        // The pod's directory a link: nothing is read through it.
        Path elsewhere = root.resolve("elsewhere");
        write(elsewhere.resolve("api/7.log"), new byte[0]);
        Files.createDirectories(root.resolve("var/log/pods"));
        Files.createSymbolicLink(root.resolve("var/log/pods/prod_api-5f7_" + UID), elsewhere);
        assertNull(name(), "no record, and the only pod directory is a link");

        // A real pod directory whose container directory is a link, and one whose newest log is.
        Files.delete(root.resolve("var/log/pods/prod_api-5f7_" + UID));
        Path pod = root.resolve("var/log/pods/prod_api-5f7_" + UID);
        Files.createDirectories(pod);
        Files.createSymbolicLink(pod.resolve("api"), elsewhere.resolve("api"));
        assertEquals("prod/api-5f7/" + ID.substring(0, 12), name().name(), "the pod; no container name from a link");
        assertNull(name().details().restartCount());

        Files.delete(pod.resolve("api"));
        write(pod.resolve("api/1.log"), new byte[0]);
        Files.createSymbolicLink(pod.resolve("api/9.log"), elsewhere.resolve("api/7.log"));
        assertEquals(1, name().details().restartCount(), "the link's 9 is not counted");
    }

    @Test
    void restartCountsThatAreNotTheKubeletsAreIgnored() throws IOException {
        for (String bad : List.of("-1", "1e3", "99999999999", " 3", "")) {
            write(specFile(), specOf(Map.of("io.kubernetes.pod.name", "api-5f7", "io.kubernetes.pod.namespace", "prod",
                    "io.kubernetes.pod.uid", UID, "io.kubernetes.container.name", "api",
                    "io.kubernetes.container.restartCount", bad)));
            assertNull(name().details().restartCount(), bad);
        }
    }

    @Test
    void aPodNameThatIsAPathDoesNotLeadOutOfThePodLogs() throws IOException {
        write(root.resolve("var/log/pods/x_y_z/api/5.log"), new byte[0]);
        write(specFile(), specOf(Map.of("io.kubernetes.pod.name", "../../../var/log/pods/x", "io.kubernetes.pod.namespace",
                "..", "io.kubernetes.pod.uid", "z", "io.kubernetes.container.name", "api")));
        KubernetesNames.Named n = name();
        assertEquals("../../../../var/log/pods/x/api", n.name());
        assertNull(n.details().restartCount());
    }
}
