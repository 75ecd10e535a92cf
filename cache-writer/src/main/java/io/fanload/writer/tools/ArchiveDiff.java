package io.fanload.writer.tools;

import io.fanload.hooks.archive.ArchiveReader;
import io.fanload.hooks.archive.Records;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * How two archives differ: names only in one, names whose answer changed (hits, origins, content
 * hashes, or absent/present), natives, and provenance. Compares content by xxHash64, so a
 * recompressed but equal entry is not a difference.
 */
public final class ArchiveDiff {

    /** Lines start with "- " (only in the first), "+ " (only in the second) or "~ " (changed). */
    public record Report(List<String> lines) {
        public boolean same() {
            return lines.isEmpty();
        }
    }

    private ArchiveDiff() {
    }

    public static Report diff(Path first, Path second) throws IOException {
        try (ArchiveReader a = ArchiveReader.open(first); ArchiveReader b = ArchiveReader.open(second)) {
            List<String> lines = new ArrayList<>();
            if (a.feature() != b.feature()) {
                lines.add("~ JDK feature release " + a.feature() + " -> " + b.feature());
            }
            compare(answers(a), answers(b), "", lines);
            compare(natives(a), natives(b), "native ", lines);
            compare(provenance(a), provenance(b), "provenance ", lines);
            return new Report(lines);
        }
    }

    private static void compare(Map<String, String> a, Map<String, String> b, String label, List<String> lines) {
        Map<String, String> all = new TreeMap<>(a);
        b.forEach(all::putIfAbsent);
        for (String key : all.keySet()) {
            String left = a.get(key);
            String right = b.get(key);
            if (right == null) {
                lines.add("- " + label + key);
            } else if (left == null) {
                lines.add("+ " + label + key);
            } else if (!Objects.equals(left, right)) {
                lines.add("~ " + label + key + ": " + left + " -> " + right);
            }
        }
    }

    /** Each name's answer as text: "absent", or its hits as origin path and content hash. */
    private static Map<String, String> answers(ArchiveReader reader) {
        Map<String, String> answers = new LinkedHashMap<>();
        for (int row = 0; row < reader.nameCount(); row++) {
            int count = reader.nameHitCount(row);
            StringBuilder answer = new StringBuilder(count == 0 ? "absent" : "");
            for (int i = 0; i < count; i++) {
                Records.Hit hit = reader.hit(reader.nameFirstHit(row) + i);
                answer.append(i == 0 ? "" : ", ").append(reader.origin(hit.origin()).path())
                        .append('#').append(Long.toHexString(hit.xxhash64()));
            }
            answers.put(reader.nameAt(row), answer.toString());
        }
        return answers;
    }

    private static Map<String, String> natives(ArchiveReader reader) {
        Map<String, String> natives = new LinkedHashMap<>();
        for (int n = 0; n < reader.nativeCount(); n++) {
            Records.Native lib = reader.nativeAt(n);
            natives.put(lib.originalPath(), Long.toHexString(reader.hit(lib.hit()).xxhash64()));
        }
        return natives;
    }

    /** Provenance that describes the run, not the archive's making, is compared. */
    private static Map<String, String> provenance(ArchiveReader reader) {
        Map<String, String> values = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : reader.provenance()) {
            if (!e.getKey().startsWith("pilot.difference")) {
                values.merge(e.getKey(), e.getValue(), (x, y) -> x + " | " + y);
            }
        }
        return values;
    }
}
