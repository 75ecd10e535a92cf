package io.fanload.hooks.loader;

import io.fanload.hooks.classpath.ClassPath;
import io.fanload.hooks.record.RecordingSource;
import io.fanload.hooks.serve.ServingSource;
import io.fanload.hooks.source.ClassPathSource;
import io.fanload.hooks.source.LoadSource;
import io.fanload.hooks.source.LoaderSettings;
import io.fanload.hooks.source.Mode;
import io.fanload.hooks.source.RankFailure;

import java.util.ArrayList;
import java.util.List;

/**
 * Starts the {@link LoadSource} that {@code fanload.mode} asks for, and the exit hook that ends it.
 *
 * <p>Everything on the start path is written without string concatenation by {@code +} and without
 * lambdas or method references: on JDK 17 their first use bootstraps invokedynamic (StringConcatFactory,
 * LambdaMetafactory), measured at 12 ms of a served Hello's 36 ms in the loader (-Xlog:class+load).
 */
final class LoadSources {

    /** Agent jars the JVM appended before the source started; guarded by the class. */
    private static final List<String> APPENDED = new ArrayList<>();
    private static LoadSource started;

    private LoadSources() {
    }

    /**
     * The system loader's start: settings from system properties, an exit hook, java.class.path.
     * {@code startClassPath} is {@code java.class.path} as the JVM set it, before this replaces it.
     */
    static LoadSource startSystem(String startClassPath) {
        LoaderSettings settings;
        try {
            settings = LoaderSettings.fromSystem();
        } catch (IllegalArgumentException e) {
            throw RankFailure.fail("fanload: " + e.getMessage());
        }
        List<String> appended;
        synchronized (LoadSources.class) {
            appended = List.copyOf(APPENDED);
        }
        LoadSource source = start(settings, appended, startClassPath);
        // Applications read java.class.path to find their own files; under java -cp it is the
        // application's class path, not loader-hooks' jar.
        List<String> elements = new ArrayList<>(settings.classPathElements());
        elements.addAll(appended);
        // Served, each element is its node-local copy: applications open what they find there.
        System.setProperty("java.class.path", source instanceof ServingSource
                ? ((ServingSource) source).javaClassPath(elements) : String.join(java.io.File.pathSeparator, elements));
        Runtime.getRuntime().addShutdownHook(new ExitHook(source));
        synchronized (LoadSources.class) {
            started = source;
        }
        return source;
    }

    /**
     * The source for {@code settings}, over its class path followed by {@code appended} jars;
     * {@code startClassPath} as {@link #startSystem} takes it, null for a loader not the system one.
     */
    static LoadSource start(LoaderSettings settings, List<String> appended, String startClassPath) {
        List<String> elements = new ArrayList<>(settings.classPathElements());
        elements.addAll(appended);
        // not a switch on the enum: that compiles to a synthetic class whose initialiser calls
        // Mode.values() and catches NoSuchFieldError — two more classes to load on every rank's start
        if (settings.mode() == Mode.RECORD) {
            return RecordingSource.start(settings, ClassPath.of(elements), startClassPath);
        }
        if (settings.mode() == Mode.SERVE) {
            return ServingSource.start(settings, elements);
        }
        return new ClassPathSource(ClassPath.of(elements), ClassPathSource.Listener.NONE, settings.libraryPath());
    }

    /** The exit hook; a class rather than a method reference, which would cost a lambda bootstrap at start. */
    private static final class ExitHook extends Thread {
        private final LoadSource source;

        ExitHook(LoadSource source) {
            super("fanload-exit");
            this.source = source;
        }

        @Override
        public void run() {
            source.atExit();
        }
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
