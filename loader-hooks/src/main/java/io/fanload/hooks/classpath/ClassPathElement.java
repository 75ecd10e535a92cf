package io.fanload.hooks.classpath;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.MalformedURLException;
import java.net.URL;
import java.util.List;
import java.util.jar.Manifest;

/** One element of a class path: a jar or a folder. Thread-safe. */
public abstract class ClassPathElement {

    private final int index;
    private final File file;

    ClassPathElement(int index, File file) {
        this.index = index;
        this.file = file;
    }

    public final int index() {
        return index;
    }

    /** The element as an absolute path, as the pilot record lists it. */
    public final String path() {
        return file.getPath();
    }

    final File file() {
        return file;
    }

    /** The entry for {@code name}, or null; the same rules as the JDK's URLClassPath loaders. */
    public abstract ClassPathEntry find(String name) throws IOException;

    /** The element's manifest, or null (folders have none). */
    public abstract Manifest manifest() throws IOException;

    /** The location of classes defined from this element (a {@code file:} URL of the jar or folder). */
    public abstract URL codeSourceUrl();

    /** Elements its manifest's {@code Class-Path} names, in order; empty for folders. */
    abstract List<File> manifestClassPath() throws IOException;

    abstract InputStream open(ClassPathEntry entry) throws IOException;

    /** The URL of an entry found without one ({@link ClassPathEntry#url()}). */
    abstract URL entryUrl(ClassPathEntry entry) throws MalformedURLException;

    /** What {@link ClassPathEntry#lastModified()} reports for {@code entry}. */
    abstract long lastModified(ClassPathEntry entry);

    /** Closes any open file; used by tests and at the end of a pilot. */
    public abstract void close();

    @Override
    public String toString() {
        return path();
    }
}
