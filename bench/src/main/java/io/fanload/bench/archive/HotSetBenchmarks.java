package io.fanload.bench.archive;

import io.fanload.bench.generator.Generator;
import io.fanload.hooks.archive.ArchiveFormat;
import io.fanload.hooks.archive.ArchiveReader;
import io.fanload.hooks.archive.EntryKind;
import io.fanload.hooks.archive.Records;
import io.fanload.writer.archive.ArchiveWriter;
import io.fanload.writer.archive.EntryCodec;
import io.fanload.writer.archive.HitSpec;
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

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.CRC32C;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Issue 16's design question: now that an archive carries every jar whole, should it still ship
 * the pilot's hot set as separate LZ4 entries (the node expands them into the mapped image), or
 * should each node derive the hot set from the whole jars it already has (inflate, on all of the
 * node's cores)? Per node, the first costs an LZ4 decode and the extra bytes on the tree; the second
 * costs zlib inflate. Real jars (compat-tests' applications, {@code appsDir}); the hot set is every
 * {@code 1/every}-th class and resource of every jar (a pilot loads 10-40 % of a class path).
 * Setup prints the bytes each way. Figures: docs/PERFORMANCE.md.
 */
@Fork(value = 1, jvmArgsAppend = {"-Xmx4g"})
@Warmup(iterations = 2)
@Measurement(iterations = 8)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@State(Scope.Benchmark)
public class HotSetBenchmarks {

    @Param({"compat-tests/target/apps"})
    public String appsDir;

    @Param({"3"})
    public int every;

    private Path work;
    private final List<Path> jars = new ArrayList<>();
    private final List<List<String>> hot = new ArrayList<>();
    private ArchiveReader shipped;
    private ExecutorService cores;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        try (Stream<Path> files = Files.list(Path.of(appsDir))) {
            files.filter(p -> p.toString().endsWith(".jar")).sorted().forEach(jars::add);
        }
        work = Files.createTempDirectory("fanload-hotset");
        Path archive = work.resolve("entries.fanload");
        long jarBytes = 0;
        long hotRaw = 0;
        try (ArchiveWriter writer = ArchiveWriter.create(archive, Runtime.version().feature(), false)) {
            for (int j = 0; j < jars.size(); j++) {
                jarBytes += Files.size(jars.get(j));
                writer.addOrigin(jars.get(j).toString(), ArchiveFormat.ORIGIN_JAR, false, ArchiveFormat.NONE, null);
                List<String> names = new ArrayList<>();
                try (ZipFile zip = new ZipFile(jars.get(j).toFile())) {
                    int k = 0;
                    for (ZipEntry e : Collections.list(zip.entries())) {
                        if (!e.isDirectory() && k++ % every == 0) {
                            byte[] raw;
                            try (InputStream in = zip.getInputStream(e)) {
                                raw = in.readAllBytes();
                            }
                            hotRaw += raw.length;
                            names.add(e.getName());
                            writer.addName(j + "/" + e.getName(), List.of(new HitSpec(j, ArchiveFormat.NONE,
                                    EntryKind.RESOURCE, 0, writer.addBlob(raw))));
                        }
                    }
                }
                hot.add(names);
            }
            writer.commit();
        }
        shipped = ArchiveReader.open(archive);
        System.err.printf(Locale.ROOT, "%n%d jars, %.1f MB whole; hot set %d entries, %.1f MB raw, shipped as LZ4 entries"
                        + " %.1f MB (%.0f %% more on the tree than the whole jars alone)%n",
                jars.size(), jarBytes / 1e6, hot.stream().mapToInt(List::size).sum(), hotRaw / 1e6,
                Files.size(archive) / 1e6, 100.0 * Files.size(archive) / jarBytes);
        cores = Executors.newFixedThreadPool(Runtime.getRuntime().availableProcessors());
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        cores.shutdownNow();
        Generator.deleteTree(work);
    }

    /** What a node does with shipped entries: decode and check every one (one core, as the agent does). */
    @Benchmark
    public long expandShippedEntries() throws IOException {
        long sum = 0;
        for (int h = 0; h < shipped.hitCount(); h++) {
            Records.Hit hit = shipped.hit(h);
            ByteBuffer raw = EntryCodec.decodeVerified(shipped.storedContent(h), hit.codec(), hit.rawLength(),
                    hit.xxhash64(), hit.crc32c(), "entry " + h);
            sum += raw.remaining();
        }
        return sum;
    }

    /** The alternative: inflate the same entries from the whole jars on every core, CRC32C each. */
    @Benchmark
    public long deriveFromWholeJars() throws Exception {
        List<Future<Long>> parts = new ArrayList<>();
        for (int j = 0; j < jars.size(); j++) {
            Path jar = jars.get(j);
            List<String> names = hot.get(j);
            parts.add(cores.submit(() -> inflate(jar, names)));
        }
        long sum = 0;
        for (Future<Long> part : parts) {
            sum += part.get();
        }
        return sum;
    }

    private static long inflate(Path jar, List<String> names) throws IOException {
        long sum = 0;
        byte[] buffer = new byte[1 << 16];
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            for (String name : names) {
                CRC32C crc = new CRC32C();
                try (InputStream in = zip.getInputStream(zip.getEntry(name))) {
                    int n;
                    while ((n = in.read(buffer)) > 0) {
                        crc.update(buffer, 0, n);
                        sum += n;
                    }
                }
                sum += crc.getValue() & 1;
            }
        }
        return sum;
    }
}
