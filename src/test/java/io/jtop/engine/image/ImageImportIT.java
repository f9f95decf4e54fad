package io.jtop.engine.image;

import io.jtop.testing.Busybox;
import io.jtop.testing.DockerFixture;
import io.jtop.testing.Host;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Imports real images: a {@code docker save} tar of the test image, and a busybox root file system. */
class ImageImportIT {

    @TempDir
    Path tmp;

    @Test
    void dockerSaveTarIsImportedWithVerifiedLayersAndItsConfig() throws Exception {
        Host.requireRoot();
        Host.requireDocker();
        String image = DockerFixture.image();
        Path tar = tmp.resolve("saved.tar");
        Host.run("docker", "save", "-o", tar.toString(), image);
        ImageStore store = new ImageStore(tmp.resolve("store"));
        List<String> said = new ArrayList<>();
        Image imported = new ImageImporter(store, said::add).importFrom(tar, null);

        String dockerId = Host.run("docker", "image", "inspect", "-f", "{{.Id}}", image).strip();
        assertEquals(dockerId, imported.id(), "the image id is its config digest, as docker's");
        assertEquals(List.of(image), imported.names());
        String diffIds = Host.run("docker", "image", "inspect", "-f", "{{json .RootFS.Layers}}", image).strip();
        assertEquals(diffIds, "[\"" + String.join("\",\"", imported.layers()) + "\"]");
        Path busybox = store.layerDir(imported.layers().get(0)).resolve("bin/busybox");
        assertTrue(Files.isRegularFile(busybox), "layer unpacked: " + busybox);
        assertTrue(Files.isSymbolicLink(store.root().resolve(store.layerLink(imported.layers().get(0)))));
        assertFalse(said.isEmpty(), "progress was reported");

        // Importing again shares the layer and keeps one image.
        new ImageImporter(store, s -> { }).importFrom(tar, "again:v1");
        assertEquals(1, store.list().size());
        assertEquals(List.of(image, "again:v1"), store.find("again:v1").orElseThrow().names());
        store.remove("again:v1", false, (id, then) -> then.with(List.of())); // no container uses it
        assertTrue(store.list().isEmpty());
        assertFalse(Files.exists(store.layerDir(imported.layers().get(0))), "its only layer went with it");
    }

    @Test
    void rootFileSystemDirectoryAndTarGiveTheSameLayer() throws Exception {
        Host.requireRoot();
        Path rootfs = Busybox.rootfs(tmp.resolve("rootfs"));
        ImageStore store = new ImageStore(tmp.resolve("store"));
        Image fromDir = new ImageImporter(store, s -> { }).importFrom(rootfs, "bb");
        assertEquals(List.of("bb:latest"), fromDir.names());
        assertTrue(Files.isSymbolicLink(store.layerDir(fromDir.layers().get(0)).resolve("bin/sh")));
        assertEquals(List.of("/bin/sh"), fromDir.config().cmd());

        Path tar = tmp.resolve("rootfs.tar.gz");
        Host.run("sh", "-c", "tar -C " + rootfs + " -cf - . | gzip > " + tar);
        Image fromTar = new ImageImporter(store, s -> { }).importFrom(tar, "bb2:x");
        assertTrue(Files.isRegularFile(store.layerDir(fromTar.layers().get(0)).resolve("bin/busybox")));
        assertEquals(2, store.list().size());
    }
}
