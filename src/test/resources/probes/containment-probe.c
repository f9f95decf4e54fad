/*
 * What a container may do: one probe per line, "NAME OUTCOME", OUTCOME being "ok", an errno name
 * (EPERM, ENOSYS …), "empty" for a file or directory that holds nothing (a masked one), or
 * "signal N" / "timeout".
 *
 * Built static by ContainmentIT and run as the container's PID 1 (`/probe`), the same binary under
 * `docker run` and `jtop run`, so the outcomes can be compared line by line. Each probe runs in a
 * child of its own, so what one changes (a namespace it entered, an id it dropped) does not reach
 * the next. Nothing here harms the host even when it succeeds: writes only open the file, the
 * clock set is refused by the kernel (CLOCK_MONOTONIC), reboot asks for a change that a PID
 * namespace other than the host's refuses, and nothing is tried unless this process is PID 1 of a
 * PID namespace of its own, as a container's first process is.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/bpf.h>
#include <linux/keyctl.h>
#include <linux/perf_event.h>
#include <linux/reboot.h>
#include <linux/sched.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/personality.h>
#include <sys/ptrace.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/swap.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* Each probe returns 0 for success or an errno value; fail() is the usual "-1 and errno" case. */
static int fail(long rc) { return rc < 0 ? errno : 0; }

static int fork_exec(void) {
    pid_t p = fork();
    if (p < 0) return errno;
    if (p == 0) { execl("/bin/true", "true", (char *) NULL); _exit(127); }
    int st;
    if (waitpid(p, &st, 0) < 0) return errno;
    return WIFEXITED(st) && WEXITSTATUS(st) == 0 ? 0 : ECHILD;
}

static void *nothing(void *arg) { return arg; }

static int thread(void) {
    pthread_t t;
    int rc = pthread_create(&t, NULL, nothing, NULL);
    if (rc != 0) return rc;
    return pthread_join(t, NULL);
}

/* A raw clone: flags in, a child that exits at once, 0 or the errno. */
static int raw_clone(unsigned long flags) {
    long p = syscall(SYS_clone, flags | SIGCHLD, 0, 0, 0, 0);
    if (p < 0) return errno;
    if (p == 0) _exit(0);
    waitpid((pid_t) p, NULL, 0);
    return 0;
}

static int clone3_plain(void) {
    struct clone_args args;
    memset(&args, 0, sizeof args);
    args.exit_signal = SIGCHLD;
    long p = syscall(SYS_clone3, &args, sizeof args);
    if (p < 0) return errno;
    if (p == 0) _exit(0);
    waitpid((pid_t) p, NULL, 0);
    return 0;
}

static int sock(int family, int type) {
    int fd = socket(family, type, 0);
    if (fd < 0) return errno;
    close(fd);
    return 0;
}

static int chown_file(void) {
    int fd = open("/tmp/probe-owned", O_CREAT | O_WRONLY, 0600);
    if (fd < 0) return errno;
    close(fd);
    return fail(chown("/tmp/probe-owned", 1000, 1000));
}

static int mknod_block(void) {
    unlink("/tmp/probe-blk");
    return fail(mknod("/tmp/probe-blk", S_IFBLK | 0600, makedev(7, 0)));
}

static int open_block(void) {
    unlink("/tmp/probe-blk");
    if (mknod("/tmp/probe-blk", S_IFBLK | 0600, makedev(7, 0)) < 0) return errno;
    int fd = open("/tmp/probe-blk", O_RDONLY);
    if (fd < 0) return errno;
    close(fd);
    return 0;
}

static int mount_tmpfs(void) {
    mkdir("/tmp/probe-mnt", 0700);
    if (mount("none", "/tmp/probe-mnt", "tmpfs", 0, NULL) < 0) return errno;
    umount("/tmp/probe-mnt");
    return 0;
}

/* unshare -Urm by hand: a user namespace mapping root, a mount namespace, then a tmpfs. */
static int userns_mount(void) {
    if (unshare(CLONE_NEWUSER | CLONE_NEWNS) < 0) return errno;
    const char *maps[][2] = {{"/proc/self/setgroups", "deny"}, {"/proc/self/uid_map", "0 0 1"},
                             {"/proc/self/gid_map", "0 0 1"}};
    for (int i = 0; i < 3; i++) {
        int fd = open(maps[i][0], O_WRONLY);
        if (fd < 0) return errno;
        if (write(fd, maps[i][1], strlen(maps[i][1])) < 0) { int e = errno; close(fd); return e; }
        close(fd);
    }
    return fail(mount("none", "/tmp", "tmpfs", 0, NULL));
}

static int keyctl_get(void) {
    return fail(syscall(SYS_keyctl, KEYCTL_GET_KEYRING_ID, KEY_SPEC_SESSION_KEYRING, 0));
}

static int add_key_user(void) {
    return fail(syscall(SYS_add_key, "user", "jtop-probe", "x", 1, KEY_SPEC_PROCESS_KEYRING));
}

static int bpf_map(void) {
    union bpf_attr attr;
    memset(&attr, 0, sizeof attr);
    attr.map_type = BPF_MAP_TYPE_ARRAY;
    attr.key_size = 4;
    attr.value_size = 4;
    attr.max_entries = 1;
    long fd = syscall(SYS_bpf, BPF_MAP_CREATE, &attr, sizeof attr);
    if (fd < 0) return errno;
    close((int) fd);
    return 0;
}

static int perf_open(void) {
    struct perf_event_attr attr;
    memset(&attr, 0, sizeof attr);
    attr.size = sizeof attr;
    attr.type = PERF_TYPE_SOFTWARE;
    attr.config = PERF_COUNT_SW_CPU_CLOCK;
    attr.exclude_kernel = 1;
    attr.exclude_hv = 1;
    long fd = syscall(SYS_perf_event_open, &attr, 0, -1, -1, 0);
    if (fd < 0) return errno;
    close((int) fd);
    return 0;
}

static int uffd(void) {
    long fd = syscall(SYS_userfaultfd, O_CLOEXEC | 1 /* UFFD_USER_MODE_ONLY */);
    if (fd < 0) return errno;
    close((int) fd);
    return 0;
}

/* CAD_OFF: a PID namespace other than the host's answers EINVAL, so even an allowed call changes nothing. */
static int reboot_cad(void) {
    return fail(syscall(SYS_reboot, LINUX_REBOOT_MAGIC1, LINUX_REBOOT_MAGIC2, LINUX_REBOOT_CMD_CAD_OFF, 0));
}

static int setns_uts(void) {
    int fd = open("/proc/self/ns/uts", O_RDONLY);
    if (fd < 0) return errno;
    int rc = fail(setns(fd, CLONE_NEWUTS));
    close(fd);
    return rc;
}

/* Attach to PID 1 (this probe's parent), take the stop, let it go again. */
static int ptrace_init(void) {
    if (ptrace(PTRACE_ATTACH, 1, 0, 0) < 0) return errno;
    int st;
    waitpid(1, &st, __WALL);
    ptrace(PTRACE_DETACH, 1, 0, 0);
    return 0;
}

static int open_write(const char *path) {
    int fd = open(path, O_WRONLY);
    if (fd < 0) return errno;
    close(fd);
    return 0;
}

/* Reads one byte: 0 ok, -1 "empty" (a masked file), else the errno. */
static int read_one(const char *path) {
    int fd = open(path, O_RDONLY);
    if (fd < 0) return errno;
    char c;
    ssize_t n = read(fd, &c, 1);
    int e = errno;
    close(fd);
    return n < 0 ? e : n == 0 ? -1 : 0;
}

/* 0 ok, -1 "empty" (a masked directory), else the errno. */
static int list_dir(const char *path) {
    DIR *d = opendir(path);
    if (!d) return errno;
    int entries = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..")) entries++;
    }
    closedir(d);
    return entries ? 0 : -1;
}

static int syslog_size(void) { return fail(syscall(SYS_syslog, 10 /* SYSLOG_ACTION_SIZE_BUFFER */, 0, 0)); }
static int personality_linux(void) { return fail(personality(PER_LINUX)); }
static int personality_norandom(void) { return fail(personality(ADDR_NO_RANDOMIZE)); }
static int chroot_tmp(void) { return fail(chroot("/tmp")); }
static int set_uid(void) { return fail(setuid(1000)); }
static int sethostname_probe(void) { return fail(sethostname("probe", 5)); }
static int unshare_flags(int flags) { return fail(unshare(flags)); }

static int clock_set(void) {
    struct timespec ts = {0, 0};
    return fail(clock_settime(CLOCK_MONOTONIC, &ts));
}

static int finit_module_bad(void) { return fail(syscall(SYS_finit_module, -1, "", 0)); }
static int swapon_missing(void) { return fail(swapon("/nonexistent-probe-swap", 0)); }

/*
 * A shell command of the image's busybox, as a user would type it: "ok" when it exits 0, else the
 * errno whose text ends its last line of stderr (busybox writes "applet: call: strerror").
 */
static int shell(const char *command) {
    int pipefd[2];
    if (pipe(pipefd) < 0) return errno;
    pid_t p = fork();
    if (p < 0) return errno;
    if (p == 0) {
        dup2(pipefd[1], 2);
        close(pipefd[0]);
        execl("/bin/sh", "sh", "-c", command, (char *) NULL);
        _exit(127);
    }
    close(pipefd[1]);
    char err[4096];
    size_t len = 0;
    ssize_t n;
    while (len < sizeof err - 1 && (n = read(pipefd[0], err + len, sizeof err - 1 - len)) > 0) len += (size_t) n;
    err[len] = 0;
    close(pipefd[0]);
    int st;
    waitpid(p, &st, 0);
    if (WIFEXITED(st) && WEXITSTATUS(st) == 0) return 0;
    while (len > 0 && err[len - 1] == '\n') err[--len] = 0;
    char *text = strrchr(err, ':');
    text = text ? text + 2 : err;
    for (int e = 1; e < 200; e++) {
        if (strcmp(text, strerror(e)) == 0) return e;
    }
    return 125; /* ECANCELED: a failure without an errno text */
}

static int run(const char *name) {
    if (!strcmp(name, "fork+exec")) return fork_exec();
    if (!strcmp(name, "thread")) return thread();
    if (!strcmp(name, "clone3")) return clone3_plain();
    if (!strcmp(name, "clone-newuser")) return raw_clone(CLONE_NEWUSER);
    if (!strcmp(name, "socket-inet")) return sock(AF_INET, SOCK_STREAM);
    if (!strcmp(name, "socket-unix")) return sock(AF_UNIX, SOCK_DGRAM);
    if (!strcmp(name, "chown")) return chown_file();
    if (!strcmp(name, "setuid")) return set_uid();
    if (!strcmp(name, "chroot")) return chroot_tmp();
    if (!strcmp(name, "personality-linux")) return personality_linux();
    if (!strcmp(name, "personality-no-randomize")) return personality_norandom();
    if (!strcmp(name, "mknod-block")) return mknod_block();
    if (!strcmp(name, "open-block-device")) return open_block();
    if (!strcmp(name, "unshare-user")) return unshare_flags(CLONE_NEWUSER);
    if (!strcmp(name, "unshare-mount")) return unshare_flags(CLONE_NEWNS);
    if (!strcmp(name, "unshare-net")) return unshare_flags(CLONE_NEWNET);
    if (!strcmp(name, "userns-mount-tmpfs")) return userns_mount();
    if (!strcmp(name, "sh:unshare-Urm-mount")) return shell("unshare -Urm sh -c 'mount -t tmpfs none /tmp'");
    if (!strcmp(name, "sh:unshare-Urn")) return shell("unshare -Urn true");
    if (!strcmp(name, "mount-tmpfs")) return mount_tmpfs();
    if (!strcmp(name, "keyctl")) return keyctl_get();
    if (!strcmp(name, "add_key")) return add_key_user();
    if (!strcmp(name, "bpf")) return bpf_map();
    if (!strcmp(name, "perf_event_open")) return perf_open();
    if (!strcmp(name, "userfaultfd")) return uffd();
    if (!strcmp(name, "reboot")) return reboot_cad();
    if (!strcmp(name, "setns")) return setns_uts();
    if (!strcmp(name, "ptrace-attach-pid1")) return ptrace_init();
    if (!strcmp(name, "syslog")) return syslog_size();
    if (!strcmp(name, "sethostname")) return sethostname_probe();
    if (!strcmp(name, "clock_settime")) return clock_set();
    if (!strcmp(name, "finit_module")) return finit_module_bad();
    if (!strcmp(name, "swapon")) return swapon_missing();
    if (!strcmp(name, "write-/proc/sys")) return open_write("/proc/sys/kernel/hostname");
    if (!strcmp(name, "write-/sys")) return open_write("/sys/kernel/mm/transparent_hugepage/enabled");
    if (!strcmp(name, "read-/proc/keys")) return read_one("/proc/keys");
    if (!strcmp(name, "list-/sys/firmware")) return list_dir("/sys/firmware");
    if (!strcmp(name, "read-/proc/timer_list")) return read_one("/proc/timer_list");
    return EINVAL;
}

static const char *PROBES[] = {
    "fork+exec", "thread", "socket-inet", "socket-unix", "chown", "setuid", "chroot", "personality-linux",
    "mknod-block", "clone3", "clone-newuser", "personality-no-randomize", "open-block-device", "unshare-user",
    "unshare-mount", "unshare-net", "userns-mount-tmpfs", "sh:unshare-Urm-mount", "sh:unshare-Urn",
    "mount-tmpfs", "keyctl", "add_key", "bpf", "perf_event_open", "userfaultfd", "reboot", "setns",
    "ptrace-attach-pid1", "syslog", "sethostname", "clock_settime", "finit_module", "swapon", "write-/proc/sys",
    "write-/sys", "read-/proc/keys", "read-/proc/timer_list", "list-/sys/firmware", NULL};

int main(void) {
    setvbuf(stdout, NULL, _IONBF, 0);
    for (int i = 0; PROBES[i]; i++) {
        const char *name = PROBES[i];
        if (getpid() != 1) {
            printf("%s skipped (not PID 1 of a namespace of its own)\n", name);
            continue;
        }
        pid_t p = fork();
        if (p == 0) {
            alarm(10);
            int rc = run(name);
            _exit(rc < 0 ? 254 : rc);
        }
        int st;
        waitpid(p, &st, 0);
        if (WIFSIGNALED(st)) {
            if (WTERMSIG(st) == SIGALRM) printf("%s timeout\n", name); else printf("%s signal %d\n", name, WTERMSIG(st));
        } else if (WEXITSTATUS(st) == 0) {
            printf("%s ok\n", name);
        } else if (WEXITSTATUS(st) == 254) {
            printf("%s empty\n", name);
        } else {
            const char *e = strerrorname_np(WEXITSTATUS(st));
            printf("%s %s\n", name, e ? e : "?");
        }
    }
    return 0;
}
