package io.jtop.engine.bundle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

/** jtop's own seccomp format, and its default profile read in it. */
class SeccompTextTest {
    private static final SeccompProfile.Kernel KERNEL = new SeccompProfile.Kernel(6, 1);
    private static final List<String> DEFAULT_CAPS = Capabilities.DEFAULT;

    private static String error(String text) {
        return assertThrows(IllegalArgumentException.class, () -> SeccompText.parse(text, "p")).getMessage();
    }

    @Test
    void rulesWithConditionsAndNamesOnTheirOwnLines() {
        SeccompProfile p = SeccompText.parse("""
                # a comment
                default errno EPERM   # refused
                arch x86_64: x86 x32

                allow:
                    read write   # trailing comment
                    \tclose
                allow if cap SYS_ADMIN, not arch s390x, kernel >= 4.8: mount
                errno ENOSYS if not cap sys_admin: clone3
                allow if arg 0 & 0x7e020000 == 0, arg 1 != 18446744073709551615: clone
                kill-process: kexec_load
                """, "p");
        assertEquals(new SeccompProfile.Action("SCMP_ACT_ERRNO", 1L), p.defaultAction());
        assertEquals(Map.of("x86_64", List.of("SCMP_ARCH_X86_64", "SCMP_ARCH_X86", "SCMP_ARCH_X32")), p.archMap());
        assertEquals(5, p.rules().size());
        assertEquals(List.of("read", "write", "close"), p.rules().get(0).names());
        assertEquals(SeccompProfile.Filter.NONE, p.rules().get(0).includes());

        SeccompProfile.Rule mount = p.rules().get(1);
        assertEquals(new SeccompProfile.Filter(List.of("CAP_SYS_ADMIN"), List.of(), new SeccompProfile.Kernel(4, 8)),
                mount.includes());
        assertEquals(new SeccompProfile.Filter(List.of(), List.of("s390x"), null), mount.excludes());

        SeccompProfile.Rule clone3 = p.rules().get(2);
        assertEquals(new SeccompProfile.Action("SCMP_ACT_ERRNO", 38L), clone3.action());
        assertEquals(List.of("CAP_SYS_ADMIN"), clone3.excludes().caps());

        assertEquals(List.of(new Spec.SeccompArg(0, BigInteger.valueOf(0x7e020000), BigInteger.ZERO, "SCMP_CMP_MASKED_EQ"),
                new Spec.SeccompArg(1, new BigInteger("18446744073709551615"), BigInteger.ZERO, "SCMP_CMP_NE")),
                p.rules().get(3).args());
        assertEquals("SCMP_ACT_KILL_PROCESS", p.rules().get(4).action().name());
    }

    @Test
    void mistakesNameTheLineAndWhatIsWrong() {
        assertEquals("p: no 'default' action", error("allow: read\n"));
        assertEquals("p line 2: a second default", error("default allow\ndefault allow\n"));
        assertEquals("p line 1: indented names belong to the rule above them, and there is none",
                error("  read\ndefault allow\n"));
        assertEquals("p line 2: a rule names no system call", error("default allow\nallow:\nerrno EPERM: x\n"));
        assertEquals("p line 2: a rule names no system call", error("default allow\nallow:\n"));
        assertEquals("p line 2: unknown action 'deny' (allow, errno ERRNO, kill-thread, kill-process, trap, log)",
                error("default allow\ndeny: read\n"));
        assertEquals("p line 2: unknown errno 'EWHAT' (a number, or one of [EACCES, EAFNOSUPPORT, EINVAL, ENOENT, "
                + "ENOSYS, EOPNOTSUPP, EPERM])", error("default allow\nerrno EWHAT: read\n"));
        assertEquals("p line 2: unknown condition 'user root' (cap, not cap, arch, not arch, kernel, arg)",
                error("default allow\nallow if user root: read\n"));
        assertEquals("p line 2: 'arg' takes an index from 0 to 5", error("default allow\nallow if arg 6 == 1: read\n"));
        assertEquals("p line 2: '18446744073709551616' is not an unsigned 64-bit number",
                error("default allow\nallow if arg 0 == 18446744073709551616: read\n"));
        assertEquals("p line 2: '-1' is not an unsigned 64-bit number", error("default allow\nallow if arg 0 == -1: read\n"));
        assertEquals("p line 2: 'arg' takes 'N OP VALUE' (OP one of == != < <= > >=) or 'N & MASK == VALUE'",
                error("default allow\nallow if arg 0 =~ 1: read\n"));
        assertEquals("p line 2: 'Read' is not a system call name", error("default allow\nallow: Read\n"));
        assertEquals("p line 2: one 'arch' and one 'not arch' per rule, each with one or more architecture names",
                error("default allow\nallow if arch x86_64, arch x32: read\n"));
        assertEquals("p line 2: kernel version '4' is not MAJOR.MINOR", error("default allow\nallow if kernel >= 4: read\n"));
        assertEquals("p line 2: arch takes 'NATIVE: COMPAT…', not 'x86_64 x86'", error("default allow\narch x86_64 x86\n"));
        assertEquals("p line 3: architecture x86_64 twice", error("default allow\narch x86_64:\narch x86_64: x86\n"));
        assertEquals("p line 2: a rule is 'ACTION [if CONDITIONS]: NAMES', not 'allow read'",
                error("default allow\nallow read\n"));
    }

    @Test
    void theDefaultProfileHasEveryGroupWithACommentAndNoNameTwiceUnconditionally() {
        SeccompProfile p = SeccompText.defaultProfile();
        assertEquals(new SeccompProfile.Action("SCMP_ACT_ERRNO", 1L), p.defaultAction());
        assertEquals(Map.of("x86_64", List.of("SCMP_ARCH_X86_64", "SCMP_ARCH_X86", "SCMP_ARCH_X32"),
                "aarch64", List.of("SCMP_ARCH_AARCH64", "SCMP_ARCH_ARM")), p.archMap());
        Set<String> unconditional = new HashSet<>();
        for (SeccompProfile.Rule r : p.rules()) {
            if (r.includes().equals(SeccompProfile.Filter.NONE) && r.excludes().equals(SeccompProfile.Filter.NONE)
                    && r.args().isEmpty()) {
                for (String n : r.names()) {
                    assertTrue(unconditional.add(n), n + " is allowed twice");
                }
            }
        }
        assertEquals(361, unconditional.size(), "the calls moby's profile allows to every container");
        for (String refused : List.of("keyctl", "add_key", "request_key", "userfaultfd", "io_uring_setup", "kexec_load",
                "open_by_handle_at", "unshare", "mount", "setns", "bpf", "perf_event_open", "reboot", "ptrace")) {
            assertFalse(unconditional.contains(refused), refused);
        }
        // Every rule follows a comment of its own or shares one with the rules just above it.
        String text = new String(readResource(), StandardCharsets.UTF_8);
        int groups = 0;
        String previous = "";
        for (String line : text.split("\n")) {
            if (!line.isBlank() && !line.startsWith("#") && !line.startsWith(" ") && !line.startsWith("default")
                    && !line.startsWith("arch ")) {
                boolean sameGroup = !previous.isBlank() && !previous.startsWith("#");
                assertTrue(previous.startsWith("#") || sameGroup, "no comment above: " + line);
                groups++;
            }
            previous = line.startsWith(" ") ? "" : line; // names end a group
        }
        assertTrue(groups > 30, "rules: " + groups);
    }

    @Test
    void theDefaultProfileResolvedForADefaultContainer() {
        Spec.Seccomp s = SeccompText.defaultProfile().resolve("x86_64", DEFAULT_CAPS, KERNEL);
        assertEquals("SCMP_ACT_ERRNO", s.defaultAction());
        assertEquals(1L, s.defaultErrnoRet());
        assertEquals(List.of("SCMP_ARCH_X86_64", "SCMP_ARCH_X86", "SCMP_ARCH_X32"), s.architectures());
        assertEquals(List.of(), rules(s, "mount"));
        assertEquals(List.of(), rules(s, "unshare"));
        assertEquals(List.of("SCMP_ACT_ERRNO 38 null"), rules(s, "clone3"), "ENOSYS, so that libc falls back to clone");
        assertEquals(List.of("SCMP_ACT_ALLOW null [SeccompArg[index=0, value=2114060288, valueTwo=0, op=SCMP_CMP_MASKED_EQ]]"),
                rules(s, "clone"));
        assertEquals(List.of("SCMP_ACT_ALLOW null [SeccompArg[index=0, value=38, valueTwo=0, op=SCMP_CMP_LT]]",
                "SCMP_ACT_ALLOW null [SeccompArg[index=0, value=39, valueTwo=0, op=SCMP_CMP_EQ]]",
                "SCMP_ACT_ALLOW null [SeccompArg[index=0, value=40, valueTwo=0, op=SCMP_CMP_GT]]"), rules(s, "socket"));
        assertEquals(5, rules(s, "personality").size());
        assertEquals(List.of("SCMP_ACT_ALLOW null null"), rules(s, "ptrace"), "from 4.8 on");
        assertEquals(List.of("SCMP_ACT_ALLOW null null"), rules(s, "chroot"), "CAP_SYS_CHROOT is a default capability");
        assertEquals(List.of("SCMP_ACT_ALLOW null null"), rules(s, "arch_prctl"));
        assertEquals(List.of(), rules(s, "set_tls"));
        assertNull(s.flags());
    }

    @Test
    void theDefaultProfileOnArmAndOnAnOldKernel() {
        Spec.Seccomp arm = SeccompText.defaultProfile().resolve("aarch64", DEFAULT_CAPS, KERNEL);
        assertEquals(List.of("SCMP_ARCH_AARCH64", "SCMP_ARCH_ARM"), arm.architectures());
        assertEquals(List.of("SCMP_ACT_ALLOW null null"), rules(arm, "set_tls"));
        assertEquals(List.of(), rules(arm, "arch_prctl"));
        assertEquals(List.of(), rules(arm, "modify_ldt"));
        Spec.Seccomp old = SeccompText.defaultProfile().resolve("x86_64", DEFAULT_CAPS, new SeccompProfile.Kernel(4, 4));
        assertEquals(List.of(), rules(old, "ptrace"), "a tracer could bypass the filter before 4.8");
        assertFalse(SeccompText.defaultProfile().covers("ppc64le"));
    }

    @Test
    void capabilitiesOpenTheirGroups() {
        Map<String, List<String>> byCap = Map.of("CAP_SYS_ADMIN", List.of("mount", "unshare", "setns", "bpf", "clone3"),
                "CAP_SYS_PTRACE", List.of("kcmp", "pidfd_getfd", "process_madvise"),
                "CAP_SYS_MODULE", List.of("init_module", "finit_module", "delete_module"),
                "CAP_SYS_BOOT", List.of("reboot"), "CAP_SYS_TIME", List.of("clock_settime", "settimeofday"),
                "CAP_SYSLOG", List.of("syslog"), "CAP_BPF", List.of("bpf"), "CAP_PERFMON", List.of("perf_event_open"),
                "CAP_DAC_READ_SEARCH", List.of("open_by_handle_at"), "CAP_SYS_NICE", List.of("mbind", "set_mempolicy"));
        for (var e : byCap.entrySet()) {
            List<String> caps = new ArrayList<>(DEFAULT_CAPS);
            caps.add(e.getKey());
            Spec.Seccomp s = SeccompText.defaultProfile().resolve("x86_64", caps, KERNEL);
            for (String call : e.getValue()) {
                assertTrue(rules(s, call).contains("SCMP_ACT_ALLOW null null"), e.getKey() + " allows " + call + ": "
                        + rules(s, call));
            }
        }
        List<String> admin = new ArrayList<>(DEFAULT_CAPS);
        admin.add("CAP_SYS_ADMIN");
        Spec.Seccomp s = SeccompText.defaultProfile().resolve("x86_64", admin, KERNEL);
        assertEquals(List.of("SCMP_ACT_ALLOW null null"), rules(s, "clone"), "no flag rule with CAP_SYS_ADMIN");
        assertEquals(List.of("SCMP_ACT_ALLOW null null"), rules(s, "clone3"), "no ENOSYS with CAP_SYS_ADMIN");
        Spec.Seccomp none = SeccompText.defaultProfile().resolve("x86_64", List.of(), KERNEL);
        assertEquals(List.of(), rules(none, "chroot"), "chroot follows CAP_SYS_CHROOT");
    }

    /** Each rule naming {@code call}, as "ACTION ERRNO ARGS". */
    private static List<String> rules(Spec.Seccomp s, String call) {
        List<String> out = new ArrayList<>();
        for (Spec.Syscall c : s.syscalls()) {
            if (c.names().contains(call)) {
                out.add(c.action() + " " + c.errnoRet() + " " + c.args());
            }
        }
        return out;
    }

    private static byte[] readResource() {
        try (var in = SeccompText.class.getResourceAsStream(SeccompText.DEFAULT_RESOURCE)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
