package io.fanload.bench.archive;

import io.fanload.hooks.archive.ArchiveReader;
import io.fanload.hooks.archive.Records;
import io.fanload.writer.archive.EntryCodec;
import io.fanload.writer.build.ArchiveBuilder;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.ZipFile;

/**
 * Archive format benchmarks, side by side in one run. Content: {@code entries} class-like entries
 * of {@code megabytes} MB in all, as one archive and as 50 jars. Figures and the command that
 * produced them: docs/PERFORMANCE.md.
 */
@Fork(value = 1, jvmArgsAppend = {"-Xmx4g"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class ArchiveBenchmarks {

    private static final int JARS = 50;

    /** One archive (and the same content as jars) shared by the read-side benchmarks. */
    @State(Scope.Benchmark)
    public static class Content {
        @Param({"20000"})
        int entries;
        @Param({"100"})
        int megabytes;

        Path dir;
        SyntheticContent content;
        Path archive;
        Path image;
        List<Path> jars;
        ArchiveReader openImage;
        ArchiveReader openArchive;
        String[] probeNames;

        @Setup(Level.Trial)
        public void setUp() throws IOException {
            dir = Files.createTempDirectory("fanload-bench");
            content = new SyntheticContent(entries, (long) megabytes << 20, JARS, 42);
            archive = content.writeArchive(dir.resolve("app.fanload"), false);
            image = content.writeArchive(dir.resolve("image.fanload"), true);
            jars = content.writeJars(dir);
            openImage = ArchiveReader.open(image);
            openArchive = ArchiveReader.open(archive);
            probeNames = new String[1024];
            for (int i = 0; i < probeNames.length; i++) {
                // fresh String objects, as a class loader builds them from class names
                probeNames[i] = new String(content.names.get((i * 7919) % entries));
            }
        }

        @TearDown(Level.Trial)
        public void tearDown() throws IOException {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** Per-thread cursor over the probe names. */
    @State(Scope.Thread)
    public static class Cursor {
        int next;
    }

    /** Map a 100 MB image and check header, trailer and index CRC: what a rank does at start. */
    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public long openImage(Content c) throws IOException {
        try (ArchiveReader reader = ArchiveReader.open(c.image)) {
            return reader.nameCount();
        }
    }

    /** The same content as 50 jars: open each with java.util.zip.ZipFile (reads and indexes its central directory). */
    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public long openFiftyJars(Content c) throws IOException {
        long entries = 0;
        for (Path jar : c.jars) {
            try (ZipFile zip = new ZipFile(jar.toFile())) {
                entries += zip.size();
            }
        }
        return entries;
    }

    /** Look up one name (present) in the open image. */
    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    public int lookup(Content c, Cursor cursor) {
        return c.openImage.findName(c.probeNames[cursor.next++ & 1023]);
    }

    /** Look up one name in a jar's index, for comparison: ZipFile.getEntry on the right jar. */
    @State(Scope.Benchmark)
    public static class OpenJars {
        ZipFile[] zips;

        @Setup(Level.Trial)
        public void setUp(Content c) throws IOException {
            zips = new ZipFile[c.jars.size()];
            for (int j = 0; j < zips.length; j++) {
                zips[j] = new ZipFile(c.jars.get(j).toFile());
            }
        }

        @TearDown(Level.Trial)
        public void tearDown() throws IOException {
            for (ZipFile zip : zips) {
                zip.close();
            }
        }
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    public Object lookupInZipFile(Content c, OpenJars jars, Cursor cursor) {
        int i = (cursor.next++ & 1023);
        return jars.zips[((i * 7919) % c.entries) % JARS].getEntry(c.probeNames[i]);
    }

    /** Look up and copy one class entry (~5 KB) out of the image, as defineClass needs it. */
    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    public byte[] readClass(Content c, Cursor cursor) throws IOException {
        int row = c.openImage.findName(c.probeNames[cursor.next++ & 1023]);
        return c.openImage.rawBytes(c.openImage.nameFirstHit(row));
    }

    /** The same from a jar: getEntry plus inflate. */
    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    public byte[] readClassFromZipFile(Content c, OpenJars jars, Cursor cursor) throws IOException {
        int i = (cursor.next++ & 1023);
        ZipFile zip = jars.zips[((i * 7919) % c.entries) % JARS];
        try (var in = zip.getInputStream(zip.getEntry(c.probeNames[i]))) {
            return in.readAllBytes();
        }
    }

    /** LZ4-decompress (safe decompressor) and check every entry of the archive: MB/s = 100 MB / time. */
    @Benchmark
    @BenchmarkMode(Mode.SingleShotTime)
    @Warmup(iterations = 3)
    @Measurement(iterations = 8)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public void decompressAll(Content c, Blackhole blackhole) throws IOException {
        ArchiveReader reader = c.openArchive;
        for (int h = 0; h < reader.hitCount(); h++) {
            Records.Hit hit = reader.hit(h);
            ByteBuffer raw = EntryCodec.decode(reader.storedContent(h), hit.codec(), hit.rawLength(), "bench");
            blackhole.consume(raw);
        }
    }

    /** Write the 100 MB archive from memory: LZ4 + xxHash64 + CRC32C + SHA-256 + write. */
    @Benchmark
    @BenchmarkMode(Mode.SingleShotTime)
    @Warmup(iterations = 2)
    @Measurement(iterations = 5)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public void writeArchive(Content c) throws IOException {
        c.content.writeArchive(c.dir.resolve("written.fanload"), false);
    }

    /** The whole builder from a pilot record and 50 jars: read records, inflate, check, write. */
    @Benchmark
    @BenchmarkMode(Mode.SingleShotTime)
    @Warmup(iterations = 2)
    @Measurement(iterations = 5)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public void buildFromJars(BuildInput input) throws IOException {
        ArchiveBuilder.build(input.pilot, input.out);
    }

    /** A pilot directory naming every entry of the 50 jars. */
    @State(Scope.Benchmark)
    public static class BuildInput {
        Path pilot;
        Path out;

        @Setup(Level.Trial)
        public void setUp(Content c) throws IOException {
            pilot = c.content.writePilot(c.dir, c.jars);
            out = c.dir.resolve("built.fanload");
        }
    }
}
