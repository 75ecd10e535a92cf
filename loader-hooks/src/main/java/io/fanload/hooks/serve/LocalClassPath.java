package io.fanload.hooks.serve;

import io.fanload.hooks.archive.ArchiveReader;
import io.fanload.hooks.archive.DirectoryListing;
import io.fanload.hooks.classpath.ClassPath;
import io.fanload.hooks.classpath.FolderCopy;
import io.fanload.hooks.pilotrecord.PilotRecord;

import java.io.File;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The class path as a served rank sees it: the node-local copies of the pilot's class-path
 * elements ({@code <image>/cp/<original path>}), in the pilot's order. Misses are searched there,
 * and {@code java.class.path} names them.
 */
final class LocalClassPath {

    private final ServedImage image;
    private final RankCounters counters;

    LocalClassPath(ServedImage image, RankCounters counters) {
        this.image = image;
        this.counters = counters;
    }

    /**
     * Every origin's copy, in class-path order. A folder copy holds only what the pilot read: what
     * its listing adds comes from the original folder (counted as a shared-file-system load).
     */
    ClassPath classPath() {
        ArchiveReader reader = image.reader();
        List<String> copies = new ArrayList<>(reader.originCount());
        Map<String, FolderCopy> folders = new HashMap<>();
        Runnable onOriginal = new CountSharedLoad(counters);
        for (int o = 0; o < reader.originCount(); o++) {
            String original = image.origin(o).path();
            String copy = image.layout().copyOf(original);
            copies.add(copy);
            DirectoryListing listing = reader.listing(o);
            if (listing != null) {
                folders.put(copy, new FolderCopy(listing, original, onOriginal));
            }
        }
        return ClassPath.ofCopies(copies, folders);
    }

    /**
     * {@code given} (the user's elements, then any agent jars) with each element the pilot resolved
     * replaced by its copy; an element the pilot did not have stays as a copy path that does not
     * exist, as the original did not. The pilot recorded which origin each given element became
     * ({@link PilotRecord#CLASS_PATH_ORIGINS}).
     */
    String javaClassPath(List<String> given) {
        String[] origins = originsOfGiven();
        List<String> visible = new ArrayList<>(given.size());
        for (int i = 0; i < given.size(); i++) {
            int origin = i < origins.length ? parse(origins[i]) : -1;
            if (origin >= 0 && origin < image.reader().originCount()) {
                visible.add(image.layout().copyOf(image.origin(origin).path()));
            } else {
                String element = given.get(i).isEmpty() ? "." : given.get(i);
                visible.add(image.layout().copyOf(new File(element).getAbsolutePath()));
            }
        }
        return String.join(File.pathSeparator, visible);
    }

    private String[] originsOfGiven() {
        String recorded = image.reader().provenance(PilotRecord.CLASS_PATH_ORIGINS);
        return recorded == null || recorded.isEmpty() ? new String[0] : recorded.split(",");
    }

    private static int parse(String number) {
        try {
            return Integer.parseInt(number);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** Not a lambda: see {@code LoadSources} on bootstrap costs at a rank's start. */
    private static final class CountSharedLoad implements Runnable {
        private final RankCounters counters;

        CountSharedLoad(RankCounters counters) {
            this.counters = counters;
        }

        @Override
        public void run() {
            counters.sharedFsLoads.incrementAndGet();
        }
    }
}
