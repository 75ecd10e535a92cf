package io.fanload.launch;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TruffleResourcesTest {

    /** A class file's constant pool holds the property's name as UTF-8 among other constants. */
    @Test
    void aClassThatNamesThePropertyIsFoundAmongItsConstants() {
        byte[] newer = ("\u00ca\u00fe\u00ba\u00be\u0000\u0001polyglot.engine.resourcePath\u0001!polyglot.engine.userResourceCache")
                .getBytes(StandardCharsets.ISO_8859_1);
        byte[] older = "\u00ca\u00fe\u00ba\u00be\u0000\u0001polyglot.engine.resourcePath\u0001XDG_CACHE_HOME"
                .getBytes(StandardCharsets.ISO_8859_1);
        assertTrue(TruffleResources.names(newer));
        assertFalse(TruffleResources.names(older));
        assertFalse(TruffleResources.names(new byte[0]));
    }
}
