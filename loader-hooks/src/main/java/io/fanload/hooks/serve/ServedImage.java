package io.fanload.hooks.serve;

import io.fanload.hooks.archive.ArchiveException;
import io.fanload.hooks.archive.ArchiveReader;
import io.fanload.hooks.archive.ArchiveFormat;
import io.fanload.hooks.archive.Records;
import io.fanload.hooks.classpath.FileUrls;
import io.fanload.hooks.classpath.UrlPaths;
import io.fanload.hooks.image.NodeImageLayout;

import java.io.ByteArrayInputStream;
import java.io.File;
import java.io.IOException;
import java.net.URL;
import java.nio.ByteBuffer;
import java.security.CodeSigner;
import java.security.CodeSource;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.zip.ZipFile;

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
    /** Node-local copies of multi-release jars, opened for their versioned entry names. */
    private final ConcurrentHashMap<Integer, JarFile> multiReleaseJars = new ConcurrentHashMap<>();

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
     * Where classes of element {@code index} say they come from: the {@code file:} URL of its
     * node-local copy ({@code <image>/cp/<original path>}), which exists. Never the original path:
     * applications open their code source (Groovy 4 as a zip file system, JRuby canonicalises it),
     * which put the original jar on the shared file system again (LOADER-NOTES).
     */
    URL location(int index) {
        URL url = locations.get(index);
        if (url == null) {
            Records.Origin origin = origin(index);
            url = FileUrls.of(new File(layout.copyOf(origin.path())), !origin.isJar());
            locations.set(index, url);
        }
        return url;
    }

    /**
     * The URL plain {@code java -cp} gives {@code name} in element {@code index}, over the node-local
     * copy: {@code jar:file:<copy>!/name} (a multi-release jar names the versioned entry, read from
     * the copy) or {@code file:<copy>/name}.
     */
    URL resourceUrl(int index, String name) throws IOException {
        Records.Origin origin = origin(index);
        String entry = origin.isJar() && origin.multiRelease() ? versionedName(index, name) : name;
        String prefix = origin.isJar() ? "jar:".concat(location(index).toString()).concat("!/")
                : location(index).toString();
        @SuppressWarnings("deprecation")
        URL url = new URL(prefix.concat(UrlPaths.encode(entry)));
        return url;
    }

    private String versionedName(int index, String name) throws IOException {
        JarFile jar = multiReleaseJars.get(index);
        if (jar == null) {
            jar = new JarFile(new File(layout.copyOf(origin(index).path())), false, ZipFile.OPEN_READ, Runtime.version());
            JarFile raced = multiReleaseJars.putIfAbsent(index, jar);
            if (raced != null) {
                jar.close();
                jar = raced;
            }
        }
        JarEntry entry = jar.getJarEntry(name);
        return entry == null ? name : entry.getRealName();
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

    ByteBuffer content(int hit) throws ArchiveException {
        return reader.rawContent(hit);
    }
}
