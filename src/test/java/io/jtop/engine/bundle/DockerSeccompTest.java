package io.jtop.engine.bundle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.List;

import org.junit.jupiter.api.Test;

/** Profiles in Docker's JSON format, and how their conditions resolve for a container. */
class DockerSeccompTest {
    private static final SeccompProfile.Kernel KERNEL = new SeccompProfile.Kernel(5, 10);

    /** moby's layout, in little: archMap, conditions on capabilities, arches and kernel, args, errnoRet. */
    private static final String PROFILE = """
            {
              "defaultAction": "SCMP_ACT_ERRNO",
              "defaultErrnoRet": 1,
              "archMap": [
                {"architecture": "SCMP_ARCH_X86_64", "subArchitectures": ["SCMP_ARCH_X86", "SCMP_ARCH_X32"]},
                {"architecture": "SCMP_ARCH_AARCH64", "subArchitectures": ["SCMP_ARCH_ARM"]}
              ],
              "syscalls": [
                {"names": ["read", "write"], "action": "SCMP_ACT_ALLOW", "comment": "ignored"},
                {"names": ["ptrace"], "action": "SCMP_ACT_ALLOW", "includes": {"minKernel": "4.8"}},
                {"names": ["arch_prctl"], "action": "SCMP_ACT_ALLOW", "includes": {"arches": ["amd64", "x32"]}},
                {"names": ["set_tls"], "action": "SCMP_ACT_ALLOW", "includes": {"arches": ["arm", "arm64"]}},
                {"names": ["mount", "unshare"], "action": "SCMP_ACT_ALLOW", "includes": {"caps": ["CAP_SYS_ADMIN"]}},
                {"names": ["clone"], "action": "SCMP_ACT_ALLOW",
                 "args": [{"index": 0, "value": 2114060288, "valueTwo": 0, "op": "SCMP_CMP_MASKED_EQ"}],
                 "excludes": {"caps": ["CAP_SYS_ADMIN"], "arches": ["s390", "s390x"]}},
                {"names": ["clone3"], "action": "SCMP_ACT_ERRNO", "errnoRet": 38, "excludes": {"caps": ["CAP_SYS_ADMIN"]}},
                {"names": ["kcmp"], "action": "SCMP_ACT_ALLOW", "includes": {"caps": ["CAP_SYS_PTRACE", "CAP_SYS_ADMIN"]}},
                {"names": ["old_call"], "action": "SCMP_ACT_ALLOW", "excludes": {"minKernel": "5.4"}}
              ]
            }
            """;

    private static String error(String json) {
        return assertThrows(IllegalArgumentException.class, () -> DockerSeccomp.parse(json, "f.json")).getMessage();
    }

    private static List<String> names(Spec.Seccomp s) {
        return s.syscalls().stream().flatMap(c -> c.names().stream()).toList();
    }

    @Test
    void conditionsFollowTheContainerTheArchitectureAndTheKernel() {
        SeccompProfile p = DockerSeccomp.parse(PROFILE, "f.json");
        Spec.Seccomp plain = p.resolve("x86_64", Capabilities.DEFAULT, KERNEL);
        assertEquals("SCMP_ACT_ERRNO", plain.defaultAction());
        assertEquals(1L, plain.defaultErrnoRet());
        assertEquals(List.of("SCMP_ARCH_X86_64", "SCMP_ARCH_X86", "SCMP_ARCH_X32"), plain.architectures());
        assertEquals(List.of("read", "write", "ptrace", "arch_prctl", "clone", "clone3"), names(plain));
        Spec.Syscall clone = plain.syscalls().get(3);
        assertEquals(List.of(new Spec.SeccompArg(0, BigInteger.valueOf(2114060288), BigInteger.ZERO, "SCMP_CMP_MASKED_EQ")),
                clone.args());
        assertEquals(38L, plain.syscalls().get(4).errnoRet());

        Spec.Seccomp admin = p.resolve("x86_64", List.of("CAP_SYS_ADMIN"), KERNEL);
        assertEquals(List.of("read", "write", "ptrace", "arch_prctl", "mount", "unshare"), names(admin));

        Spec.Seccomp both = p.resolve("aarch64", List.of("CAP_SYS_ADMIN", "CAP_SYS_PTRACE"), new SeccompProfile.Kernel(4, 4));
        assertEquals(List.of("SCMP_ARCH_AARCH64", "SCMP_ARCH_ARM"), both.architectures());
        assertEquals(List.of("read", "write", "set_tls", "mount", "unshare", "kcmp", "old_call"), names(both),
                "every capability of includes, none of excludes; arm64 is aarch64; old kernels");

        Spec.Seccomp other = p.resolve("ppc64le", List.of(), KERNEL);
        assertNull(other.architectures(), "a native architecture the map lacks: the runtime's own");
    }

    @Test
    void olderProfilesTheirArchitecturesListAndNameField() {
        SeccompProfile p = DockerSeccomp.parse("""
                {"defaultAction": "SCMP_ACT_ALLOW", "architectures": ["SCMP_ARCH_X86_64"],
                 "syscalls": [{"name": "mkdir", "action": "SCMP_ACT_ERRNO", "args": []}],
                 "flags": ["SECCOMP_FILTER_FLAG_LOG"], "listenerPath": "/run/l.sock"}
                """, "f");
        Spec.Seccomp s = p.resolve("aarch64", List.of(), KERNEL);
        assertEquals(List.of("SCMP_ARCH_X86_64"), s.architectures());
        assertEquals(List.of(new Spec.Syscall(List.of("mkdir"), "SCMP_ACT_ERRNO", null, null)), s.syscalls());
        assertEquals(List.of("SECCOMP_FILTER_FLAG_LOG"), s.flags());
        assertEquals("/run/l.sock", s.listenerPath());
    }

    @Test
    void anEmptyProfileMeansNoFilterAsWithDocker() {
        assertNull(DockerSeccomp.parse("{}", "f").resolve("x86_64", List.of(), KERNEL));
        assertNull(DockerSeccomp.parse("{\"syscalls\": null, \"comment\": 1}", "f").resolve("x86_64", List.of(), KERNEL));
    }

    @Test
    void everyMistakeIsOneLineNamingTheFileAndThePlace() {
        assertEquals("seccomp profile f.json: not valid JSON (line 1, column 2)", error("{,}"));
        assertEquals("seccomp profile f.json: not valid JSON (line 3, column 1)", error("{\"defaultAction\":\n\"x\"\n"));
        assertEquals("seccomp profile f.json: empty, not a JSON object", error(""));
        assertEquals("seccomp profile f.json: must be a JSON object", error("[]"));
        assertEquals("seccomp profile f.json: defaultAction: unknown action \"SCMP_ACT_DENY\" (one of SCMP_ACT_ALLOW, "
                + "SCMP_ACT_ERRNO, SCMP_ACT_KILL_PROCESS …)", error("{\"defaultAction\": \"SCMP_ACT_DENY\"}"));
        assertEquals("seccomp profile f.json: has both 'architectures' and 'archMap'; use one of them",
                error("{\"defaultAction\": \"SCMP_ACT_ALLOW\", \"architectures\": [], \"archMap\": []}"));
        assertEquals("seccomp profile f.json: has syscalls but no defaultAction",
                error("{\"syscalls\": [{\"names\": [\"read\"], \"action\": \"SCMP_ACT_ALLOW\"}]}"));
        String allow = "{\"defaultAction\": \"SCMP_ACT_ALLOW\", \"syscalls\": [%s]}";
        assertEquals("seccomp profile f.json: syscalls[0]: has both 'name' and 'names'; use one of them",
                error(allow.formatted("{\"name\": \"a\", \"names\": [\"b\"], \"action\": \"SCMP_ACT_ALLOW\"}")));
        assertEquals("seccomp profile f.json: syscalls[0]: names no system call",
                error(allow.formatted("{\"names\": [], \"action\": \"SCMP_ACT_ALLOW\"}")));
        assertEquals("seccomp profile f.json: syscalls[0].action: is missing", error(allow.formatted("{\"names\": [\"a\"]}")));
        assertEquals("seccomp profile f.json: syscalls[0].names[1]: must be a string",
                error(allow.formatted("{\"names\": [\"a\", 7], \"action\": \"SCMP_ACT_ALLOW\"}")));
        assertEquals("seccomp profile f.json: syscalls[0].args[0]: index must be 0 to 5, not 6",
                error(allow.formatted("{\"names\": [\"a\"], \"action\": \"SCMP_ACT_ALLOW\", "
                        + "\"args\": [{\"index\": 6, \"value\": 1, \"op\": \"SCMP_CMP_EQ\"}]}")));
        assertEquals("seccomp profile f.json: syscalls[0].args[0].value: must be an unsigned 64-bit integer",
                error(allow.formatted("{\"names\": [\"a\"], \"action\": \"SCMP_ACT_ALLOW\", "
                        + "\"args\": [{\"index\": 0, \"value\": -1, \"op\": \"SCMP_CMP_EQ\"}]}")));
        assertEquals("seccomp profile f.json: syscalls[0].args[0]: unknown op \"SCMP_CMP_XX\" (one of SCMP_CMP_EQ, "
                + "SCMP_CMP_NE, SCMP_CMP_LT, SCMP_CMP_LE, SCMP_CMP_GT, SCMP_CMP_GE, SCMP_CMP_MASKED_EQ)",
                error(allow.formatted("{\"names\": [\"a\"], \"action\": \"SCMP_ACT_ALLOW\", "
                        + "\"args\": [{\"index\": 0, \"value\": 1, \"op\": \"SCMP_CMP_XX\"}]}")));
        assertEquals("seccomp profile f.json: syscalls[0].includes.minKernel: kernel version '4' is not MAJOR.MINOR",
                error(allow.formatted("{\"names\": [\"a\"], \"action\": \"SCMP_ACT_ALLOW\", \"includes\": {\"minKernel\": \"4\"}}")));
        assertEquals("seccomp profile f.json: syscalls[0].errnoRet: must be an unsigned 64-bit integer",
                error(allow.formatted("{\"names\": [\"a\"], \"action\": \"SCMP_ACT_ERRNO\", \"errnoRet\": \"EPERM\"}")));
        assertEquals("seccomp profile f.json: archMap[0].architecture: \"x86_64\" is not an architecture "
                + "(SCMP_ARCH_X86_64, SCMP_ARCH_AARCH64 …)",
                error("{\"defaultAction\": \"SCMP_ACT_ALLOW\", \"archMap\": [{\"architecture\": \"x86_64\"}]}"));
        assertEquals("seccomp profile f.json: syscalls: must be a list",
                error("{\"defaultAction\": \"SCMP_ACT_ALLOW\", \"syscalls\": {}}"));
    }

    @Test
    void hostileTextInAMessageIsEscapedAndCut() {
        String message = error("{\"defaultAction\": \"\\u001b]0;PWN\\u0007" + "x".repeat(200) + "\"}");
        assertFalse(message.chars().anyMatch(c -> c < 0x20), message);
        assertTrue(message.contains("\\u001B]0;PWN\\u0007"), message);
        assertTrue(message.length() < 200, message);
    }
}
