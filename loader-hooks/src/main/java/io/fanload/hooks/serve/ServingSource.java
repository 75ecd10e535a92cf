package io.fanload.hooks.serve;

import io.fanload.hooks.archive.ArchiveException;
import io.fanload.hooks.archive.ArchiveReader;
import io.fanload.hooks.archive.EntryKind;
import io.fanload.hooks.classpath.ClassPath;
import io.fanload.hooks.classpath.ClassPathEntry;
import io.fanload.hooks.image.NodeImageLayout;
import io.fanload.hooks.natives.LibrarySearch;
import io.fanload.hooks.natives.MappedLibraries;
import io.fanload.hooks.natives.ServedLibraries;
import io.fanload.hooks.pilotrecord.PilotRecord;
import io.fanload.hooks.source.ClassDefinition;
import io.fanload.hooks.source.ClassPathSource;
import io.fanload.hooks.source.LoadSource;
import io.fanload.hooks.source.LoaderSettings;
import io.fanload.hooks.source.RankFailure;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Serve mode. A name the archive holds is answered from the image, with URLs and code sources
 * that name the node-local class-path copies; a name the pilot probed in vain (a negative entry) is
 * answered "absent" without touching any file system; a name the pilot never asked for is a miss:
 * loaded from the node-local copies and counted, or — with {@code fanload.strict} — the rank stops
 * with one line. Only a name a class-path folder's listing has but the pilot never read goes to
 * the shared file system (counted as a shared-file-system load). If the image cannot be used at
 * all, the rank says so in one line and loads everything from the original class path (each load
 * a counted miss and shared-file-system load), unless strict.
 */
public final class ServingSource implements LoadSource {

    private final LoaderSettings settings;
    private final List<String> classPathElements;
    private final ServedImage image;
    private final ServedLibraries libraries;
    private final LocalClassPath copies;
    private final RankCounters counters = new RankCounters();
    /** Libraries found on the application's own library path after a miss, counted then. */
    private final java.util.Set<String> countedLibraries = java.util.concurrent.ConcurrentHashMap.newKeySet();
    /** The node-local copies of the class path (the original one without an image), opened on the first miss only. */
    private volatile ClassPathSource fallback;

    private ServingSource(LoaderSettings settings, List<String> classPathElements, ServedImage image) {
        this.settings = settings;
        this.classPathElements = new ArrayList<>(classPathElements);
        this.image = image;
        this.copies = image == null ? null : new LocalClassPath(image, counters);
        this.libraries = image == null ? null : new ServedLibraries(image.reader(), image.layout().libraries());
    }

    public static ServingSource start(LoaderSettings settings, List<String> classPathElements) {
        ServedImage image = null;
        String failure = null;
        try {
            image = ServedImage.open(new NodeImageLayout(settings.image()));
            String recorded = image.reader().provenance(PilotRecord.CLASS_PATH);
            if (recorded != null && !recorded.equals(settings.classPath())) {
                // names resolve against the pilot's class path: under another one the archive
                // could serve a class from an element this rank does not have
                failure = settings.image() + ": the archive was made for class path " + recorded
                        + ", this rank's is " + settings.classPath();
                image = null;
            }
        } catch (ArchiveException e) {
            failure = e.getMessage();
        }
        if (failure != null && settings.strict()) {
            throw RankFailure.fail("fanload: rank " + settings.rank() + ": cannot serve: " + failure);
        }
        ServingSource source = new ServingSource(settings, classPathElements, image);
        if (failure != null) {
            System.err.println("fanload: rank " + settings.rank() + ": cannot serve (" + failure
                    + "); loading from the class path");
            source.counters.fallback(failure);
        }
        return source;
    }

    @Override
    public ClassDefinition findClass(String path) throws IOException {
        int row = image == null ? -1 : image.reader().findName(path);
        if (row < 0) {
            miss(path);
            return foundOrAbsent(fallback().findClass(path));
        }
        ArchiveReader reader = image.reader();
        if (reader.nameHitCount(row) == 0) {
            return null;
        }
        int hit = reader.nameFirstHit(row);
        int origin = reader.hitOrigin(hit);
        ClassDefinition definition;
        try {
            ByteBuffer bytes = image.content(hit);
            definition = new ClassDefinition(bytes, image.codeSource(origin, reader.hitSignerSet(hit)),
                    image.manifest(origin), image.location(origin));
        } catch (IOException e) {
            unusable(path, e);
            return fallback().findClass(path);
        }
        counters.classes.incrementAndGet();
        counters.bytes.addAndGet(definition.bytes().remaining());
        return definition;
    }

    /**
     * An entry that failed its check (CRC32C, signers, manifest): never run those bytes. One line,
     * then the name loads from the class path as a counted miss — or, strict, the rank stops.
     */
    private void unusable(String name, IOException e) {
        if (settings.strict()) {
            writeCounters();
            throw RankFailure.fail("fanload: rank " + settings.rank() + ": strict: " + e.getMessage());
        }
        System.err.println("fanload: rank " + settings.rank() + ": " + e.getMessage() + "; loading " + name
                + " from the class path");
        counters.miss(name);
    }

    /**
     * The first hit's bytes straight from the mapped image (what its URL's stream would read from the
     * copy, without opening the jar); a folder keeps its URL's stream, which lists the folder.
     */
    @Override
    public InputStream findResourceAsStream(String name) throws IOException {
        int row = image == null ? -1 : image.reader().findName(name);
        if (row < 0) {
            miss(name);
            return foundOrAbsent(fallback().findResourceAsStream(name));
        }
        ArchiveReader reader = image.reader();
        if (reader.nameHitCount(row) == 0) {
            return null;
        }
        int hit = reader.nameFirstHit(row);
        counters.resources.incrementAndGet();
        if (reader.hitKind(hit) != EntryKind.DIRECTORY) {
            try {
                ByteBuffer bytes = image.content(hit);
                counters.bytes.addAndGet(bytes.remaining());
                return new ByteBufferInputStream(bytes);
            } catch (IOException e) {
                unusable(name, e);
            }
        }
        return image.resourceUrl(reader.hitOrigin(hit), name).openStream();
    }

    @Override
    public URL findResource(String name) throws IOException {
        int row = image == null ? -1 : image.reader().findName(name);
        if (row < 0) {
            miss(name);
            return foundOrAbsent(fallback().findResource(name));
        }
        ArchiveReader reader = image.reader();
        if (reader.nameHitCount(row) == 0) {
            return null;
        }
        counters.resources.incrementAndGet();
        return image.resourceUrl(reader.hitOrigin(reader.nameFirstHit(row)), name);
    }

    @Override
    public List<URL> findResources(String name) throws IOException {
        int row = image == null ? -1 : image.reader().findName(name);
        if (row < 0) {
            miss(name);
            List<URL> found = fallback().findResources(name);
            foundOrAbsent(found.isEmpty() ? null : found);
            return found;
        }
        ArchiveReader reader = image.reader();
        int first = reader.nameFirstHit(row);
        int count = reader.nameHitCount(row);
        List<URL> urls = new ArrayList<>(count);
        for (int hit = first; hit < first + count; hit++) {
            urls.add(image.resourceUrl(reader.hitOrigin(hit), name));
        }
        if (count > 0) {
            counters.resources.incrementAndGet();
        }
        return urls;
    }

    @Override
    public String findLibrary(String name) {
        if (LibrarySearch.isJdkLibrary(name)) {
            return null;
        }
        String served = libraries == null ? null : libraries.find(name);
        if (served != null) {
            counters.natives.incrementAndGet();
            return served;
        }
        if (image != null) {
            int row = image.reader().findName(LibrarySearch.absentName(name));
            if (row >= 0 && image.reader().nameHitCount(row) == 0) {
                return null; // the pilot's loadLibrary found nothing either: no search
            }
        }
        miss(System.mapLibraryName(name));
        counters.sharedFsLoads.incrementAndGet();
        String found = LibrarySearch.find(name, settings.libraryPath());
        if (found != null) {
            countedLibraries.add(found); // counted here, not again from the maps at exit
        }
        return found;
    }

    /** After a miss: counts it as found nowhere when it was (a probe, answered on the node). */
    private <T> T foundOrAbsent(T found) {
        if (found == null) {
            counters.missesAbsent.incrementAndGet();
        }
        return found;
    }

    private void miss(String name) {
        if (settings.strict()) {
            writeCounters();
            throw RankFailure.fail("fanload: rank " + settings.rank() + ": strict: '" + name
                    + "' is not in the archive " + settings.image() + " (the pilot never loaded it)");
        }
        counters.miss(name);
    }

    private ClassPathSource fallback() {
        ClassPathSource source = fallback;
        if (source == null) {
            synchronized (this) {
                if (fallback == null) {
                    ClassPath classPath = image == null ? ClassPath.of(classPathElements) : copies.classPath();
                    fallback = new ClassPathSource(classPath, image == null ? sharedLoads() : ClassPathSource.Listener.NONE,
                            settings.libraryPath());
                }
                source = fallback;
            }
        }
        return source;
    }

    /** A listener that counts every load found on the original class path (the whole rank fell back). */
    private ClassPathSource.Listener sharedLoads() {
        return new ClassPathSource.Quiet() {
            @Override
            public void found(ClassPathEntry entry, byte[] bytes) {
                counters.sharedFsLoads.incrementAndGet();
            }
        };
    }

    /**
     * What {@code java.class.path} says in this rank: each element the user gave, as its node-local
     * copy; the given elements when there is no image (the rank loads from them).
     */
    public String javaClassPath(List<String> given) {
        return copies == null ? String.join(java.io.File.pathSeparator, given) : copies.javaClassPath(given);
    }

    @Override
    public void appendToClassPath(String path) {
        synchronized (this) {
            classPathElements.add(path);
            if (fallback != null) {
                fallback.appendToClassPath(path);
            }
        }
    }

    @Override
    public void atExit() {
        writeCounters();
        if (settings.counters() == null && counters.misses.get() > 0) {
            System.err.println("fanload: rank " + settings.rank() + ": " + counters.misses.get()
                    + " loads were not in the archive and came from the class path (first: "
                    + counters.missedNames().get(0) + ")");
        }
    }

    private void writeCounters() {
        if (settings.counters() == null) {
            return;
        }
        // The node's runtime copy lives under the image folder, like the class-path copies.
        String javaHome = System.getProperty("java.home", "");
        counters.runtimeRanks = javaHome.startsWith(settings.image().toString() + "/") ? 1 : 0;
        countLibrariesFromElsewhere();
        try {
            counters.write(settings.counters(), settings.rank());
        } catch (IOException | RuntimeException e) {
            System.err.println("fanload: rank " + settings.rank() + ": cannot write counters to "
                    + settings.counters() + ": " + e.getMessage());
        }
    }

    /**
     * A library that {@code System.load(path)} mapped from outside the node folder, the JDK and the
     * system's folders (Truffle's copy in the home folder's cache, say) passed no class loader: read
     * from the process's maps at exit, as a pilot rank records libraries, and counted as a miss and a
     * shared-file-system load, as a rank on the trained JVM cache counts it from the JVM's log.
     */
    private void countLibrariesFromElsewhere() {
        try {
            for (String path : MappedLibraries.ofThisProcessOutside(List.of(settings.image()))) {
                if (countedLibraries.contains(path)) {
                    continue;
                }
                counters.miss(path);
                counters.sharedFsLoads.incrementAndGet();
            }
        } catch (IOException | RuntimeException e) {
            // no maps (not Linux): such libraries stay uncounted
        }
    }

    @Override
    public String toString() {
        return "serve mode, rank " + settings.rank() + ", image " + settings.image();
    }
}
