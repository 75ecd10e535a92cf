package io.fanload.hooks.source;

import io.fanload.hooks.archive.EntryKind;
import io.fanload.hooks.classpath.ClassPath;
import io.fanload.hooks.classpath.ClassPathEntry;
import io.fanload.hooks.natives.LibrarySearch;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.ByteBuffer;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.List;

/**
 * Loads from the real class path, like the JDK's application loader; a {@link Listener} sees
 * every answer (record mode records them, serve mode counts them as misses).
 */
public final class ClassPathSource implements LoadSource {

    /** Told about every lookup, in the order they happen. */
    public interface Listener {
        /**
         * {@code bytes} is the content when it was read (classes; resources opened as streams when
         * the listener {@link #readsResources() reads resources}), else null.
         */
        void found(ClassPathEntry entry, byte[] bytes);

        void absent(String name);

        /** {@code System.loadLibrary(name)} will load {@code path}. */
        void library(String name, String path);

        /** {@code System.loadLibrary(name)} found no such library along java.library.path. */
        void libraryAbsent(String name);

        /**
         * True if {@link #found} reads a resource given without bytes: then the source reads it
         * once and hands the same bytes to the application's {@code getResourceAsStream}. (Not a
         * default method: see {@link LoadSource#findResourceAsStream}.)
         */
        boolean readsResources();

        Listener NONE = new Quiet();
    }

    /** A listener that ignores everything; extend it to hear only some events. */
    public static class Quiet implements Listener {
        @Override
        public void found(ClassPathEntry entry, byte[] bytes) {
        }

        @Override
        public void absent(String name) {
        }

        @Override
        public void library(String name, String path) {
        }

        @Override
        public void libraryAbsent(String name) {
        }

        @Override
        public boolean readsResources() {
            return false;
        }
    }

    private final ClassPath classPath;
    private final Listener listener;
    private final String libraryPath;

    public ClassPathSource(ClassPath classPath, Listener listener) {
        this(classPath, listener, System.getProperty("java.library.path", ""));
    }

    public ClassPathSource(ClassPath classPath, Listener listener, String libraryPath) {
        this.classPath = classPath;
        this.listener = listener;
        this.libraryPath = libraryPath;
    }

    public ClassPath classPath() {
        return classPath;
    }

    @Override
    public ClassDefinition findClass(String path) throws IOException {
        ClassPathEntry entry = classPath.find(path);
        if (entry == null) {
            listener.absent(path);
            return null;
        }
        byte[] bytes = entry.readAllBytes();
        listener.found(entry, bytes);
        CodeSource codeSource = new CodeSource(entry.element().codeSourceUrl(), entry.signers());
        return new ClassDefinition(ByteBuffer.wrap(bytes), codeSource, entry.element().manifest(),
                entry.element().codeSourceUrl());
    }

    @Override
    public URL findResource(String name) throws IOException {
        ClassPathEntry entry = classPath.find(name);
        if (entry == null) {
            listener.absent(name);
            return null;
        }
        listener.found(entry, null);
        return entry.url();
    }

    /**
     * For a listener that {@link Listener#readsResources() reads resources}: the resource's bytes
     * read once, for the listener and the application. Through the URL, as {@code java -cp} opens
     * it, record mode inflated each entry twice — once for its CRC32C, once for the application
     * (H2 reads its 685 KB data.zip so: 3-5 ms per read, JDK 17). A folder entry keeps its URL's
     * stream (a folder URL lists its files); an entry that cannot be read is left to its URL, which
     * fails as it does under {@code java -cp}. Other listeners get the URL's stream: a plain
     * rank need not hold a large resource in memory.
     */
    @Override
    public InputStream findResourceAsStream(String name) throws IOException {
        if (!listener.readsResources()) {
            URL url = findResource(name);
            return url == null ? null : url.openStream();
        }
        ClassPathEntry entry = classPath.find(name);
        if (entry == null) {
            listener.absent(name);
            return null;
        }
        if (entry.kind() == EntryKind.RESOURCE) {
            byte[] bytes;
            try {
                bytes = entry.readAllBytes();
            } catch (IOException | SecurityException e) {
                return entry.url().openStream();
            }
            listener.found(entry, bytes);
            return new ByteArrayInputStream(bytes);
        }
        listener.found(entry, null);
        return entry.url().openStream();
    }

    @Override
    public List<URL> findResources(String name) throws IOException {
        List<ClassPathEntry> entries = classPath.findAll(name);
        if (entries.isEmpty()) {
            listener.absent(name);
            return List.of();
        }
        List<URL> urls = new ArrayList<>(entries.size());
        for (ClassPathEntry entry : entries) {
            listener.found(entry, null);
            urls.add(entry.url());
        }
        return urls;
    }

    @Override
    public String findLibrary(String name) {
        if (LibrarySearch.isJdkLibrary(name)) {
            return null;
        }
        String path = LibrarySearch.find(name, libraryPath);
        if (path != null) {
            listener.library(name, path);
        } else {
            listener.libraryAbsent(name);
        }
        return path;
    }

    @Override
    public void appendToClassPath(String path) {
        classPath.append(path);
    }

    @Override
    public void atExit() {
    }

    @Override
    public String toString() {
        return "class path";
    }
}
