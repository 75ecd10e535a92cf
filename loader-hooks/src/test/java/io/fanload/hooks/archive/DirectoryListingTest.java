package io.fanload.hooks.archive;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DirectoryListingTest {

    private final DirectoryListing listing = new DirectoryListing(
            List.of("conf/", "conf/app.properties", "com/", "com/x/", "com/x/Y.class", "empty/", "data.bin"), true);

    @Test
    void filesAndFoldersAreFoundAsJavaIoFileWouldFindThem() {
        assertTrue(listing.mayExist("com/x/Y.class"));
        assertTrue(listing.mayExist("conf/app.properties"));
        assertTrue(listing.mayExist("com/x/"), "a folder with a slash");
        assertTrue(listing.mayExist("com/x"), "a folder without one");
        assertTrue(listing.mayExist("empty"), "an empty folder is listed too");
        assertTrue(listing.mayExist("data.bin/"), "java.io.File drops a trailing slash");
        assertTrue(listing.mayExist(""), "the folder itself");
    }

    @Test
    void namesInNoFolderAreAbsentWithoutAProbe() {
        assertFalse(listing.mayExist("log4j2-test1a2b3c.properties"));
        assertFalse(listing.mayExist("com/x/Z.class"));
        assertFalse(listing.mayExist("co"), "a prefix of a folder name is not the folder");
        assertFalse(listing.mayExist("com/x/Y"), "nor is a prefix of a file name");
        assertFalse(listing.mayExist("conf/app.properties/x"));
    }

    @Test
    void anIncompleteListingCannotSayAbsent() {
        DirectoryListing partial = new DirectoryListing(List.of("a.txt"), false);
        assertTrue(partial.mayExist("anything.txt"));
    }

    @Test
    void encodingRoundTrips() {
        DirectoryListing back = DirectoryListing.decode(listing.encoded(), true);
        assertEquals(listing.names(), back.names());
        assertEquals(List.of(), DirectoryListing.decode("", true).names());
    }
}
