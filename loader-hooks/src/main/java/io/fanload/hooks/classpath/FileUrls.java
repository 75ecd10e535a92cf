package io.fanload.hooks.classpath;

import java.io.File;
import java.net.MalformedURLException;
import java.net.URL;

/** {@code file:} URLs of class-path elements, spelled like the JDK's {@code ParseUtil.fileToEncodedURL}. */
public final class FileUrls {

    private FileUrls() {
    }

    public static URL of(File file, boolean directory) {
        String path = UrlPaths.encode(file.getAbsolutePath().replace(File.separatorChar, '/'));
        if (!path.startsWith("/")) {
            path = "/".concat(path);
        }
        if (directory && !path.endsWith("/")) {
            path = path.concat("/");
        }
        try {
            @SuppressWarnings("deprecation")
            URL url = new URL("file", "", path);
            return url;
        } catch (MalformedURLException e) {
            throw new IllegalArgumentException(file + ": cannot be a file URL", e);
        }
    }
}
