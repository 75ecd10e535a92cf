package io.fanload.hooks.classpath;

import io.fanload.hooks.archive.EntryKind;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.security.CodeSigner;
import java.util.jar.JarEntry;

/**
 * One name found in one class-path element: what {@code URLClassLoader} calls a Resource. The
 * bytes are read on demand; signers are known only after the bytes were read, as with
 * {@link JarEntry#getCodeSigners()}.
 */
public final class ClassPathEntry {

    private final ClassPathElement element;
    private final String name;
    private final EntryKind kind;
    /** Made on first use for a jar entry: a class load never needs it (see {@link JarElement#entryUrl}). */
    private volatile URL url;
    private final JarEntry jarEntry;

    /** {@code url} null: the element makes it when it is first asked for. */
    ClassPathEntry(ClassPathElement element, String name, EntryKind kind, URL url, JarEntry jarEntry) {
        this.element = element;
        this.name = name;
        this.kind = kind;
        this.url = url;
        this.jarEntry = jarEntry;
    }

    public ClassPathElement element() {
        return element;
    }

    /** Index of the element in its class path (the record's origin). */
    public int origin() {
        return element.index();
    }

    public String name() {
        return name;
    }

    public EntryKind kind() {
        return kind;
    }

    /** The URL {@code URLClassLoader} would return for this name. */
    public URL url() {
        URL made = url;
        if (made == null) {
            try {
                made = element.entryUrl(this);
            } catch (MalformedURLException e) {
                throw new UncheckedIOException(e);
            }
            url = made; // a race makes an equal URL twice
        }
        return made;
    }

    /**
     * What {@code URLConnection.getLastModified()} reports for {@link #url()}: for a jar entry the
     * jar file's time to the second (JarURLConnection answers with the jar file's header), for a
     * file in a folder the file's time. Asked of the file system when called (a served rank's miss,
     * the archive builder), not on every lookup: the JDK's loader does not stat a jar per class, and
     * a pilot rank would have made one metadata call on the shared file system per class it loaded.
     */
    public long lastModified() {
        return element.lastModified(this);
    }

    JarEntry jarEntry() {
        return jarEntry;
    }

    /** The content; a directory reads as empty. Signature checks of signed jars happen here. */
    public byte[] readAllBytes() throws IOException {
        if (kind == EntryKind.DIRECTORY) {
            return new byte[0];
        }
        try (InputStream in = element.open(this)) {
            return in.readAllBytes();
        }
    }

    /** The signers of a jar entry, valid after {@link #readAllBytes()}; null when unsigned. */
    public CodeSigner[] signers() {
        return jarEntry == null ? null : jarEntry.getCodeSigners();
    }

    @Override
    public String toString() {
        return url().toString();
    }
}
