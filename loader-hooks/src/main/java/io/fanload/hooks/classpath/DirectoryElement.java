package io.fanload.hooks.classpath;

import io.fanload.hooks.archive.EntryKind;

import java.io.File;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.MalformedURLException;
import java.net.URL;
import java.util.List;
import java.util.jar.Manifest;

/**
 * A folder on the class path. As in the JDK's URLClassPath, a name is found when
 * {@code new File(dir, name).exists()}, also for folders ({@code ""}, {@code "dir"}, {@code "dir/"}),
 * and a name with {@code ..} must stay inside the folder.
 */
class DirectoryElement extends ClassPathElement {

    private final URL baseUrl;

    DirectoryElement(int index, File dir) {
        super(index, dir);
        this.baseUrl = FileUrls.of(dir, true);
    }

    @Override
    public ClassPathEntry find(String name) throws IOException {
        URL url = resourceUrl(name);
        if (!url.getFile().startsWith(baseUrl.getFile())) {
            return null; // "/x" or "../x" resolve outside the folder
        }
        File file;
        if (name.contains("..")) {
            file = new File(file(), name.replace('/', File.separatorChar)).getCanonicalFile();
            if (!file.getPath().startsWith(file().getCanonicalPath())) {
                return null;
            }
        } else {
            file = new File(file(), name.replace('/', File.separatorChar));
        }
        if (!file.exists()) {
            return null;
        }
        EntryKind kind = file.isDirectory() ? EntryKind.DIRECTORY
                : name.endsWith(".class") ? EntryKind.CLASS : EntryKind.RESOURCE;
        return new ClassPathEntry(this, name, kind, url, null);
    }

    /** Never asked: a folder's entries are made with their URL, which {@link #find} checks. */
    @Override
    URL entryUrl(ClassPathEntry entry) throws MalformedURLException {
        return resourceUrl(entry.name());
    }

    @Override
    long lastModified(ClassPathEntry entry) {
        return fileOf(entry).lastModified();
    }

    private File fileOf(ClassPathEntry entry) {
        return new File(file(), entry.name().replace('/', File.separatorChar));
    }

    private URL resourceUrl(String name) throws MalformedURLException {
        @SuppressWarnings("deprecation")
        URL url = new URL(baseUrl, UrlPaths.encode(name));
        return url;
    }

    @Override
    InputStream open(ClassPathEntry entry) throws IOException {
        return new FileInputStream(fileOf(entry));
    }

    @Override
    public Manifest manifest() {
        return null;
    }

    @Override
    public URL codeSourceUrl() {
        return baseUrl;
    }

    @Override
    List<File> manifestClassPath() {
        return List.of();
    }

    @Override
    public void close() {
    }
}
