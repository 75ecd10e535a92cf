package io.fanload.hooks.pilot;

import io.fanload.hooks.classpath.ClassPath;
import io.fanload.hooks.classpath.ClassPathElement;
import io.fanload.hooks.loader.ClassDefinition;
import io.fanload.hooks.loader.ClassPathSource;
import io.fanload.hooks.loader.LoadSource;
import io.fanload.hooks.loader.LoaderSettings;
import io.fanload.hooks.natives.MappedLibraries;
import io.fanload.hooks.record.PilotRecord;
import io.fanload.hooks.record.RecordEvent;
import io.fanload.hooks.record.RecordWriter;
import io.fanload.hooks.serve.FanloadUrls;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Record mode: loads exactly as {@code java -cp} would, through {@link ClassPathSource}, and writes
 * {@code rank-<N>.record} into the pilot directory when the JVM exits.
 */
public final class RecordingSource implements LoadSource {

    private final LoaderSettings settings;
    private final ClassPath classPath;
    private final PilotRecorder recorder = new PilotRecorder();
    private final ClassPathSource loads;
    /** Before any application code ran: what is written after this was extracted by the application. */
    private final long startedMillis = System.currentTimeMillis();

    private RecordingSource(LoaderSettings settings, ClassPath classPath) {
        this.settings = settings;
        this.classPath = classPath;
        this.loads = new ClassPathSource(classPath, recorder, settings.libraryPath());
    }

    public static RecordingSource start(LoaderSettings settings, ClassPath classPath) {
        return new RecordingSource(settings, classPath);
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
            // what a served rank's JDK asks when it meets the fanload: scheme; looked up at the end,
            // not at start, where it would open every jar before the application needs any
            loads.findResources(FanloadUrls.HANDLER_SERVICE);
        } catch (IOException e) {
            // unreadable class path: the application met the same error
        }
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
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put(PilotRecord.FEATURE, Integer.toString(Runtime.version().feature()));
        properties.put(PilotRecord.VENDOR, System.getProperty("java.vendor", ""));
        properties.put(PilotRecord.JDK_VERSION, System.getProperty("java.version", ""));
        properties.put(PilotRecord.OS_NAME, System.getProperty("os.name", ""));
        properties.put(PilotRecord.OS_ARCH, System.getProperty("os.arch", ""));
        properties.put(PilotRecord.COMMAND, settings.command());
        properties.put(PilotRecord.CLASS_PATH, settings.classPath());
        properties.put(PilotRecord.LIBRARY_PATH, settings.libraryPath());
        List<RecordEvent> events = recorder.events();
        return new PilotRecord(settings.rank(), settings.node(), properties, elements, events);
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
