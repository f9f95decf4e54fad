package io.jtop.backend.discovery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.jtop.backend.discovery.CgroupPathClassifier.Match;
import io.jtop.container.Runtime;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;

class CgroupPathClassifierTest {

    /** The Docker scope of the v2 fixture. */
    private static final String ID = "a01ea2828a4456f3ddbb0f9c132daeee8d65fc3d0804faf35ed272b500bce17e";
    private static final String JTOP_ID = "c0ffee05c2810443c4cdbd0f0ac1aaa28c12bcb51e1e76caf875cd69a1827007";
    private static final String K8S_POD_SLICE = "/kubepods.slice/kubepods-besteffort.slice"
            + "/kubepods-besteffort-pod8d3f2b6a_1c4e_4f7a_9b2d_5e6f7a8b9c0d.slice";
    private static final String K8S_POD_DIR = "/kubepods/burstable/pod5b1e9c3d-7a2f-4e8b-9c6d-1f0a2b3c4d5e";

    static Stream<Arguments> containers() {
        return Stream.of(
                Arguments.of("/system.slice/docker-" + ID + ".scope", Runtime.DOCKER, ID, null),
                Arguments.of("/docker/" + ID, Runtime.DOCKER, ID, null),
                Arguments.of("/machine.slice/libpod-" + ID + ".scope", Runtime.PODMAN, ID, null),
                Arguments.of("/libpod_parent/libpod-" + ID, Runtime.PODMAN, ID, null),
                Arguments.of(K8S_POD_SLICE + "/cri-containerd-" + ID + ".scope", Runtime.CONTAINERD, ID, null),
                Arguments.of(K8S_POD_DIR + "/" + ID, Runtime.CONTAINERD, ID, null),
                Arguments.of("/kubepods/pod5b1e9c3d-7a2f-4e8b-9c6d-1f0a2b3c4d5e/" + ID, Runtime.CONTAINERD, ID, null),
                Arguments.of("/system.slice/crio-" + ID + ".scope", Runtime.CRIO, ID, null),
                Arguments.of("/crio-" + ID, Runtime.CRIO, ID, null),
                Arguments.of("/lxc.payload.web1", Runtime.LXC, "web1", "web1"),
                Arguments.of("/lxc/web1", Runtime.LXC, "web1", "web1"),
                Arguments.of("/machine.slice/machine-debian\\x2dtest.scope", Runtime.NSPAWN, "debian-test", "debian-test"),
                Arguments.of("/machine.slice/systemd-nspawn@debian\\x2dtest.service", Runtime.NSPAWN, "debian-test",
                        "debian-test"),
                Arguments.of("/jtop/" + JTOP_ID, Runtime.JTOP, JTOP_ID, null),
                Arguments.of("/jtop/jtopfixture1", Runtime.JTOP, "jtopfixture1", null));
    }

    @ParameterizedTest
    @MethodSource("containers")
    void recognisesEveryLayout(String path, Runtime runtime, String id, String name) {
        assertEquals(new Match(runtime, id, name), CgroupPathClassifier.classify(path));
    }

    static Stream<String> notContainers() {
        return Stream.of(
                "/machine.slice/libpod-conmon-" + ID + ".scope",
                "/system.slice/crio-conmon-" + ID + ".scope",
                "/libpod_parent/conmon",
                "/lxc.monitor.web1",
                "/lxc.payload.",
                "/lxc.payload.web1/init.scope",
                "/machine.slice/machine-.scope",
                "/machine.slice/systemd-nspawn@.service",
                "/machine.slice/systemd-nspawn@web.service/payload",
                "/system.slice/systemd-nspawn@web.service",
                "/user.slice/user-1000.slice/session-1.scope",
                "/system.slice/docker.service",
                "/docker",
                "/docker/" + ID + "/init.scope",
                K8S_POD_SLICE,
                K8S_POD_DIR,
                "/jtop",
                "/jtop/.hidden",
                "/jtop/a/b",
                "/system.slice/docker-" + ID.substring(1) + ".scope",
                "/docker/" + ID + "0",
                "/docker/" + ID.substring(1),
                "/machine.slice/libpod-" + ID.substring(2) + ".scope",
                "/system.slice/cri-containerd-" + ID + "f.scope",
                "/",
                "/init.scope");
    }

    @ParameterizedTest
    @MethodSource("notContainers")
    void rejectsWhatIsNotAContainersOwnCgroup(String path) {
        assertNull(CgroupPathClassifier.classify(path));
    }

    @ParameterizedTest
    @NullAndEmptySource
    void nullAndEmptyAreNotContainers(String path) {
        assertNull(CgroupPathClassifier.classify(path));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "debian\\x2dtest|debian-test",
            "a\\x2db\\x2dc|a-b-c",
            "\\x2d|-",
            "plain|plain",
            "end\\x2|end\\x2",
            "bad\\xzz|bad\\xzz"})
    void unescapeSystemd(String escaped, String plain) {
        assertEquals(plain, CgroupPathClassifier.unescapeSystemd(escaped));
    }
}
