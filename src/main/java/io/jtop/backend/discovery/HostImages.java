package io.jtop.backend.discovery;

import io.jtop.container.Runtime;
import io.jtop.linux.proc.ProcFs;
import io.jtop.linux.proc.ProcStat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * What the host tells of the image of a container seen only in the cgroup tree, where something
 * does: LXC's config file of the container (the template it was created from), found through its
 * monitor's command line; nspawn's command line (the directory or disk image it runs). Asked once
 * per container, when discovery first describes it; null where nothing tells.
 */
final class HostImages {

    /** The process name of nspawn itself, the parent of a machine's init. */
    static final String NSPAWN = "systemd-nspawn";
    private static final String LXC_MONITOR = "[lxc monitor] ";
    private static final String LXC_TEMPLATE = "# Template used to create this container: ";
    private static final String LXC_PARAMETERS = "# Parameters passed to the template:";
    /** More than any config LXC writes; a bigger file is read no further. */
    private static final int CONFIG_BYTES = 64 * 1024;

    private final ProcFs proc;
    private final Path root;

    /** Reads processes from {@code proc} and LXC's files under {@code proc}'s host root. */
    HostImages(ProcFs proc) {
        this.proc = proc;
        this.root = proc.dir().getParent();
    }

    /** The image of a container of {@code runtime} named {@code name} whose init is {@code init}, or null. */
    String image(Runtime runtime, String name, ProcStat init) {
        if (runtime == Runtime.LXC && name != null) {
            String lxcPath = lxcPath(proc.cmdline(init.ppid()), name);
            return lxcPath == null ? null : lxcTemplate(readConfig(lxcPath, name));
        }
        if (runtime == Runtime.NSPAWN) {
            ProcStat parent = proc.statOnce(init.ppid());
            return parent != null && NSPAWN.equals(parent.comm()) ? nspawnImage(proc.cmdline(init.ppid())) : null;
        }
        return null;
    }

    /**
     * The container directory's parent (LXC's lxcpath) from its monitor's command line,
     * {@code [lxc monitor] LXCPATH NAME} as LXC 3 to 5 set it; null for any other process.
     */
    static String lxcPath(List<String> monitorCmdline, String name) {
        if (monitorCmdline.size() != 1) {
            return null;
        }
        String line = monitorCmdline.get(0);
        String tail = " " + name;
        if (!line.startsWith(LXC_MONITOR) || !line.endsWith(tail)
                || line.length() <= LXC_MONITOR.length() + tail.length()) {
            return null;
        }
        String path = line.substring(LXC_MONITOR.length(), line.length() - tail.length());
        return path.startsWith("/") ? path : null;
    }

    /**
     * The template named in an LXC config as {@code lxc-create} writes it: {@code busybox} for
     * {@code …/lxc-busybox}; for the download template, the distribution and release it was given
     * ({@code debian:bookworm}) when both are named. Null when the config names no template.
     */
    static String lxcTemplate(String config) {
        if (config == null) {
            return null;
        }
        String template = null;
        String parameters = "";
        for (String line : config.split("\n")) {
            if (line.startsWith(LXC_TEMPLATE)) {
                String path = line.substring(LXC_TEMPLATE.length()).strip();
                String file = path.substring(path.lastIndexOf('/') + 1);
                template = file.startsWith("lxc-") ? file.substring(4) : file;
            } else if (line.startsWith(LXC_PARAMETERS)) {
                parameters = line.substring(LXC_PARAMETERS.length()).strip();
            }
        }
        if (template == null || template.isEmpty()) {
            return null;
        }
        if (template.equals("download")) {
            List<String> words = List.of(parameters.split("\\s+"));
            String dist = option(words, "-d", "--dist");
            String release = option(words, "-r", "--release");
            if (dist != null && release != null) {
                return dist + ":" + release;
            }
        }
        return template;
    }

    /**
     * The directory ({@code -D}, {@code --directory}) or disk image ({@code -i}, {@code --image})
     * an nspawn command line names, as given; null when it names neither.
     */
    static String nspawnImage(List<String> cmdline) {
        List<String> args = cmdline.isEmpty() ? cmdline : cmdline.subList(1, cmdline.size());
        int end = args.indexOf("--");
        args = end < 0 ? args : args.subList(0, end);
        String dir = option(args, "-D", "--directory");
        return dir != null ? dir : option(args, "-i", "--image");
    }

    /** The value of an option given as {@code -x V}, {@code -xV}, {@code --long V} or {@code --long=V}, or null. */
    private static String option(List<String> args, String shortName, String longName) {
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if ((a.equals(shortName) || a.equals(longName)) && i + 1 < args.size()) {
                return nonEmpty(args.get(i + 1));
            }
            if (a.startsWith(longName + "=")) {
                return nonEmpty(a.substring(longName.length() + 1));
            }
            if (a.startsWith(shortName) && !a.startsWith("--") && a.length() > shortName.length()) {
                return a.substring(shortName.length());
            }
        }
        return null;
    }

    private static String nonEmpty(String s) {
        return s.isEmpty() ? null : s;
    }

    /** LXCPATH/NAME/config under the host root, its first {@link #CONFIG_BYTES}; null when unreadable. */
    private String readConfig(String lxcPath, String name) {
        if (name.contains("/") || name.equals("..")) {
            return null; // not a directory name: LXC refuses such names
        }
        Path file = root.resolve(lxcPath.substring(1)).resolve(name).resolve("config");
        if (!Files.isRegularFile(file)) {
            return null; // a FIFO would block the read
        }
        try (InputStream in = Files.newInputStream(file)) {
            return new String(in.readNBytes(CONFIG_BYTES), StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
            return null; // no config where the monitor says (removed, or another mount namespace's): no image
        }
    }
}
