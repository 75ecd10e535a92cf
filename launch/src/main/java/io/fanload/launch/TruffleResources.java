package io.fanload.launch;

import io.fanload.hooks.archive.ArchiveException;
import io.fanload.hooks.archive.ArchiveReader;
import io.fanload.hooks.archive.Records;
import io.fanload.writer.archive.EntryCodec;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Truffle (GraalJS, GraalPy, TruffleRuby on the JVM) unpacks its internal resources, native
 * libraries such as {@code libtruffleattach.so}, into {@code ~/.cache/org.graalvm.polyglot} by
 * default: the home folder, on the shared file system at most sites, which every rank then reads
 * and maps. Truffle 24.1 and later take that folder from {@value #PROPERTY}; 23.1 and 24.0 read every
 * {@code polyglot.engine.*} property as an engine option and end the application on this one, which
 * they do not know. So a served rank gets it, pointed into its node's folder, only when the
 * archive's own copy of the class that reads it names it, and only when the user did not set it.
 */
final class TruffleResources {

    static final String PROPERTY = "polyglot.engine.userResourceCache";
    /** The class that resolves Truffle's resource folders (23.1 on; it names the property from 24.1.0, checked to 25.0.1). */
    static final String ROOTS_CLASS = "com/oracle/truffle/polyglot/InternalResourceRoots.class";

    private TruffleResources() {
    }

    /** Whether the application's Truffle, as the pilot loaded it, takes its resource folder from {@value #PROPERTY}. */
    static boolean honoured(ArchiveReader reader) throws ArchiveException {
        int row = reader.findName(ROOTS_CLASS);
        if (row < 0 || reader.nameHitCount(row) == 0) {
            return false;
        }
        int first = reader.nameFirstHit(row);
        Records.Hit hit = reader.hit(first);
        ByteBuffer raw;
        try {
            raw = EntryCodec.decodeVerified(reader.storedContent(first), hit.codec(), hit.rawLength(),
                    hit.xxhash64(), hit.crc32c(), ROOTS_CLASS);
        } catch (ArchiveException damaged) {
            return false; // the nodes' digest check finds the damage and says it
        }
        byte[] classFile = new byte[raw.remaining()];
        raw.get(classFile);
        return names(classFile);
    }

    /**
     * Whether {@code path} is a file Truffle unpacked into its resource cache
     * ({@code .../org.graalvm.polyglot/<component>/<resource>/<hash>/...}): a pilot that ran with the
     * default cache records its libraries there, and served ranks, unpacking their own, never read it.
     */
    static boolean isUnpackedCopy(String path) {
        return path.contains("/org.graalvm.polyglot/");
    }

    /** Whether {@code classFile}'s constants hold the property's name (ISO-8859-1: one char per byte). */
    static boolean names(byte[] classFile) {
        return new String(classFile, StandardCharsets.ISO_8859_1).contains(PROPERTY);
    }

    /** The option for a rank whose node folder's {@code tmp} is {@code tmp}, unless {@code userOptions} set the property. */
    static Optional<String> option(List<String> userOptions, Path tmp) {
        String prefix = "-D" + PROPERTY + "=";
        return userOptions.stream().anyMatch(o -> o.startsWith(prefix)) ? Optional.empty()
                : Optional.of(prefix + tmp.resolve("truffle-resources"));
    }
}
