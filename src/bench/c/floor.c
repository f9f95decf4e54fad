/*
 * The floor for jtop's sampling cost: the same files jtop keeps open, opened once, then re-read
 * with pread at offset 0 into one buffer. Each line of the list is "COUNT PATH" (jtop read PATH
 * COUNT times over TICKS ticks: the replay reads it as often, spread evenly) or just "PATH"
 * (read every tick).
 *
 * usage: floor LIST_FILE CONTAINERS [TICKS] [WARMUP]
 * Prints "RESULT key value" lines (µs per container per tick) and a per-file-name breakdown.
 * A benchmark, not a test: nothing is asserted.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#define MAX_NAMES 128

static char buf[1 << 16];

static double now_ns(clockid_t clk) {
    struct timespec ts;
    clock_gettime(clk, &ts);
    return ts.tv_sec * 1e9 + ts.tv_nsec;
}

/* One pass over the descriptors; eof=1 reads on until pread returns 0, as a read-until-EOF loop does. */
static long pass(const int *fds, int n, int eof) {
    long bytes = 0;
    for (int i = 0; i < n; i++) {
        off_t pos = 0;
        ssize_t r;
        do {
            r = pread(fds[i], buf, sizeof buf, pos);
            if (r > 0) {
                pos += r;
                bytes += r;
            }
        } while (eof && r > 0);
    }
    return bytes;
}

static int *counts;

/* One tick of the replay: file i is read when its count says a read falls in tick t of T. */
static long replay_tick(const int *fds, int n, int t, int T) {
    long bytes = 0;
    for (int i = 0; i < n; i++) {
        long c = counts[i];
        if ((long)(t + 1) * c / T > (long)t * c / T) {
            ssize_t r = pread(fds[i], buf, sizeof buf, 0);
            if (r > 0) bytes += r;
        }
    }
    return bytes;
}

static void timed_replay(const int *fds, int n, int containers, int ticks) {
    volatile long sink = 0;
    for (int t = 0; t < ticks; t++) sink += replay_tick(fds, n, t, ticks);
    double w0 = now_ns(CLOCK_MONOTONIC), c0 = now_ns(CLOCK_PROCESS_CPUTIME_ID);
    for (int t = 0; t < ticks; t++) sink += replay_tick(fds, n, t, ticks);
    double w1 = now_ns(CLOCK_MONOTONIC), c1 = now_ns(CLOCK_PROCESS_CPUTIME_ID);
    double wall = (w1 - w0) / 1e3 / ticks / containers, cpu = (c1 - c0) / 1e3 / ticks / containers;
    long total = 0;
    for (int i = 0; i < n; i++) total += counts[i];
    printf("%-44s %d ticks x %d: wall %.3f  cpu %.3f us/container/tick (%.2f reads/container/tick)\n",
           "replay of jtop's reads (the floor)", ticks, containers, wall, cpu, (double)total / ticks / containers);
    printf("RESULT replay_wall_us %.3f\nRESULT replay_cpu_us %.3f\n", wall, cpu);
    (void)sink;
}

static void timed(const char *label, const char *key, const int *fds, int n, int eof, int containers,
                  int ticks, int warmup) {
    volatile long sink = 0;
    for (int t = 0; t < warmup; t++) sink += pass(fds, n, eof);
    double w0 = now_ns(CLOCK_MONOTONIC), c0 = now_ns(CLOCK_PROCESS_CPUTIME_ID);
    for (int t = 0; t < ticks; t++) sink += pass(fds, n, eof);
    double w1 = now_ns(CLOCK_MONOTONIC), c1 = now_ns(CLOCK_PROCESS_CPUTIME_ID);
    double wall = (w1 - w0) / 1e3 / ticks / containers, cpu = (c1 - c0) / 1e3 / ticks / containers;
    printf("%-44s %d ticks x %d: wall %.3f  cpu %.3f us/container/tick\n", label, ticks, containers, wall, cpu);
    printf("RESULT %s_wall_us %.3f\nRESULT %s_cpu_us %.3f\n", key, wall, key, cpu);
    (void)sink;
}

int main(int argc, char **argv) {
    if (argc < 3) {
        fprintf(stderr, "usage: %s PATHS_FILE CONTAINERS [TICKS] [WARMUP]\n", argv[0]);
        return 2;
    }
    int containers = atoi(argv[2]);
    int ticks = argc > 3 ? atoi(argv[3]) : 200;
    int warmup = argc > 4 ? atoi(argv[4]) : 20;

    struct rlimit rl;
    if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < rl.rlim_max) {
        rl.rlim_cur = rl.rlim_max;
        setrlimit(RLIMIT_NOFILE, &rl);
    }

    FILE *in = fopen(argv[1], "r");
    if (!in) { perror(argv[1]); return 1; }
    int cap = 1024, n = 0, failed = 0;
    int *fds = malloc(cap * sizeof *fds);
    int *name_of = malloc(cap * sizeof *name_of);
    counts = malloc(cap * sizeof *counts);
    int counted = 0;
    char *names[MAX_NAMES];
    int nnames = 0;
    char line[4096];
    while (fgets(line, sizeof line, in)) {
        line[strcspn(line, "\n")] = 0;
        if (!line[0]) continue;
        char *path = line;
        long count = ticks;
        if (line[0] >= '0' && line[0] <= '9') {
            count = strtol(line, &path, 10);
            while (*path == ' ') path++;
            counted = 1;
        }
        int fd = open(path, O_RDONLY | O_CLOEXEC);
        if (fd < 0) { failed++; continue; }
        if (n == cap) {
            cap *= 2;
            fds = realloc(fds, cap * sizeof *fds);
            name_of = realloc(name_of, cap * sizeof *name_of);
            counts = realloc(counts, cap * sizeof *counts);
        }
        counts[n] = count;
        char key[4200];
        const char *base = strrchr(path, '/') + 1;
        if (strncmp(path, "/proc/", 6) == 0) snprintf(key, sizeof key, "/proc/<pid>/%s", base);
        else snprintf(key, sizeof key, "%s", base);
        int k = 0;
        while (k < nnames && strcmp(names[k], key) != 0) k++;
        if (k == nnames && nnames < MAX_NAMES) names[nnames++] = strdup(key);
        name_of[n] = k < MAX_NAMES ? k : MAX_NAMES - 1;
        fds[n++] = fd;
    }
    fclose(in);
    printf("floor: %d files open (%d failed to open), %d containers, %.2f files per container\n",
           n, failed, containers, (double)n / containers);
    printf("RESULT files %d\n", n);

    if (counted) timed_replay(fds, n, containers, ticks);
    timed("pread at 0, every file every tick", "floor", fds, n, 0, containers, ticks, warmup);
    timed("pread at 0, then again until it returns 0", "floor_eof", fds, n, 1, containers, ticks, warmup);

    printf("per file, one pread at 0 (us per container per tick; wall):\n");
    int *group = malloc(n * sizeof *group);
    for (int k = 0; k < nnames; k++) {
        int g = 0;
        for (int i = 0; i < n; i++) if (name_of[i] == k) group[g++] = fds[i];
        int gt = ticks / 2 > 10 ? ticks / 2 : 10;
        pass(group, g, 0);
        double w0 = now_ns(CLOCK_MONOTONIC);
        for (int t = 0; t < gt; t++) pass(group, g, 0);
        double w1 = now_ns(CLOCK_MONOTONIC);
        double single = (w1 - w0) / 1e3 / gt / containers;
        w0 = now_ns(CLOCK_MONOTONIC);
        for (int t = 0; t < gt; t++) pass(group, g, 1);
        w1 = now_ns(CLOCK_MONOTONIC);
        printf("  %-48s %5d files  1 pread %7.3f   until EOF %7.3f\n", names[k], g, single,
               (w1 - w0) / 1e3 / gt / containers);
        printf("RESULT file:%s %.3f\n", names[k], single);
    }
    for (int i = 0; i < n; i++) close(fds[i]);
    return 0;
}
