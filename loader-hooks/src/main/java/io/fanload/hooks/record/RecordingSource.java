package io.fanload.hooks.record;

import io.fanload.hooks.classpath.ClassPath;
import io.fanload.hooks.classpath.ClassPathElement;
import io.fanload.hooks.natives.MappedLibraries;
import io.fanload.hooks.pilotrecord.PilotRecord;
import io.fanload.hooks.pilotrecord.RecordEvent;
import io.fanload.hooks.pilotrecord.RecordWriter;
import io.fanload.hooks.source.ClassDefinition;
import io.fanload.hooks.source.ClassPathSource;
import io.fanload.hooks.source.LoadSource;
import io.fanload.hooks.source.LoaderSettings;
import io.fanload.hooks.source.OwnClasses;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Record mode: loads exactly as {@code java -cp} would, through {@link ClassPathSource}, and writes
 * {@code rank-<N>.record} into the pilot directory when the JVM exits.
 */
public final class RecordingSource implements LoadSource {

    private final LoaderSettings settings;
    private final ClassPath classPath;
    private final PilotRecorder recorder = new PilotRecorder();
    private final ClassPathSource loads;
    /** The JVM's own class path, for {@link OwnClasses#location}; null for a loader not the system one. */
    private final String startClassPath;
    /** Before any application code ran: what is written after this was extracted by the application. */
    private final long startedMillis = System.currentTimeMillis();

    private RecordingSource(LoaderSettings settings, ClassPath classPath, String startClassPath) {
        this.settings = settings;
        this.classPath = classPath;
        this.startClassPath = startClassPath;
        this.loads = new ClassPathSource(classPath, recorder, settings.libraryPath());
    }

    /**
     * {@code startClassPath} is {@code java.class.path} as the JVM set it from {@code -cp}, or null
     * for a loader that is not the system loader (see {@link OwnClasses#location}).
     */
    public static RecordingSource start(LoaderSettings settings, ClassPath classPath, String startClassPath) {
        return new RecordingSource(settings, classPath, startClassPath);
    }

    @Override
    public ClassDefinition findClass(String path) throws IOException {
        return loads.findClass(path);
    }

    @Override
    public URL findResource(String name) throws IOException {
        return loads.findResource(name);
    }

    @Override
    public InputStream findResourceAsStream(String name) throws IOException {
        return loads.findResourceAsStream(name);
    }

    @Override
    public List<URL> findResources(String name) throws IOException {
        return loads.findResources(name);
    }

    @Override
    public String findLibrary(String name) {
        return loads.findLibrary(name);
    }

    @Override
    public void appendToClassPath(String path) {
        loads.appendToClassPath(path);
    }

    /** The record as it stands, with the libraries mapped now. */
    PilotRecord snapshot() {
        try {
            for (String mapped : MappedLibraries.ofThisProcess(startedMillis)) {
                recorder.mapped(mapped);
            }
        } catch (IOException e) {
            // no /proc (not Linux): System.load and DT_NEEDED libraries go unrecorded
        }
        List<String> elements = new ArrayList<>();
        for (ClassPathElement element : classPath.elements()) {
            elements.add(element.path());
        }
        try {
            for (String archive : OpenArchives.ofThisProcess(notTheApplications(elements, startClassPath))) {
                recorder.openArchive(archive);
            }
        } catch (IOException e) {
            // no /proc (not Linux): jars the application opens itself go unrecorded (linked, not carried)
        }
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put(PilotRecord.FEATURE, Integer.toString(Runtime.version().feature()));
        properties.put(PilotRecord.VENDOR, System.getProperty("java.vendor", ""));
        properties.put(PilotRecord.JDK_VERSION, System.getProperty("java.version", ""));
        properties.put(PilotRecord.OS_NAME, System.getProperty("os.name", ""));
        properties.put(PilotRecord.OS_ARCH, System.getProperty("os.arch", ""));
        properties.put(PilotRecord.COMMAND, settings.command());
        properties.put(PilotRecord.CLASS_PATH, settings.classPath());
        properties.put(PilotRecord.LIBRARY_PATH, settings.libraryPath());
        properties.put(PilotRecord.CLASS_PATH_ORIGINS, originsOfGiven(elements));
        List<RecordEvent> events = recorder.events();
        return new PilotRecord(settings.rank(), settings.node(), properties, elements, events);
    }

    /**
     * The open jars that are not the application's own doing: the class path, and fanload's
     * loader-hooks jar, which the JVM holds open (boot class path and -cp). That one was recorded
     * whenever it lay near a class-path element (a class folder two levels below the install:
     * /tmp/classes and /tmp/fanload), so the archive carried it and every rebuild or upgrade of
     * fanload made the archive stale: every rank then loaded the normal way.
     */
    private static Set<String> notTheApplications(List<String> elements, String startClassPath) {
        Set<String> excluded = new HashSet<>(elements);
        // file:/.../loader-hooks-V.jar (a folder/ when run from the build's classes, which is no open jar)
        String own = OwnClasses.location(startClassPath);
        if (own != null && !own.endsWith("/")) {
            try {
                Path jar = Path.of(new URI(own));
                excluded.add(jar.toString());
                excluded.add(jar.toRealPath().toString()); // /proc/self/fd names the real path
            } catch (URISyntaxException | IOException | RuntimeException e) {
                // not a local file: nothing of it is open
            }
        }
        return excluded;
    }

    /**
     * Which origin each element the user gave became (-1: it did not exist), so that a served rank
     * can name the copy of each in {@code java.class.path} without asking the shared file system.
     */
    private String originsOfGiven(List<String> origins) {
        StringBuilder out = new StringBuilder();
        for (String given : settings.classPathElements()) {
            int origin;
            try {
                origin = origins.indexOf(new File(given.isEmpty() ? "." : given).toPath().toRealPath().toString());
            } catch (IOException | InvalidPathException e) {
                origin = -1;
            }
            out.append(out.length() == 0 ? "" : ",").append(origin);
        }
        return out.toString();
    }

    @Override
    public void atExit() {
        try {
            RecordWriter.writeInto(settings.pilotDir(), snapshot());
        } catch (IOException | RuntimeException e) {
            System.err.println("fanload: rank " + settings.rank() + ": cannot write the pilot record into "
                    + settings.pilotDir() + ": " + e.getMessage());
        }
        // the class path stays open: other exit hooks may still load classes
    }

    @Override
    public String toString() {
        return "record mode, rank " + settings.rank();
    }
}
