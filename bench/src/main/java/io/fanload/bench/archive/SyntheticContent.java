package io.fanload.bench.archive;

import io.fanload.hooks.archive.ArchiveFormat;
import io.fanload.hooks.archive.EntryKind;
import io.fanload.hooks.pilotrecord.PilotRecord;
import io.fanload.hooks.pilotrecord.RecordEvent;
import io.fanload.hooks.pilotrecord.RecordWriter;
import io.fanload.writer.archive.ArchiveWriter;
import io.fanload.writer.archive.HitSpec;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.zip.CRC32C;

/**
 * A reproducible stand-in for an application's class files: {@code count} entries of
 * class-file-like bytes (a constant-pool vocabulary with random picks, which LZ4 compresses about
 * as well as real classes: 2-3x), spread over {@code jars} jars, with a fixed seed.
 */
final class SyntheticContent {

    final List<String> names = new ArrayList<>();
    final List<byte[]> contents = new ArrayList<>();
    final int jars;
    long totalBytes;

    SyntheticContent(int count, long targetBytes, int jars, long seed) {
        this.jars = jars;
        Random random = new Random(seed);
        String[] vocabulary = new String[512];
        for (int i = 0; i < vocabulary.length; i++) {
            vocabulary[i] = "Ljava/lang/" + Long.toString(random.nextLong() & 0xFFFFFFFFL, 36) + ";(I)V";
        }
        int average = (int) (targetBytes / count);
        for (int i = 0; i < count; i++) {
            names.add("org/example/p" + (i % 97) + "/sub" + (i % 13) + "/Generated" + i + ".class");
            int size = Math.max(64, average / 2 + random.nextInt(average));
            byte[] bytes = new byte[size];
            int at = 0;
            while (at < size) {
                byte[] word = (random.nextInt(4) == 0
                        ? Integer.toHexString(random.nextInt())
                        : vocabulary[random.nextInt(vocabulary.length)]).getBytes(StandardCharsets.US_ASCII);
                int n = Math.min(word.length, size - at);
                System.arraycopy(word, 0, bytes, at, n);
                at += n;
            }
            contents.add(bytes);
            totalBytes += size;
        }
    }

    /** Writes every entry as one archive (an image if {@code image}); returns the file. */
    Path writeArchive(Path file, boolean image) throws IOException {
        try (ArchiveWriter writer = ArchiveWriter.create(file, Runtime.version().feature(), image)) {
            for (int j = 0; j < jars; j++) {
                writer.addOrigin("/pfs/app/lib/jar" + j + ".jar", ArchiveFormat.ORIGIN_JAR, false, ArchiveFormat.NONE, null);
            }
            for (int i = 0; i < names.size(); i++) {
                writer.addName(names.get(i), List.of(new HitSpec(i % jars, ArchiveFormat.NONE, EntryKind.CLASS, 0,
                        writer.addBlob(contents.get(i)))));
            }
            writer.commit();
        }
        return file;
    }

    /** Writes the entries into {@code jars} jars (entry i into jar i % jars); returns their paths. */
    List<Path> writeJars(Path dir) throws IOException {
        List<Path> paths = new ArrayList<>();
        List<JarOutputStream> outs = new ArrayList<>();
        for (int j = 0; j < jars; j++) {
            Path jar = dir.resolve("jar" + j + ".jar");
            paths.add(jar);
            OutputStream out = Files.newOutputStream(jar);
            outs.add(new JarOutputStream(out));
        }
        for (int i = 0; i < names.size(); i++) {
            JarOutputStream out = outs.get(i % jars);
            out.putNextEntry(new JarEntry(names.get(i)));
            out.write(contents.get(i));
            out.closeEntry();
        }
        for (JarOutputStream out : outs) {
            out.close();
        }
        return paths;
    }

    /** A one-rank pilot directory naming every entry, as record mode would write it. */
    Path writePilot(Path dir, List<Path> jarPaths) throws IOException {
        List<RecordEvent> events = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            CRC32C crc = new CRC32C();
            crc.update(contents.get(i));
            events.add(new RecordEvent.Found(EntryKind.CLASS, i % jars, (int) crc.getValue(), contents.get(i).length,
                    names.get(i)));
        }
        List<String> classPath = jarPaths.stream().map(Path::toString).toList();
        Path pilot = Files.createDirectories(dir.resolve("pilot"));
        RecordWriter.writeInto(pilot, new PilotRecord(0, "bench",
                Map.of(PilotRecord.FEATURE, Integer.toString(Runtime.version().feature())), classPath, events));
        return pilot;
    }
}
