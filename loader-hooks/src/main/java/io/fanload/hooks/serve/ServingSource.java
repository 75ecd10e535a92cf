package io.fanload.hooks.serve;

import io.fanload.hooks.archive.ArchiveException;
import io.fanload.hooks.archive.ArchiveReader;
import io.fanload.hooks.classpath.ClassPath;
import io.fanload.hooks.classpath.ClassPathElement;
import io.fanload.hooks.classpath.ClassPathEntry;
import io.fanload.hooks.image.NodeImageLayout;
import io.fanload.hooks.loader.ClassDefinition;
import io.fanload.hooks.loader.ClassPathSource;
import io.fanload.hooks.loader.LoadSource;
import io.fanload.hooks.loader.LoaderSettings;
import io.fanload.hooks.loader.RankFailure;
import io.fanload.hooks.natives.LibrarySearch;
import io.fanload.hooks.natives.ServedLibraries;
import io.fanload.hooks.record.PilotRecord;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Serve mode. A name the archive holds is answered from the image; a name the pilot probed in vain
 * (a negative entry) is answered "absent" without touching any file system; a name the pilot never
 * asked for is a miss: loaded from the real class path and counted, or — with {@code fanload.strict}
 * — the rank stops with one line. If the image cannot be used at all, the rank says so in one
 * line and loads everything from the class path (each load a counted miss), unless strict.
 */
public final class ServingSource implements LoadSource {

    private static volatile ServingSource current;

    private final LoaderSettings settings;
    private final List<String> classPathElements;
    private final ServedImage image;
    private final ServedLibraries libraries;
    private final RankCounters counters = new RankCounters();
    /** The real class path, opened on the first miss only. */
    private volatile ClassPathSource fallback;

    private ServingSource(LoaderSettings settings, List<String> classPathElements, ServedImage image) {
        this.settings = settings;
        this.classPathElements = new ArrayList<>(classPathElements);
        this.image = image;
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
        current = source;
        return source;
    }

    /** The serving source of this JVM, for {@code fanload:} URL connections; null when not serving. */
    static ServingSource current() {
        return current;
    }

    @Override
    public ClassDefinition findClass(String path) throws IOException {
        int row = image == null ? -1 : image.reader().findName(path);
        if (row < 0) {
            miss(path);
            return fallback().findClass(path);
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

    /** The stream of {@link #findResource}'s URL, as {@code ClassLoader.getResourceAsStream} opens it. */
    @Override
    public InputStream findResourceAsStream(String name) throws IOException {
        URL url = findResource(name);
        return url == null ? null : url.openStream();
    }

    @Override
    public URL findResource(String name) throws IOException {
        int row = image == null ? -1 : image.reader().findName(name);
        if (row < 0) {
            miss(name);
            return fallback().findResource(name);
        }
        ArchiveReader reader = image.reader();
        if (reader.nameHitCount(row) == 0) {
            return null;
        }
        counters.resources.incrementAndGet();
        return FanloadUrls.of(reader.hitOrigin(reader.nameFirstHit(row)), name);
    }

    @Override
    public List<URL> findResources(String name) throws IOException {
        int row = image == null ? -1 : image.reader().findName(name);
        if (row < 0) {
            miss(name);
            return fallback().findResources(name);
        }
        ArchiveReader reader = image.reader();
        int first = reader.nameFirstHit(row);
        int count = reader.nameHitCount(row);
        List<URL> urls = new ArrayList<>(count);
        for (int hit = first; hit < first + count; hit++) {
            urls.add(FanloadUrls.of(reader.hitOrigin(hit), name));
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
        return LibrarySearch.find(name, settings.libraryPath());
    }

    /** Opens what a {@code fanload:} URL names: from the image, or for a name it lacks, from the class path (a miss). */
    ServedContent open(FanloadUrls.Target target, URL url) throws IOException {
        int hit = image == null ? -1 : image.hitIn(target.name(), target.origin());
        if (hit >= 0) {
            try {
                ByteBuffer bytes = image.content(hit);
                counters.bytes.addAndGet(bytes.remaining());
                return new ServedContent(bytes, image.lastModified(hit));
            } catch (IOException e) {
                unusable(target.name(), e);
            }
        } else {
            miss(target.name());
        }
        ClassPathEntry entry = originalEntry(target);
        if (entry == null) {
            throw new FileNotFoundException(url.toString());
        }
        return new ServedContent(ByteBuffer.wrap(entry.readAllBytes()), entry.lastModified());
    }

    private ClassPathEntry originalEntry(FanloadUrls.Target target) throws IOException {
        if (image == null || target.origin() >= image.reader().originCount()) {
            return null;
        }
        ClassPathElement element = fallback().classPath().elementAt(image.origin(target.origin()).path());
        return element == null ? null : element.find(target.name());
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
                    fallback = new ClassPathSource(ClassPath.of(classPathElements), ClassPathSource.Listener.NONE,
                            settings.libraryPath());
                }
                source = fallback;
            }
        }
        return source;
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
        try {
            counters.write(settings.counters(), settings.rank());
        } catch (IOException | RuntimeException e) {
            System.err.println("fanload: rank " + settings.rank() + ": cannot write counters to "
                    + settings.counters() + ": " + e.getMessage());
        }
    }

    @Override
    public String toString() {
        return "serve mode, rank " + settings.rank() + ", image " + settings.image();
    }
}
