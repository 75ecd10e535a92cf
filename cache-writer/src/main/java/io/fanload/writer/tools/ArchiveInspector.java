package io.fanload.writer.tools;

import io.fanload.hooks.archive.ArchiveFormat;
import io.fanload.hooks.archive.WholeFileTable.WholeFile;
import io.fanload.hooks.archive.ArchiveReader;
import io.fanload.hooks.archive.EntryKind;
import io.fanload.hooks.archive.Records;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** What an archive holds: contents largest first, totals by kind and by origin, provenance. */
public final class ArchiveInspector {

    /** Entry count and bytes of one group. */
    public static final class Totals {
        private int entries;
        private long rawBytes;
        private long storedBytes;

        void add(Records.Hit hit) {
            entries++;
            rawBytes += hit.rawLength();
            storedBytes += hit.storedLength();
        }

        public int entries() {
            return entries;
        }

        public long rawBytes() {
            return rawBytes;
        }

        public long storedBytes() {
            return storedBytes;
        }
    }

    /** One stored entry, for the largest-first listing. */
    public record Item(String name, String origin, EntryKind kind, int rawLength, int storedLength) {
    }

    public record Report(Path file, long size, int feature, boolean image, long createdMillis, String sha256,
                         int names, int absentNames, Map<EntryKind, Totals> byKind, Map<String, Totals> byOrigin,
                         List<Item> largestFirst, List<WholeFile> wholeFiles,
                         List<Map.Entry<String, String>> provenance) {

        /** Prints the report; {@code top} limits the largest-first list. */
        public void print(PrintWriter out, int top) {
            out.printf("archive     %s%n", file);
            out.printf("format      v%d%s, JDK %d, %s, created %s%n", ArchiveFormat.VERSION, image ? " (node image)" : "",
                    feature, Sizes.bytes(size), Instant.ofEpochMilli(createdMillis));
            out.printf("sha256      %s%n", sha256);
            out.printf("names       %d (%d known absent)%n", names, absentNames);
            out.println("by kind:");
            byKind.forEach((kind, t) -> out.printf("  %-10s %7d entries %12s raw %12s stored%n",
                    kind.name().toLowerCase(Locale.ROOT), t.entries(), Sizes.bytes(t.rawBytes()),
                    Sizes.bytes(t.storedBytes())));
            out.println("by origin:");
            byOrigin.forEach((origin, t) -> out.printf("  %7d entries %12s raw %12s stored  %s%n", t.entries(),
                    Sizes.bytes(t.rawBytes()), Sizes.bytes(t.storedBytes()), origin));
            out.println("largest first:");
            largestFirst.stream().limit(top).forEach(item -> out.printf("  %12s %12s  %-9s %s  (%s)%n",
                    Sizes.bytes(item.rawLength()), Sizes.bytes(item.storedLength()),
                    item.kind().name().toLowerCase(Locale.ROOT), item.name(), item.origin()));
            if (largestFirst.size() > top) {
                out.printf("  ... %d more%n", largestFirst.size() - top);
            }
            long wholeBytes = wholeFiles.stream().mapToLong(WholeFile::size).sum();
            // The class path's, and the runtime's and the JVM cache's when the archive carries them.
            out.printf("files carried whole: %d, %s (written as node-local copies)%n", wholeFiles.size(),
                    Sizes.bytes(wholeBytes));
            wholeFiles.stream().sorted(Comparator.comparingLong(WholeFile::size).reversed().thenComparing(WholeFile::path))
                    .limit(top).forEach(f -> out.printf("  %12s  %s%n", Sizes.bytes(f.size()), f.path()));
            if (wholeFiles.size() > top) {
                out.printf("  ... %d more%n", wholeFiles.size() - top);
            }
            jvmCacheLine().ifPresent(out::println);
            out.println("provenance:");
            provenance.forEach(e -> out.printf("  %-20s %s%n", e.getKey(), e.getValue()));
        }

        /** What the pilot-trained JVM cache is (launch --jvm-cache), when the archive carries one. */
        Optional<String> jvmCacheLine() {
            Map<String, String> values = new HashMap<>();
            provenance.forEach(e -> values.put(e.getKey(), e.getValue()));
            String file = values.get(ArchiveFormat.PROVENANCE_JVM_CACHE_FILE);
            if (file == null) {
                return Optional.empty();
            }
            long bytes = wholeFiles.stream().filter(f -> f.path().equals(file)).mapToLong(WholeFile::size).sum();
            return Optional.of(String.format("jvm cache   %s, %s, trained on JDK %s at %s%s",
                    "aot".equals(values.get(ArchiveFormat.PROVENANCE_JVM_CACHE_KIND)) ? "AOT cache" : "dynamic AppCDS archive",
                    Sizes.bytes(bytes), values.get(ArchiveFormat.PROVENANCE_JVM_CACHE_JDK),
                    values.get(ArchiveFormat.PROVENANCE_JVM_CACHE_LINK),
                    "true".equals(values.get(ArchiveFormat.PROVENANCE_JVM_CACHE_RUNTIME)) ? " with the carried runtime" : ""));
        }
    }

    private ArchiveInspector() {
    }

    public static Report inspect(Path file) throws IOException {
        try (ArchiveReader reader = ArchiveReader.open(file)) {
            Map<EntryKind, Totals> byKind = new EnumMap<>(EntryKind.class);
            Map<String, Totals> byOrigin = new LinkedHashMap<>();
            for (int o = 0; o < reader.originCount(); o++) {
                byOrigin.put(reader.origin(o).path(), new Totals());
            }
            List<Item> items = new ArrayList<>();
            int absent = 0;
            for (int row = 0; row < reader.nameCount(); row++) {
                int count = reader.nameHitCount(row);
                if (count == 0) {
                    absent++;
                }
                for (int i = 0; i < count; i++) {
                    Records.Hit hit = reader.hit(reader.nameFirstHit(row) + i);
                    String origin = reader.origin(hit.origin()).path();
                    byKind.computeIfAbsent(hit.kind(), k -> new Totals()).add(hit);
                    byOrigin.get(origin).add(hit);
                    items.add(new Item(reader.nameAt(row), origin, hit.kind(), hit.rawLength(), hit.storedLength()));
                }
            }
            for (int n = 0; n < reader.nativeCount(); n++) {
                Records.Native lib = reader.nativeAt(n);
                Records.Hit hit = reader.hit(lib.hit());
                byKind.computeIfAbsent(EntryKind.NATIVE, k -> new Totals()).add(hit);
                byOrigin.computeIfAbsent("(shared objects)", k -> new Totals()).add(hit);
                items.add(new Item(lib.fileName(), lib.originalPath(), EntryKind.NATIVE, hit.rawLength(), hit.storedLength()));
            }
            items.sort(Comparator.comparingInt(Item::rawLength).reversed().thenComparing(Item::name));
            return new Report(file, reader.size(), reader.feature(), reader.isImage(), reader.createdMillis(),
                    HexFormat.of().formatHex(reader.digest()), reader.nameCount(), absent, byKind, byOrigin,
                    items, reader.wholeFileTable().files(), reader.provenance());
        }
    }
}
