package io.fanload.bench.archive;

import io.fanload.bench.generator.Generator;
import io.fanload.hooks.archive.ArchiveReader;
import io.fanload.hooks.image.NodeImageLayout;
import io.fanload.writer.archive.IndexReferences;
import io.fanload.writer.image.NodeImages;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * What the reference check ({@link IndexReferences}) costs inside {@link NodeImages#prepare}, which
 * every node agent runs once, in a cold JVM, on the archive it received: the JMH benchmark's archive
 * (100 MiB, 20,000 entries, {@link SyntheticContent}), the check alone and then the whole prepare,
 * ROUNDS times in one JVM; round 1 is what an agent pays.
 *
 * <pre>java -cp bench/target/benchmarks.jar io.fanload.bench.archive.PrepareCost /dev/shm/fanload-prepare [ROUNDS]</pre>
 */
public final class PrepareCost {

    private PrepareCost() {
    }

    public static void main(String[] args) throws IOException {
        Path dir = Files.createDirectories(Path.of(args[0]));
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        Path archive = new SyntheticContent(20_000, 100L << 20, 50, 42).writeArchive(dir.resolve("archive.fanload"), false);
        try {
            for (int round = 1; round <= rounds; round++) {
                long start = System.nanoTime();
                try (ArchiveReader reader = ArchiveReader.open(archive)) {
                    IndexReferences.check(reader);
                }
                long checked = System.nanoTime();
                Path node = dir.resolve("node");
                NodeImages.prepare(archive, new NodeImageLayout(node));
                long prepared = System.nanoTime();
                System.out.printf(Locale.ROOT, "round %d: check %.1f ms, prepare (check included) %.1f ms: %.1f %%%n", round,
                        (checked - start) / 1e6, (prepared - checked) / 1e6, 100.0 * (checked - start) / (prepared - checked));
                Generator.deleteTree(node);
            }
        } finally {
            Generator.deleteTree(dir);
        }
    }
}
