package io.fanload.hooks.serve;

import io.fanload.hooks.classpath.UrlPaths;

import java.net.MalformedURLException;
import java.net.URL;

/**
 * The {@code fanload:} URL of a served resource: {@code fanload:/<origin>/<name>}, where origin is
 * the class-path element's index in the archive and the name is percent-encoded like a
 * {@code jar:} URL's entry name. Hierarchical, so {@code new URL(url, "sibling")} and
 * {@code toURI().toURL()} work; it names no original path, so nothing in the application can
 * turn it into a file-system call on the shared file system (JRuby canonicalised the original
 * paths inside URLs: 12-14 readlink calls per rank, LOADER-NOTES).
 */
public final class FanloadUrls {

    public static final String SCHEME = "fanload";

    /**
     * The service file the JDK reads through the system loader the first time it meets the
     * {@code fanload:} scheme. A pilot never meets it, so record mode looks it up once itself: the
     * archive then answers it (usually "absent") and serving it is not a miss.
     */
    public static final String HANDLER_SERVICE = "META-INF/services/java.net.spi.URLStreamHandlerProvider";

    private FanloadUrls() {
    }

    /** Where a URL points: class-path element {@code origin}, entry {@code name}. */
    public record Target(int origin, String name) {
    }

    public static URL of(int origin, String name) {
        try {
            @SuppressWarnings("deprecation")
            URL url = new URL(new StringBuilder(SCHEME.length() + name.length() + 16).append(SCHEME).append(":/")
                    .append(origin).append('/').append(UrlPaths.encode(name)).toString());
            return url;
        } catch (MalformedURLException e) {
            // the handler is registered through META-INF/services; without it nothing can be served
            throw new IllegalStateException("the fanload: URL handler is not registered: " + e.getMessage(), e);
        }
    }

    /** Parses {@code url}; throws MalformedURLException if it is not a fanload resource URL. */
    public static Target parse(URL url) throws MalformedURLException {
        String path = url.getPath();
        if (!SCHEME.equals(url.getProtocol()) || path == null || !path.startsWith("/")) {
            throw new MalformedURLException("not a fanload resource URL: " + url);
        }
        int slash = path.indexOf('/', 1);
        if (slash < 0) {
            throw new MalformedURLException("no class-path element in " + url);
        }
        try {
            int origin = Integer.parseInt(path.substring(1, slash));
            if (origin < 0) {
                throw new NumberFormatException();
            }
            return new Target(origin, UrlPaths.decode(path.substring(slash + 1)));
        } catch (NumberFormatException e) {
            throw new MalformedURLException("bad class-path element number in " + url);
        }
    }
}
