package io.fanload.hooks.classpath;

import io.fanload.hooks.archive.EntryKind;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.URL;
import java.util.ArrayList;
import java.util.List;
import java.util.StringTokenizer;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.zip.ZipFile;

/**
 * A jar on the class path, opened on first use exactly as the JDK's application loader opens it
 * (verifying, multi-release for the running feature release). A jar that does not exist or is not
 * a zip is an empty element, as in {@code java -cp}.
 */
final class JarElement extends ClassPathElement {

    private final URL fileUrl;
    private final String jarUrlPrefix;
    private volatile JarFile jar;
    private volatile boolean unusable;
    private volatile Manifest manifest;
    private volatile boolean manifestRead;

    JarElement(int index, File file) {
        super(index, file);
        this.fileUrl = FileUrls.of(file, false);
        this.jarUrlPrefix = "jar:".concat(fileUrl.toString()).concat("!/");
    }

    private JarFile jar() {
        JarFile open = jar;
        if (open != null || unusable) {
            return open;
        }
        synchronized (this) {
            if (jar == null && !unusable) {
                try {
                    jar = new JarFile(file(), true, ZipFile.OPEN_READ, Runtime.version());
                } catch (IOException | SecurityException e) {
                    unusable = true;
                }
            }
            return jar;
        }
    }

    @Override
    public ClassPathEntry find(String name) throws IOException {
        JarFile open = jar();
        if (open == null) {
            return null;
        }
        JarEntry entry = open.getJarEntry(name);
        if (entry == null) {
            return null;
        }
        EntryKind kind = entry.isDirectory() ? EntryKind.DIRECTORY
                : name.endsWith(".class") ? EntryKind.CLASS : EntryKind.RESOURCE;
        // The URL is made only when asked for: a class load never needs it, and making it (encoding
        // the name, parsing a jar: URL) was 40 % of a record-mode lookup in a fresh JVM — Rhino's 254
        // classes: lookups 37-56 ms -> 17-30 ms (wall, 2 busy cores, 4 alternating runs).
        return new ClassPathEntry(this, name, kind, null, entry);
    }

    /** A multi-release jar's URL names the versioned entry, as URLClassLoader's does. */
    @Override
    URL entryUrl(ClassPathEntry entry) throws MalformedURLException {
        JarFile open = jar();
        return resourceUrl(open != null && open.isMultiRelease() ? entry.jarEntry().getRealName() : entry.name());
    }

    /** The jar file's time to the second, as JarURLConnection reports it for every entry. */
    @Override
    long lastModified(ClassPathEntry entry) {
        return file().lastModified() / 1000 * 1000;
    }

    private URL resourceUrl(String name) throws MalformedURLException {
        @SuppressWarnings("deprecation")
        URL url = new URL(jarUrlPrefix.concat(UrlPaths.encode(name)));
        return url;
    }

    @Override
    InputStream open(ClassPathEntry entry) throws IOException {
        JarFile open = jar();
        if (open == null) {
            throw new java.io.FileNotFoundException(entry.url().toString());
        }
        return open.getInputStream(entry.jarEntry());
    }

    @Override
    public Manifest manifest() throws IOException {
        if (!manifestRead) {
            JarFile open = jar();
            manifest = open == null ? null : open.getManifest();
            manifestRead = true;
        }
        return manifest;
    }

    @Override
    public URL codeSourceUrl() {
        return fileUrl;
    }

    @Override
    List<File> manifestClassPath() throws IOException {
        Manifest m = manifest();
        String value = m == null ? null : m.getMainAttributes().getValue(Attributes.Name.CLASS_PATH);
        List<File> files = new ArrayList<>();
        if (value == null) {
            return files;
        }
        StringTokenizer tokens = new StringTokenizer(value);
        URI base = file().toURI();
        while (tokens.hasMoreTokens()) {
            try {
                URI resolved = base.resolve(new URI(null, null, tokens.nextToken(), null).getRawPath());
                if ("file".equalsIgnoreCase(resolved.getScheme())) {
                    files.add(new File(resolved));
                }
            } catch (java.net.URISyntaxException | IllegalArgumentException e) {
                // the JDK ignores a Class-Path entry it cannot resolve; so do we
            }
        }
        return files;
    }

    @Override
    public void close() {
        JarFile open = jar;
        if (open != null) {
            try {
                open.close();
            } catch (IOException e) {
                // nothing to do: the process is ending
            }
        }
    }
}
