package io.fanload.hooks.serve;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.net.URLConnection;
import java.util.Date;

/**
 * A connection to one served resource. Length and last-modified time come from the archive:
 * a connection that reports time 0 made Clojure recompile clojure.core from source on every start
 * (0.51 s -> 6.37 s, LOADER-NOTES).
 */
final class FanloadUrlConnection extends URLConnection {

    private final FanloadUrls.Target target;
    private ServedContent content;

    FanloadUrlConnection(URL url, FanloadUrls.Target target) {
        super(url);
        this.target = target;
    }

    @Override
    public void connect() throws IOException {
        if (content == null) {
            ServingSource source = ServingSource.current();
            if (source == null) {
                throw new IOException(url + ": no fanload image is served in this JVM");
            }
            content = source.open(target, url);
            connected = true;
        }
    }

    @Override
    public InputStream getInputStream() throws IOException {
        connect();
        return content.open();
    }

    @Override
    public long getContentLengthLong() {
        try {
            connect();
            return content.length();
        } catch (IOException e) {
            return -1;
        }
    }

    @Override
    public int getContentLength() {
        long length = getContentLengthLong();
        return length > Integer.MAX_VALUE ? -1 : (int) length;
    }

    @Override
    public long getLastModified() {
        try {
            connect();
            return content.lastModified();
        } catch (IOException e) {
            return 0;
        }
    }

    @Override
    public String getContentType() {
        String type = guessContentTypeFromName(target.name());
        return type == null ? "content/unknown" : type;
    }

    @Override
    public String getHeaderField(String name) {
        if (name == null) {
            return null;
        }
        switch (name.toLowerCase(java.util.Locale.ROOT)) {
            case "content-length": return Long.toString(getContentLengthLong());
            case "content-type": return getContentType();
            case "last-modified": {
                long time = getLastModified();
                return time == 0 ? null : new Date(time).toString();
            }
            default: return null;
        }
    }

    @Override
    public long getHeaderFieldDate(String name, long fallback) {
        return "last-modified".equalsIgnoreCase(name) ? getLastModified() : super.getHeaderFieldDate(name, fallback);
    }
}
