package io.jtop.cli;

import io.jtop.backend.local.LocalRuntime;
import io.jtop.ui.Format;
import io.jtop.engine.image.Digest;
import io.jtop.engine.image.Image;
import io.jtop.engine.image.ImageImporter;
import io.jtop.engine.image.ImageStore;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code jtop image import|inspect|rm} and {@code jtop images}: jtop's own image store. */
final class ImageCommands {

    private ImageCommands() {
    }

    static ImageStore store(Main main) {
        return new ImageStore(main.storeRoot);
    }

    /** {@code jtop images}. */
    @Command(name = "images", mixinStandardHelpOptions = true, description = "List the images in jtop's store.")
    static final class Images implements Callable<Integer> {
        @ParentCommand
        Main main;

        @Option(names = "--json", description = "Print a JSON array.")
        boolean json;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            List<Image> images = store(main).list();
            if (json) {
                out.println(Output.json(images.stream().map(ImageCommands::imageJson).toList(), true));
                return 0;
            }
            Table t = new Table("IMAGE ID", "NAMES", "LAYERS>", "SIZE>", "CREATED");
            for (Image i : images) {
                t.add(i.shortId(), i.names().isEmpty() ? "<none>" : String.join(",", i.names()),
                        Integer.toString(i.layers().size()), Format.bytes(i.size()), Format.text(i.created()));
            }
            out.print(t.render());
            return 0;
        }
    }

    /** {@code jtop image …}. */
    @Command(name = "image", mixinStandardHelpOptions = true, description = "Manage jtop's images.",
            subcommands = {Import.class, Inspect.class, Remove.class})
    static final class ImageGroup implements Callable<Integer> {
        @ParentCommand
        Main main;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            throw new CommandLine.ParameterException(spec.commandLine(), "say what to do: import, inspect or rm");
        }
    }

    /** {@code jtop image import SOURCE [NAME[:TAG]]}. */
    @Command(name = "import", mixinStandardHelpOptions = true,
            description = "Import a docker save tar, an OCI image layout (directory or tar) or a root file system "
                    + "(directory or tar; layers may be gzip or zstd compressed).")
    static final class Import implements Callable<Integer> {
        @ParentCommand
        ImageGroup group;

        @Parameters(index = "0", paramLabel = "SOURCE")
        Path source;

        @Parameters(index = "1", arity = "0..1", paramLabel = "NAME[:TAG]")
        String name;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            PrintWriter err = spec.commandLine().getErr();
            Image i = new ImageImporter(store(group.main), line -> {
                Failures.say(line, err);
                err.flush();
            }).importFrom(source, name);
            spec.commandLine().getOut().println(i.id());
            return 0;
        }
    }

    /** {@code jtop image inspect REF}. */
    @Command(name = "inspect", mixinStandardHelpOptions = true, description = "Show an image as JSON.")
    static final class Inspect implements Callable<Integer> {
        @ParentCommand
        ImageGroup group;

        @Parameters(paramLabel = "IMAGE", description = "name[:tag], id or unique id prefix")
        String ref;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            ImageStore store = store(group.main);
            Image i = store.find(ref).orElseThrow(() -> new IllegalArgumentException("no image matches '" + ref + "'"));
            Map<String, Object> m = imageJson(i);
            Map<String, String> dirs = new LinkedHashMap<>();
            for (String l : i.layers()) {
                dirs.put(l, store.layerDir(l).toString());
            }
            m.put("layer_dirs", dirs);
            spec.commandLine().getOut().println(Output.json(m, true));
            return 0;
        }
    }

    /** {@code jtop image rm [--force] REF…}. */
    @Command(name = "rm", mixinStandardHelpOptions = true,
            description = "Remove an image and the layers only it uses; refused while containers use it.")
    static final class Remove implements Callable<Integer> {
        @ParentCommand
        ImageGroup group;

        @Option(names = {"-f", "--force"}, description = "While containers use it, remove only its names: the image "
                + "and its layers stay, shown as <none>, until the last of them is removed.")
        boolean force;

        @Parameters(paramLabel = "IMAGE", arity = "1..*")
        List<String> refs;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            LocalRuntime rt = group.main.runtime(null);
            for (String ref : refs) {
                spec.commandLine().getOut().println(said(rt.removeImage(ref, force)));
            }
            return 0;
        }
    }

    /** What removing an image did, in one line. */
    static String said(ImageStore.Removal r) {
        String id = Digest.parse(r.image().id()).shortHex();
        if (r.deleted()) {
            return "removed " + id;
        }
        return "untagged " + String.join(", ", r.image().names()) + " (image " + id + " kept for "
                + String.join(", ", r.containers()) + " until " + (r.containers().size() == 1 ? "it is" : "they are")
                + " removed)";
    }

    static Map<String, Object> imageJson(Image i) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", i.id());
        m.put("names", i.names());
        m.put("layers", i.layers());
        m.put("size_bytes", i.size());
        m.put("created", i.created());
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("env", i.config().env());
        c.put("entrypoint", i.config().entrypoint());
        c.put("cmd", i.config().cmd());
        c.put("working_dir", i.config().workingDir());
        c.put("user", i.config().user());
        c.put("labels", i.config().labels());
        m.put("config", c);
        return m;
    }
}
