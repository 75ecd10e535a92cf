package io.fanload.hooks.serve;

import io.fanload.hooks.archive.ArchiveException;
import io.fanload.hooks.archive.ArchiveReader;
import io.fanload.hooks.archive.ArchiveFormat;
import io.fanload.hooks.archive.Records;
import io.fanload.hooks.classpath.UrlPaths;
import io.fanload.hooks.image.NodeImageLayout;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.nio.ByteBuffer;
import java.security.CodeSigner;
import java.security.CodeSource;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.jar.Manifest;

/**
 * The node-local image as the loader uses it: the mapped archive plus what is derived per
 * class-path element on first use (node-local location, manifest, code sources). Opening maps the
 * file and checks header, trailer and index; nothing is read per entry until it is asked for.
 */
final class ServedImage {

    private static final Manifest NO_MANIFEST = new Manifest();

    private final NodeImageLayout layout;
    private final ArchiveReader reader;
    private final AtomicReferenceArray<Records.Origin> origins;
    private final AtomicReferenceArray<URL> locations;
    private final AtomicReferenceArray<Manifest> manifests;
    private final ConcurrentHashMap<Long, CodeSource> codeSources = new ConcurrentHashMap<>();

    private ServedImage(NodeImageLayout layout, ArchiveReader reader) {
        this.layout = layout;
        this.reader = reader;
        int count = reader.originCount();
        this.origins = new AtomicReferenceArray<>(count);
        this.locations = new AtomicReferenceArray<>(count);
        this.manifests = new AtomicReferenceArray<>(count);
    }

    static ServedImage open(NodeImageLayout layout) throws ArchiveException {
        ArchiveReader reader = ArchiveReader.open(layout.image());
        reader.requireFeature(Runtime.version().feature());
        if (!reader.isImage()) {
            throw new ArchiveException(layout.image() + ": is an archive, not a node-local image (entries are compressed)");
        }
        return new ServedImage(layout, reader);
    }

    ArchiveReader reader() {
        return reader;
    }

    NodeImageLayout layout() {
        return layout;
    }

    Records.Origin origin(int index) {
        Records.Origin origin = origins.get(index);
        if (origin == null) {
            origin = reader.origin(index);
            origins.set(index, origin);
        }
        return origin;
    }

    /**
     * Where classes of element {@code index} say they come from: a {@code file:} URL inside the
     * node-local image folder ({@code <image>/cp/<index>/<jar file name>}). Never the original path:
     * Groovy 4 opens its code source as a zip file system, which put the original jar on the shared
     * file system again (LOADER-NOTES).
     */
    URL location(int index) {
        URL url = locations.get(index);
        if (url == null) {
            Records.Origin origin = origin(index);
            String path = origin.path();
            String base = path.substring(path.lastIndexOf('/', path.length() - 2) + 1);
            String local = layout.root().toAbsolutePath().resolve("cp").resolve(Integer.toString(index))
                    .resolve(base.endsWith("/") ? base.substring(0, base.length() - 1) : base).toString();
            if (!origin.isJar()) {
                local = local.concat("/");
            }
            try {
                @SuppressWarnings("deprecation")
                URL made = new URL("file", "", UrlPaths.encode(local));
                url = made;
            } catch (MalformedURLException e) {
                throw new IllegalStateException(e);
            }
            locations.set(index, url);
        }
        return url;
    }

    /** The manifest of element {@code index}, parsed from its recorded manifest entry, or null. */
    Manifest manifest(int index) throws IOException {
        Manifest manifest = manifests.get(index);
        if (manifest == null) {
            int hit = origin(index).manifestHit();
            if (hit == ArchiveFormat.NONE) {
                manifest = NO_MANIFEST;
            } else {
                manifest = new Manifest(new ByteArrayInputStream(reader.rawBytes(hit)));
            }
            manifests.set(index, manifest);
        }
        return manifest == NO_MANIFEST ? null : manifest;
    }

    CodeSource codeSource(int origin, int signerSet) throws ArchiveException {
        long key = (long) origin << 32 | (signerSet & 0xFFFFFFFFL);
        CodeSource codeSource = codeSources.get(key);
        if (codeSource == null) {
            CodeSigner[] signers = signerSet == ArchiveFormat.NONE ? null : reader.signers(signerSet);
            codeSource = new CodeSource(location(origin), signers);
            CodeSource raced = codeSources.putIfAbsent(key, codeSource);
            if (raced != null) {
                codeSource = raced;
            }
        }
        return codeSource;
    }

    /**
     * What {@code URLConnection.getLastModified()} reports for a hit under plain java. For a jar
     * entry that is the jar <i>file's</i> time, to the second (the JDK's JarURLConnection answers
     * with the jar file's last-modified header); for a file in a class-path folder, the file's.
     */
    long lastModified(int hit) {
        int origin = reader.hitOrigin(hit);
        Records.Origin element = origin(origin);
        if (element.isJar() && element.source() != ArchiveFormat.NONE) {
            return reader.source(element.source()).mtimeNanos() / 1_000_000_000L * 1000L;
        }
        return reader.hitLastModified(hit);
    }

    ByteBuffer content(int hit) throws ArchiveException {
        return reader.rawContent(hit);
    }

    /** The hit of {@code name} in element {@code origin}, or -1. */
    int hitIn(String name, int origin) {
        int row = reader.findName(name);
        if (row < 0) {
            return -1;
        }
        int first = reader.nameFirstHit(row);
        int end = first + reader.nameHitCount(row);
        for (int hit = first; hit < end; hit++) {
            if (reader.hitOrigin(hit) == origin) {
                return hit;
            }
        }
        return -1;
    }
}
