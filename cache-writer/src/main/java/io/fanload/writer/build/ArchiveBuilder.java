package io.fanload.writer.build;

import io.fanload.hooks.archive.ArchiveFormat;
import io.fanload.hooks.archive.EntryKind;
import io.fanload.hooks.archive.SignerEncoding;
import io.fanload.hooks.archive.WholeFileTable.WholeFile;
import io.fanload.hooks.pilotrecord.RecordReader;
import io.fanload.writer.archive.ArchiveWriter;
import io.fanload.writer.archive.Blob;
import io.fanload.writer.archive.HitSpec;
import io.fanload.writer.pilot.MergedName;
import io.fanload.writer.pilot.MergedNative;
import io.fanload.writer.pilot.MergedPilot;
import io.fanload.writer.pilot.PilotMerger;
import io.fanload.writer.source.BuildException;
import io.fanload.writer.source.ClassPathSource;
import io.fanload.writer.source.DirectorySource;
import io.fanload.writer.source.ElfInfo;
import io.fanload.writer.source.FileFingerprint;
import io.fanload.writer.source.JarSource;
import io.fanload.writer.source.MissingSource;
import io.fanload.writer.source.SourceEntry;
import io.fanload.writer.source.SourceLimits;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeMap;

/** Pilot directory in, archive out: see the package documentation. */
public final class ArchiveBuilder {

    /** Version of this writer, recorded in every archive's provenance. */
    public static final String WRITER_VERSION = "fanload-cache-writer 0.1";

    private final SourceLimits limits;
    private final List<ClassPathSource> sources = new ArrayList<>();
    private final Map<String, HitSpec> blobsByEntry = new HashMap<>();
    private final Set<String> sourcePaths = new HashSet<>();
    private long rawBytes;
    private long storedBytes;

    private ArchiveBuilder(SourceLimits limits) {
        this.limits = limits;
    }

    public static BuildResult build(Path pilotDir, Path archive) throws IOException {
        return build(pilotDir, archive, SourceLimits.DEFAULT);
    }

    public static BuildResult build(Path pilotDir, Path archive, SourceLimits limits) throws IOException {
        return build(pilotDir, archive, limits, null);
    }

    /**
     * The archive of the pilot in {@code pilotDir}; with {@code runtimeHome} (not null) it also carries
     * that JDK's files whole, so that served ranks run it from their node (launch --runtime).
     */
    public static BuildResult build(Path pilotDir, Path archive, SourceLimits limits, Path runtimeHome) throws IOException {
        return build(pilotDir, archive, limits, runtimeHome, null);
    }

    /** The same, also carrying {@code jvmCache} (not null) with its provenance (launch --jvm-cache). */
    public static BuildResult build(Path pilotDir, Path archive, SourceLimits limits, Path runtimeHome,
                                    TrainedJvmCache jvmCache) throws IOException {
        MergedPilot pilot = PilotMerger.merge(RecordReader.readAll(pilotDir));
        return new ArchiveBuilder(limits).write(pilot, archive, runtimeHome, jvmCache);
    }

    private BuildResult write(MergedPilot pilot, Path archive, Path runtimeHome, TrainedJvmCache jvmCache)
            throws IOException {
        ClassPathFiles files = ClassPathFiles.of(pilot, runtimeHome, jvmCache == null ? null : jvmCache.file());
        try (ArchiveWriter writer = ArchiveWriter.create(archive, pilot.feature(), false, files.wholeFiles(),
                files.neighbourLinks())) {
            openSources(pilot, writer, files);
            int absent = 0;
            int entries = 0;
            for (MergedName name : pilot.names()) {
                List<HitSpec> hits = hitsFor(name, writer);
                if (hits.isEmpty()) {
                    absent++;
                }
                entries += hits.size();
                writer.addName(name.name(), hits);
            }
            addNatives(pilot, writer);
            addDirectoryFileSources(writer, files);
            addCarriedSources(writer, files);
            for (Map.Entry<String, String> entry : pilot.provenance().entrySet()) {
                writer.addProvenance(entry.getKey(), entry.getValue());
            }
            writer.addProvenance("writer.version", WRITER_VERSION);
            if (runtimeHome != null) {
                writer.addProvenance(ArchiveFormat.PROVENANCE_RUNTIME_HOME, runtimeHome.toAbsolutePath().normalize().toString());
            }
            if (jvmCache != null) {
                writer.addProvenance(ArchiveFormat.PROVENANCE_JVM_CACHE_FILE, jvmCache.file().toString());
                new TreeMap<>(jvmCache.provenance()).forEach(writer::addProvenance);
            }
            writer.addProvenance("pilot.rank.list", pilot.ranks().toString());
            for (String line : pilot.differences()) {
                writer.addProvenance("pilot.difference", line);
            }
            return new BuildResult(writer.commit(), pilot, pilot.names().size(), absent, entries,
                    pilot.natives().size(), rawBytes, storedBytes);
        } finally {
            closeSources();
        }
    }

    private void openSources(MergedPilot pilot, ArchiveWriter writer, ClassPathFiles files) throws IOException {
        for (String element : pilot.origins()) {
            Path path = Path.of(element);
            ClassPathSource source;
            int sourceIndex = ArchiveFormat.NONE;
            if (Files.isDirectory(path)) {
                source = new DirectorySource(path, element, limits);
            } else if (Files.isRegularFile(path)) {
                sourceIndex = addSource(writer, element, ArchiveFormat.SOURCE_JAR, files.fingerprint(path));
                source = new JarSource(path, element, pilot.feature(), limits);
            } else {
                source = new MissingSource(element);
            }
            sources.add(source);
            SourceEntry manifest = source.manifest();
            HitSpec manifestHit = manifest == null ? null : hit(sources.size() - 1, manifest, writer);
            writer.addOrigin(element, source.originKind(), source.multiRelease(), sourceIndex, manifestHit,
                    files.listing(sources.size() - 1));
        }
    }

    /**
     * Every origin's answer for the name, in class-path order. Where a pilot rank found the name,
     * the content must be what it got; where every rank found it absent, no origin may have it now.
     */
    private List<HitSpec> hitsFor(MergedName name, ArchiveWriter writer) throws IOException {
        List<HitSpec> hits = new ArrayList<>();
        for (int origin = 0; origin < sources.size(); origin++) {
            MergedName.Expected expected = name.found().get(origin);
            OptionalInt crc = expected == null || expected.kind() == EntryKind.DIRECTORY
                    ? OptionalInt.empty() : OptionalInt.of(expected.crc32c());
            SourceEntry entry = sources.get(origin).find(name.name(), crc);
            if (entry == null) {
                if (expected != null) {
                    throw new BuildException(sources.get(origin).path() + ": the pilot loaded " + name.name()
                            + " from it, but it is not there now (changed since the pilot; run the pilot again)");
                }
                continue;
            }
            if (name.found().isEmpty() && name.absentSeen() && entry.kind() == EntryKind.DIRECTORY) {
                // A folder entry of a multi-release jar ("" or "x/" answered from META-INF/versions/N/)
                // is found by some JDK releases and not others (17 yes, 25 no, ClassGraph's
                // getResources("")): the pilot ran the ranks' release, so its "absent" stands.
                continue;
            }
            if (name.found().isEmpty() && name.absentSeen()) {
                throw new BuildException(sources.get(origin).path() + ": has " + name.name()
                        + ", which the pilot found nowhere (the class path changed since the pilot; run the pilot again)");
            }
            hits.add(hit(origin, entry, writer));
        }
        return hits;
    }

    /** One blob per (origin, stored entry): a manifest asked for by name shares the origin's copy. */
    private HitSpec hit(int origin, SourceEntry entry, ArchiveWriter writer) throws IOException {
        String key = origin + "\0" + entry.entryName();
        HitSpec existing = blobsByEntry.get(key);
        if (existing != null) {
            return existing;
        }
        int signerSet = ArchiveFormat.NONE;
        if (entry.signers() != null && entry.signers().length > 0) {
            try {
                signerSet = writer.addSignerSet(SignerEncoding.encode(entry.signers()));
            } catch (GeneralSecurityException e) {
                throw new BuildException(sources.get(origin).path() + "!/" + entry.entryName()
                        + ": cannot encode its signers: " + e.getMessage());
            }
        }
        HitSpec hit = new HitSpec(origin, signerSet, entry.kind(), entry.lastModified(), blob(entry.content(), writer));
        blobsByEntry.put(key, hit);
        return hit;
    }

    private Blob blob(byte[] content, ArchiveWriter writer) throws IOException {
        Blob blob = writer.addBlob(content);
        rawBytes += blob.rawLength();
        storedBytes += blob.storedLength();
        return blob;
    }

    private void addNatives(MergedPilot pilot, ArchiveWriter writer) throws IOException {
        int order = 0;
        for (MergedNative lib : pilot.natives()) {
            Path path = Path.of(lib.path());
            if (!Files.isRegularFile(path)) {
                throw new BuildException(path + ": the pilot loaded this shared object, but it does not exist now");
            }
            FileFingerprint print = FileFingerprint.of(path);
            byte[] content;
            try (InputStream in = Files.newInputStream(path)) {
                content = in.readNBytes((int) Math.min(print.size(), limits.maxEntryBytes() + 1));
            }
            if (content.length > limits.maxEntryBytes()) {
                throw new BuildException(path + ": shared object exceeds the limit of " + limits.maxEntryBytes() + " bytes");
            }
            ElfInfo elf = ElfInfo.parse(content);
            int source = writer.addSource(lib.path(), ArchiveFormat.SOURCE_SHARED_OBJECT, print.size(),
                    print.mtimeNanos(), print.sha256());
            HitSpec hit = new HitSpec(ArchiveFormat.NONE, ArchiveFormat.NONE, EntryKind.NATIVE,
                    print.mtimeNanos() / 1_000_000, blob(content, writer));
            writer.addNative(path.getFileName().toString(), elf.soname(), lib.path(), elf.needed(), hit, source,
                    order++, lib.flags());
        }
    }

    private void addDirectoryFileSources(ArchiveWriter writer, ClassPathFiles files) throws IOException {
        for (ClassPathSource source : sources) {
            if (source instanceof DirectorySource directory) {
                for (Path file : directory.filesRead()) {
                    addSource(writer, file.toString(), ArchiveFormat.SOURCE_DIRECTORY_FILE, files.fingerprint(file));
                }
            }
        }
    }

    /**
     * A SOURCES row for every carried file not yet one (jars the application opened beside its class
     * path, the runtime's files): verify checks a carried file against its row, and launch's staleness
     * stat covers it.
     */
    private void addCarriedSources(ArchiveWriter writer, ClassPathFiles files) throws IOException {
        for (WholeFile file : files.wholeFiles()) {
            if (!sourcePaths.contains(file.path())) {
                int kind = files.isRuntime(file.path()) ? ArchiveFormat.SOURCE_RUNTIME
                        : files.isJvmCache(file.path()) ? ArchiveFormat.SOURCE_JVM_CACHE : ArchiveFormat.SOURCE_JAR;
                addSource(writer, file.path(), kind, files.fingerprint(Path.of(file.path())));
            }
        }
    }

    private int addSource(ArchiveWriter writer, String path, int kind, FileFingerprint print) {
        sourcePaths.add(path);
        return writer.addSource(path, kind, print.size(), print.mtimeNanos(), print.sha256());
    }

    private void closeSources() throws IOException {
        IOException failure = null;
        for (ClassPathSource source : sources) {
            try {
                source.close();
            } catch (IOException e) {
                failure = failure == null ? e : failure;
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}
