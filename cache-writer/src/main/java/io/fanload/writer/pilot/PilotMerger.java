package io.fanload.writer.pilot;

import io.fanload.hooks.archive.ArchiveFormat;
import io.fanload.hooks.pilotrecord.PilotRecord;
import io.fanload.hooks.pilotrecord.RecordEvent;

import java.io.IOException;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Merges rank records into a {@link MergedPilot}.
 *
 * <p>Global first-use order: a name's key is the smallest (position in a rank's record) over the
 * ranks that used it, ties broken by rank; the archive lays entries out in that order so every rank
 * reads the image front to back at start-up.
 */
public final class PilotMerger {

    /** How many example names the difference report shows per line. */
    private static final int EXAMPLES = 5;

    private PilotMerger() {
    }

    public static MergedPilot merge(List<PilotRecord> records) throws IOException {
        if (records.isEmpty()) {
            throw new IOException("no pilot records to merge");
        }
        int feature = records.get(0).feature();
        for (PilotRecord record : records) {
            if (record.feature() != feature || feature < 0) {
                throw new IOException("pilot ranks ran different or unknown JDK feature releases (rank "
                        + records.get(0).rank() + ": " + records.get(0).properties().get(PilotRecord.FEATURE) + ", rank "
                        + record.rank() + ": " + record.properties().get(PilotRecord.FEATURE) + ")");
            }
        }
        List<String> origins = new ArrayList<>();
        Map<String, Integer> originIndex = new HashMap<>();
        Map<String, MergedName> names = new HashMap<>();
        Map<String, MergedNative> natives = new HashMap<>();
        SortedSet<String> openArchives = new TreeSet<>();
        List<String> differences = new ArrayList<>();
        LinkedHashSet<String> nodes = new LinkedHashSet<>();
        List<Integer> rankNumbers = new ArrayList<>();

        for (int slot = 0; slot < records.size(); slot++) {
            PilotRecord record = records.get(slot);
            rankNumbers.add(record.rank());
            nodes.add(record.node());
            int[] originMap = new int[record.classPath().size()];
            for (int i = 0; i < originMap.length; i++) {
                String path = record.classPath().get(i);
                Integer index = originIndex.get(path);
                if (index == null) {
                    if (slot > 0) {
                        differences.add("rank " + record.rank() + " has class-path element " + path + " that rank "
                                + records.get(0).rank() + " lacks");
                    }
                    index = origins.size();
                    origins.add(path);
                    originIndex.put(path, index);
                }
                originMap[i] = index;
            }
            List<RecordEvent> events = record.events();
            for (int position = 0; position < events.size(); position++) {
                long useKey = (long) position * records.size() + slot;
                RecordEvent event = events.get(position);
                if (event instanceof RecordEvent.Found found) {
                    MergedName name = names.computeIfAbsent(found.name(), MergedName::new);
                    name.seen(slot, useKey);
                    MergedName.Expected conflict = name.addFound(originMap[found.origin()],
                            new MergedName.Expected(found.kind(), found.crc32c(), found.size()));
                    if (conflict != null) {
                        throw new IOException("pilot ranks got different content for " + found.name() + " from "
                                + origins.get(originMap[found.origin()]) + " (rank " + record.rank()
                                + "): the file changed during the pilot; run the pilot again");
                    }
                } else if (event instanceof RecordEvent.Absent absent) {
                    MergedName name = names.computeIfAbsent(absent.name(), MergedName::new);
                    name.seen(slot, useKey);
                    name.markAbsent();
                } else if (event instanceof RecordEvent.LibraryByName library) {
                    MergedNative lib = natives.computeIfAbsent(library.path(), MergedNative::new);
                    lib.seen(slot, useKey, ArchiveFormat.NATIVE_BY_NAME);
                    lib.loadNames().add(library.name());
                } else if (event instanceof RecordEvent.LibraryByPath library) {
                    natives.computeIfAbsent(library.path(), MergedNative::new)
                            .seen(slot, useKey, ArchiveFormat.NATIVE_BY_PATH);
                } else if (event instanceof RecordEvent.MappedLibrary library) {
                    natives.computeIfAbsent(library.path(), MergedNative::new)
                            .seen(slot, useKey, ArchiveFormat.NATIVE_MAPPED);
                } else if (event instanceof RecordEvent.OpenArchive archive) {
                    openArchives.add(archive.path());
                }
            }
        }
        List<MergedName> orderedNames = new ArrayList<>(names.values());
        orderedNames.sort(Comparator.comparingLong(MergedName::firstUse).thenComparing(MergedName::name));
        List<MergedNative> orderedNatives = new ArrayList<>(natives.values());
        orderedNatives.sort(Comparator.comparingLong(MergedNative::firstUse).thenComparing(MergedNative::path));
        differences.addAll(describeDifferences(records, orderedNames, orderedNatives));

        Map<String, String> provenance = new LinkedHashMap<>(records.get(0).properties());
        provenance.put("pilot.ranks", Integer.toString(records.size()));
        provenance.put("pilot.nodes", Integer.toString(nodes.size()));
        return new MergedPilot(feature, rankNumbers, List.copyOf(nodes), origins, orderedNames, orderedNatives,
                provenance, differences, List.copyOf(openArchives));
    }

    /** Lines saying which names not every rank used: the input DLFM assumed away. */
    private static List<String> describeDifferences(List<PilotRecord> records, List<MergedName> names,
                                                    List<MergedNative> natives) {
        int ranks = records.size();
        List<String> lines = new ArrayList<>();
        List<MergedName> partial = names.stream().filter(n -> n.ranks().cardinality() < ranks).collect(Collectors.toList());
        List<MergedName> inconsistent = names.stream()
                .filter(n -> n.absentSeen() && !n.found().isEmpty()).collect(Collectors.toList());
        List<MergedNative> partialNatives = natives.stream()
                .filter(n -> n.ranks().cardinality() < ranks).collect(Collectors.toList());
        lines.add(names.size() - partial.size() + " of " + names.size() + " names were used by all " + ranks + " ranks");
        if (!partial.isEmpty()) {
            lines.add(partial.size() + " names used by only some ranks, e.g. " + examples(partial, records));
        }
        if (!inconsistent.isEmpty()) {
            lines.add(inconsistent.size() + " names found by some ranks and absent for others, e.g. "
                    + examples(inconsistent, records));
        }
        if (!partialNatives.isEmpty()) {
            lines.add(partialNatives.size() + " shared objects loaded by only some ranks, e.g. "
                    + partialNatives.stream().limit(EXAMPLES).map(MergedNative::path).collect(Collectors.joining(", ")));
        }
        for (PilotRecord record : records) {
            lines.add("rank " + record.rank() + " on " + record.node() + ": " + record.events().size() + " events");
        }
        return lines;
    }

    private static String examples(List<MergedName> names, List<PilotRecord> records) {
        return names.stream().limit(EXAMPLES)
                .map(n -> n.name() + " (ranks " + rankList(n.ranks(), records) + ")")
                .collect(Collectors.joining(", "));
    }

    private static String rankList(BitSet slots, List<PilotRecord> records) {
        return slots.stream().limit(8).mapToObj(s -> Integer.toString(records.get(s).rank()))
                .collect(Collectors.joining(",")) + (slots.cardinality() > 8 ? ",..." : "");
    }
}
