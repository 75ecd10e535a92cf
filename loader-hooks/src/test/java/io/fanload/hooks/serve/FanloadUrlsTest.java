package io.fanload.hooks.serve;

import io.fanload.hooks.classpath.UrlPaths;
import org.junit.jupiter.api.Test;

import java.net.MalformedURLException;
import java.net.URL;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** fanload: URLs survive re-parsing, because the handler is registered for the whole JVM. */
class FanloadUrlsTest {

    @Test
    @SuppressWarnings("deprecation")
    void survivesReparsingAndUriRoundTrips() throws Exception {
        for (String name : new String[] {"a/b.txt", "", "dir/", "with space/ü#x?.txt", "100%/;=x"}) {
            URL url = FanloadUrls.of(3, name);
            assertEquals(new FanloadUrls.Target(3, name), FanloadUrls.parse(url));
            assertEquals(new FanloadUrls.Target(3, name), FanloadUrls.parse(new URL(url.toString())));
            assertEquals(new FanloadUrls.Target(3, name), FanloadUrls.parse(url.toURI().toURL()));
        }
        assertEquals(new FanloadUrls.Target(2, "a/sibling.txt"),
                FanloadUrls.parse(new URL(FanloadUrls.of(2, "a/b.txt"), "sibling.txt")));
    }

    @Test
    @SuppressWarnings("deprecation")
    void refusesWhatIsNotAResourceUrl() throws Exception {
        assertThrows(MalformedURLException.class, () -> FanloadUrls.parse(new URL("fanload:/x/a")));
        assertThrows(MalformedURLException.class, () -> FanloadUrls.parse(new URL("fanload:/3")));
        assertThrows(MalformedURLException.class, () -> FanloadUrls.parse(new URL("file:/3/a")));
    }

    @Test
    void opensNothingWhenNoImageIsServed() {
        assertThrows(java.io.IOException.class, () -> FanloadUrls.of(0, "x").openStream());
    }

    @Test
    void encodesLikeUrlClassLoader() {
        assertEquals("a%20b/%C3%BC%23%3F%25", UrlPaths.encode("a b/ü#?%"));
        assertEquals("a b/ü#?%", UrlPaths.decode(UrlPaths.encode("a b/ü#?%")));
        assertEquals("plain/Name$1.class", UrlPaths.encode("plain/Name$1.class"));
    }
}
