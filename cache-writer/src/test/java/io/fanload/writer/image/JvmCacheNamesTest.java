package io.fanload.writer.image;

import io.fanload.hooks.archive.ArchiveFormat;
import io.fanload.hooks.archive.ArchiveReader;
import io.fanload.hooks.archive.EntryKind;
import io.fanload.hooks.image.NodeImageLayout;
import io.fanload.writer.archive.ArchiveWriter;
import io.fanload.writer.archive.HitSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The class list beside a trained JVM cache: which names are the pilot's classes, spelled as the JVM logs them. */
class JvmCacheNamesTest {

    @TempDir
    Path dir;

    @Test
    void listsThePilotsClassesByBinaryNameAndNothingElse() throws Exception {
        Path archive = dir.resolve("a.fanload");
        try (ArchiveWriter writer = ArchiveWriter.create(archive, 17, false)) {
            for (String name : List.of("a/b/C.class", "META-INF/versions/11/a/b/D.class", "res/app.properties",
                    "caf\u00e9/\u00c4pfel.class", "E.class", "a/b/")) {
                writer.addName(name, List.of(new HitSpec(ArchiveFormat.NONE, ArchiveFormat.NONE,
                        name.endsWith("/") ? EntryKind.DIRECTORY : EntryKind.CLASS, 0, writer.addBlob(new byte[] {1}))));
            }
            writer.addName("x/Missing.class", List.of()); // probed, found nowhere: not loaded
            writer.addName(".class", List.of(new HitSpec(ArchiveFormat.NONE, ArchiveFormat.NONE, EntryKind.RESOURCE, 0,
                    writer.addBlob(new byte[] {2}))));
            writer.commit();
        }
        NodeImageLayout layout = new NodeImageLayout(Files.createDirectories(dir.resolve("node")));
        try (ArchiveReader reader = ArchiveReader.open(archive)) {
            JvmCacheNames.write(reader, layout);
        }
        List<String> lines = Files.readAllLines(layout.root().resolve(JvmCacheNames.FILE), StandardCharsets.UTF_8);
        assertEquals(List.of("E", "a.b.C", "caf\u00e9.\u00c4pfel"), lines.stream().sorted().toList());
        try (ArchiveReader reader = ArchiveReader.open(archive)) {
            assertEquals(java.util.Set.of("E", "a.b.C", "caf\u00e9.\u00c4pfel"), JvmCacheNames.pilotClasses(reader));
        }
    }

    @Test
    void addsTheClassesTheTrainingRunLoadedBeyondThePilots() throws Exception {
        Path archive = dir.resolve("t.fanload");
        try (ArchiveWriter writer = ArchiveWriter.create(archive, 25, false)) {
            writer.addName("a/Main.class", List.of(new HitSpec(ArchiveFormat.NONE, ArchiveFormat.NONE, EntryKind.CLASS, 0,
                    writer.addBlob(new byte[] {1}))));
            writer.addProvenance(ArchiveFormat.PROVENANCE_JVM_CACHE_CLASSES, "a.Shape a.Square$Inner");
            writer.commit();
        }
        NodeImageLayout layout = new NodeImageLayout(Files.createDirectories(dir.resolve("node")));
        try (ArchiveReader reader = ArchiveReader.open(archive)) {
            JvmCacheNames.write(reader, layout);
        }
        assertEquals(List.of("a.Main", "a.Shape", "a.Square$Inner"),
                Files.readAllLines(layout.root().resolve(JvmCacheNames.FILE), StandardCharsets.UTF_8));
    }
}
