package io.fanload.hooks.loader;

import io.fanload.hooks.source.ClassDefinition;
import io.fanload.hooks.source.LoadSource;
import io.fanload.hooks.source.LoaderSettings;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.security.SecureClassLoader;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Objects;

/**
 * fanload's system class loader. Start a rank as
 * {@code java -Djava.system.class.loader=io.fanload.hooks.loader.FanloadClassLoader
 * -Dfanload.mode=... -Dfanload.classpath=APP_CP -Xbootclasspath/a:loader-hooks.jar -cp loader-hooks.jar MAIN ARGS}
 * ({@code RankJvmOptions} says why the boot class path too: the JVM finds this class through the
 * application loader, which then finds it, and everything it loads before main, on the boot class path).
 *
 * <p>The constructor only notes {@code java.class.path}: the JVM builds this loader while {@code getSystemClassLoader()}
 * is still running, and anything that asks for the system loader then (building an index touches
 * ZipEntry times -> ZoneRulesProvider -> ServiceLoader) kills the VM (measured, LOADER-NOTES).
 * The source is chosen on the first lookup instead, and a lookup that comes back into this loader
 * while that start is running on the same thread (JDK service lookups do) is answered by the
 * parent alone — without that guard getResources returned each hit three times.
 */
public final class FanloadClassLoader extends SecureClassLoader {

    static {
        registerAsParallelCapable();
    }

    private final Object startLock = new Object();
    private volatile LoadSource source;
    /** The thread running {@link LoadSources#start}; guarded by {@link #startLock}. */
    private Thread starting;
    private volatile ParentView parentView;
    /** Null for the system loader, which reads system properties; given by tests and embedders. */
    private final LoaderSettings settings;
    /** The system loader's {@code java.class.path} before the source replaces it; null otherwise. */
    private final String startClassPath;

    /** The constructor the JVM calls for {@code -Djava.system.class.loader}. */
    public FanloadClassLoader(ClassLoader parent) {
        super(parent);
        this.settings = null;
        this.startClassPath = System.getProperty("java.class.path");
    }

    /**
     * A loader with explicit settings that is not the system loader: no exit hook (call
     * {@link #finish()}), and {@code java.class.path} is left alone.
     */
    public FanloadClassLoader(ClassLoader parent, LoaderSettings settings) {
        super(parent);
        this.settings = settings;
        this.startClassPath = null;
    }

    /** Runs what the exit hook runs for the system loader: writes the record or the counters. */
    public void finish() {
        source().atExit();
    }

    private ParentView view() {
        ParentView view = parentView;
        if (view == null) {
            view = new ParentView(startClassPath); // idempotent: a race builds it twice
            parentView = view;
        }
        return view;
    }

    /** The source, started on first use; {@link LoadSource#NONE} for a re-entrant call during start. */
    LoadSource source() {
        LoadSource current = source;
        if (current != null) {
            return current;
        }
        synchronized (startLock) {
            if (source != null) {
                return source;
            }
            if (starting == Thread.currentThread()) {
                return LoadSource.NONE;
            }
            starting = Thread.currentThread();
            try {
                source = settings == null ? LoadSources.startSystem(startClassPath)
                        : LoadSources.start(settings, List.of(), null);
            } finally {
                starting = null;
            }
            return source;
        }
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        synchronized (getClassLoadingLock(name)) {
            Class<?> loaded = findLoadedClass(name);
            if (loaded == null) {
                loaded = view().parentLoads(name) ? getParent().loadClass(name) : findClass(name);
            }
            if (resolve) {
                resolveClass(loaded);
            }
            return loaded;
        }
    }

    @Override
    protected Class<?> findClass(String name) throws ClassNotFoundException {
        ClassDefinition definition;
        try {
            definition = source().findClass(name.replace('.', '/').concat(".class"));
        } catch (IOException e) {
            throw new ClassNotFoundException(name, e);
        }
        if (definition == null) {
            throw new ClassNotFoundException(name);
        }
        int dot = name.lastIndexOf('.');
        if (dot > 0) {
            definePackageIfNeeded(name.substring(0, dot), definition);
        }
        return defineClass(name, definition.bytes(), definition.codeSource());
    }

    /**
     * Defines the package from the jar's manifest before its first class, as URLClassLoader does.
     * Two threads may define classes of one package at once: the loser's IllegalArgumentException
     * is the normal outcome of that race, so look again instead of failing.
     */
    private void definePackageIfNeeded(String packageName, ClassDefinition definition) {
        Package known = getDefinedPackage(packageName);
        if (known == null) {
            PackageAttributes a = PackageAttributes.of(definition.manifest(), packageName);
            try {
                definePackage(packageName, a.specTitle(), a.specVersion(), a.specVendor(), a.implTitle(),
                        a.implVersion(), a.implVendor(), a.sealed() ? definition.sealBase() : null);
                return;
            } catch (IllegalArgumentException raced) {
                known = getDefinedPackage(packageName);
                if (known == null) {
                    throw raced;
                }
            }
        }
        if (known.isSealed() && !known.isSealed(definition.sealBase())) {
            throw new SecurityException("sealing violation: package " + packageName + " is sealed");
        }
    }

    @Override
    public URL getResource(String name) {
        Objects.requireNonNull(name);
        URL url = parentResource(name);
        return url != null ? url : findResource(name);
    }

    /** As {@code ClassLoader.getResourceAsStream}, but lets the source open what it found (record mode reads it only once). */
    @Override
    public InputStream getResourceAsStream(String name) {
        Objects.requireNonNull(name);
        try {
            URL url = parentResource(name);
            return url != null ? url.openStream() : source().findResourceAsStream(name);
        } catch (IOException e) {
            return null;
        }
    }

    /** The parent's {@code name}, if the application may see it there (parent first, as URLClassLoader); else null. */
    private URL parentResource(String name) {
        URL url = getParent().getResource(name);
        return url != null && view().shows(url, name) ? url : null;
    }

    @Override
    public Enumeration<URL> getResources(String name) throws IOException {
        Objects.requireNonNull(name);
        List<URL> urls = new ArrayList<>();
        for (Enumeration<URL> e = getParent().getResources(name); e.hasMoreElements(); ) {
            URL url = e.nextElement();
            // loader-hooks' jar is on the boot class path and the parent's class path: one copy of each
            if (view().shows(url, name) && !(view().isOwn(url) && listed(urls, url))) {
                urls.add(url);
            }
        }
        urls.addAll(source().findResources(name));
        return Collections.enumeration(urls);
    }

    /** By text: {@code URL.equals} may resolve host names. */
    private static boolean listed(List<URL> urls, URL url) {
        String text = url.toString();
        for (URL listed : urls) {
            if (listed.toString().equals(text)) {
                return true;
            }
        }
        return false;
    }

    @Override
    protected URL findResource(String name) {
        try {
            return source().findResource(name);
        } catch (IOException e) {
            return null;
        }
    }

    @Override
    protected Enumeration<URL> findResources(String name) throws IOException {
        return Collections.enumeration(source().findResources(name));
    }

    @Override
    protected String findLibrary(String libname) {
        return source().findLibrary(libname);
    }

    /**
     * Called by the JVM for {@code -javaagent} jars: a custom system loader without this method
     * cannot take an agent. The jar joins the application's class path, after its other elements.
     */
    @SuppressWarnings("unused")
    void appendToClassPathForInstrumentation(String path) {
        LoadSources.appendForInstrumentation(path);
    }

    @Override
    public String toString() {
        return "FanloadClassLoader[" + source + "]";
    }
}
