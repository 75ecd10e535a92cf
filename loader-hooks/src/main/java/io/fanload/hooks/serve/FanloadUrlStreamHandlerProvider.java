package io.fanload.hooks.serve;

import java.io.IOException;
import java.net.URL;
import java.net.URLConnection;
import java.net.URLStreamHandler;
import java.net.spi.URLStreamHandlerProvider;

/**
 * Registers the {@code fanload:} scheme for the whole JVM. A handler passed only to the URLs this
 * loader makes is not enough: {@code new URL(url.toString())}, {@code toURI().toURL()} and the JDK's
 * ServiceLoader all make new URL objects and fail with "unknown protocol" (LOADER-NOTES).
 */
public final class FanloadUrlStreamHandlerProvider extends URLStreamHandlerProvider {

    private static final URLStreamHandler HANDLER = new URLStreamHandler() {
        @Override
        protected URLConnection openConnection(URL url) throws IOException {
            return new FanloadUrlConnection(url, FanloadUrls.parse(url));
        }
    };

    @Override
    public URLStreamHandler createURLStreamHandler(String protocol) {
        return FanloadUrls.SCHEME.equals(protocol) ? HANDLER : null;
    }
}
