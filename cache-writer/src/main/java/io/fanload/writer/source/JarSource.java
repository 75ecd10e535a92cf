package io.fanload.writer.source;

import io.fanload.hooks.archive.ArchiveFormat;
import io.fanload.hooks.archive.EntryKind;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.security.CodeSigner;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Set;
import java.util.TreeSet;
import java.util.List;
import java.util.Locale;
import java.util.OptionalInt;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.zip.CRC32C;

/**
 * A jar on the class path, read with Commons Compress (zip64, data descriptors, every duplicate
 * entry) and resolved like {@code JarFile} opened at the pilot's runtime version: for a
 * multi-release jar the highest {@code META-INF/versions/N/} entry with N <= feature wins, and a
 * name may match a directory entry {@code name/}.
 *
 * <p>Code signers come from the JDK's {@link JarFile} verifier, so an archive never claims a
 * signature the JDK would not have accepted.
 */
public final class JarSource implements ClassPathSource {

    private static final String MANIFEST = "META-INF/MANIFEST.MF";
    private static final String VERSIONS = "META-INF/versions/";

    private final Path jar;
    private final String path;
    private final int feature;
    private final SourceLimits limits;
    private final ZipFile zip;
    private final boolean multiRelease;
    private final boolean signed;
    /** Names that exist only as {@code name/} directory entries, without the slash. */
    private final Set<String> directoryNames = new HashSet<>();
    /** The {@code META-INF/versions/N} releases present, highest first, N in [9, feature]. */
    private final List<Integer> versions = new ArrayList<>();
    private JarFile verifier;

    public JarSource(Path jar, String recordedPath, int feature, SourceLimits limits) throws IOException {
        this.jar = jar;
        this.path = recordedPath;
        this.feature = feature;
        this.limits = limits;
        try {
            this.zip = ZipFile.builder().setPath(jar).get();
        } catch (IOException e) {
            throw new BuildException(jar + ": not a readable jar: " + e.getMessage());
        }
        boolean mr = false;
        boolean hasSignature = false;
        try {
            SourceEntry manifest = manifest();
            if (manifest != null) {
                Manifest parsed = new Manifest(new ByteArrayInputStream(manifest.content()));
                mr = "true".equalsIgnoreCase(parsed.getMainAttributes().getValue(Attributes.Name.MULTI_RELEASE));
            }
            TreeSet<Integer> present = new TreeSet<>(Comparator.reverseOrder());
            for (ZipArchiveEntry entry : Collections.list(zip.getEntries())) {
                String name = entry.getName();
                if (name.endsWith("/") && name.length() > 1) {
                    directoryNames.add(name.substring(0, name.length() - 1));
                }
                if (name.startsWith("META-INF/")) {
                    String upper = name.toUpperCase(Locale.ROOT);
                    if (upper.indexOf('/', 9) < 0 && upper.endsWith(".SF")) {
                        hasSignature = true;
                    }
                    Integer version = versionOf(name);
                    if (version != null && version >= 9 && version <= feature) {
                        present.add(version);
                    }
                }
            }
            versions.addAll(present);
        } catch (IOException e) {
            zip.close();
            throw e;
        }
        this.multiRelease = mr;
        this.signed = hasSignature;
    }

    @Override
    public String path() {
        return path;
    }

    @Override
    public int originKind() {
        return ArchiveFormat.ORIGIN_JAR;
    }

    @Override
    public boolean multiRelease() {
        return multiRelease;
    }

    @Override
    public SourceEntry manifest() throws IOException {
        ZipArchiveEntry entry = zip.getEntry(MANIFEST);
        return entry == null ? null : read(MANIFEST, entry);
    }

    @Override
    public SourceEntry find(String name, OptionalInt expectedCrc32c) throws IOException {
        // Every name is looked up in every class-path element, so a miss must cost no more than
        // a hash probe: 20,000 names x 50 jars took 1/3 of a build while each probe allocated.
        List<ZipArchiveEntry> candidates = null;
        if (multiRelease && !name.startsWith("META-INF/")) {
            for (int version : versions) {
                candidates = addCandidates(candidates, VERSIONS + version + "/" + name);
                if (candidates != null && expectedCrc32c.isEmpty()) {
                    break;
                }
            }
        }
        if (candidates == null || expectedCrc32c.isPresent()) {
            candidates = addCandidates(candidates, name);
        }
        if (candidates == null) {
            return null;
        }
        if (expectedCrc32c.isEmpty()) {
            return read(name, candidates.get(0));
        }
        for (ZipArchiveEntry candidate : candidates) {
            SourceEntry entry = read(name, candidate);
            CRC32C crc = new CRC32C();
            crc.update(entry.content());
            if ((int) crc.getValue() == expectedCrc32c.getAsInt()) {
                return entry;
            }
        }
        throw new BuildException(jar + ": " + name + " differs from what the pilot loaded (the jar changed since the pilot; run the pilot again)");
    }

    /**
     * Adds the entries stored as {@code probe} (or, like ZipFile.getEntry, as {@code probe/}) to
     * {@code candidates}, last duplicate first: the JDK's ZipFile index keeps the last of duplicates.
     */
    private List<ZipArchiveEntry> addCandidates(List<ZipArchiveEntry> candidates, String probe) {
        String stored = probe;
        if (zip.getEntry(stored) == null) {
            if (!directoryNames.contains(probe)) {
                return candidates;
            }
            stored = probe + "/";
        }
        List<ZipArchiveEntry> group = new ArrayList<>();
        zip.getEntries(stored).forEach(group::add);
        Collections.reverse(group);
        List<ZipArchiveEntry> result = candidates == null ? new ArrayList<>() : candidates;
        result.addAll(group);
        return result;
    }

    private static Integer versionOf(String name) {
        if (!name.startsWith(VERSIONS)) {
            return null;
        }
        int slash = name.indexOf('/', VERSIONS.length());
        try {
            return slash < 0 ? null : Integer.valueOf(name.substring(VERSIONS.length(), slash));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private SourceEntry read(String name, ZipArchiveEntry entry) throws IOException {
        String what = jar + "!/" + entry.getName();
        if (entry.isDirectory()) {
            return new SourceEntry(entry.getName(), EntryKind.DIRECTORY, entry.getTime(), new byte[0], null);
        }
        if (!zip.canReadEntryData(entry)) {
            throw new BuildException(what + ": unsupported compression method " + entry.getMethod());
        }
        byte[] content;
        try (InputStream in = zip.getInputStream(entry)) {
            content = BoundedRead.read(in, entry.getSize(), entry.getCompressedSize(), limits, what);
        } catch (BuildException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new BuildException(what + ": cannot read entry: " + e.getMessage());
        }
        EntryKind kind = name.endsWith(".class") ? EntryKind.CLASS : EntryKind.RESOURCE;
        return new SourceEntry(entry.getName(), kind, entry.getTime(), content, signed ? signersOf(name) : null);
    }

    /** Verified signers of {@code name}, from the JDK's verifier at the pilot's runtime version. */
    private CodeSigner[] signersOf(String name) throws IOException {
        if (name.startsWith("META-INF/")) {
            return null; // signature-related files are never signed themselves
        }
        try {
            if (verifier == null) {
                verifier = new JarFile(jar.toFile(), true, java.util.zip.ZipFile.OPEN_READ,
                        Runtime.Version.parse(Integer.toString(Math.max(feature, 9))));
            }
            JarEntry entry = verifier.getJarEntry(name);
            if (entry == null || entry.isDirectory()) {
                return null;
            }
            try (InputStream in = verifier.getInputStream(entry)) {
                in.transferTo(OutputSink.INSTANCE); // signers are known only after the entry is read to its end
            }
            return entry.getCodeSigners();
        } catch (SecurityException e) {
            throw new BuildException(jar + "!/" + name + ": fails jar signature verification: " + e.getMessage());
        }
    }

    @Override
    public void close() throws IOException {
        try {
            zip.close();
        } finally {
            if (verifier != null) {
                verifier.close();
            }
        }
    }

    /** Discards bytes. */
    private static final class OutputSink extends java.io.OutputStream {
        static final OutputSink INSTANCE = new OutputSink();

        @Override
        public void write(int b) {
        }

        @Override
        public void write(byte[] b, int off, int len) {
        }
    }
}
