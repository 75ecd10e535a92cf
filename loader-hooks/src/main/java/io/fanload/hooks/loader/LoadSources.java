package io.fanload.hooks.loader;

import io.fanload.hooks.classpath.ClassPath;
import io.fanload.hooks.pilot.RecordingSource;
import io.fanload.hooks.serve.ServingSource;

import java.util.ArrayList;
import java.util.List;

/** Starts the {@link LoadSource} that {@code fanload.mode} asks for, and the exit hook that ends it. */
final class LoadSources {

    /** Agent jars the JVM appended before the source started; guarded by the class. */
    private static final List<String> APPENDED = new ArrayList<>();
    private static LoadSource started;

    private LoadSources() {
    }

    static LoadSource start(FanloadClassLoader loader, ParentView view) {
        LoaderSettings settings;
        try {
            settings = LoaderSettings.fromSystem();
        } catch (IllegalArgumentException e) {
            throw RankFailure.fail("fanload: " + e.getMessage());
        }
        List<String> elements = new ArrayList<>(settings.classPathElements());
        synchronized (LoadSources.class) {
            elements.addAll(APPENDED);
        }
        LoadSource source;
        switch (settings.mode()) {
            case RECORD:
                source = RecordingSource.start(settings, ClassPath.of(elements));
                break;
            case SERVE:
                source = ServingSource.start(settings, elements);
                break;
            default:
                source = new ClassPathSource(ClassPath.of(elements), ClassPathSource.Listener.NONE);
                break;
        }
        // Applications read java.class.path to find their own files; under java -cp it is the
        // application's class path, not loader-hooks' jar.
        System.setProperty("java.class.path", String.join(java.io.File.pathSeparator, elements));
        Thread hook = new Thread(source::atExit, "fanload-exit");
        Runtime.getRuntime().addShutdownHook(hook);
        synchronized (LoadSources.class) {
            started = source;
        }
        return source;
    }

    static void appendForInstrumentation(String path) {
        LoadSource source;
        synchronized (LoadSources.class) {
            source = started;
            if (source == null) {
                APPENDED.add(path);
                return;
            }
        }
        source.appendToClassPath(path);
    }
}
