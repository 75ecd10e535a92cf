package io.fanload.launch;

import io.fanload.hooks.archive.ArchiveException;
import io.fanload.hooks.archive.ArchiveFormat;
import io.fanload.hooks.archive.ArchiveReader;
import io.fanload.hooks.archive.WholeFileTable.WholeFile;
import io.fanload.hooks.pilotrecord.PilotRecord;
import io.fanload.hooks.rank.JvmCacheOptions;

import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Whether a read-cache job's ranks start with the archive's trained JVM cache ({@code --serve}),
 * decided once by launch: the cache must have been trained by this JDK build, with these JVM
 * options, this class path and the same choice of runtime; otherwise ranks use fanload's loader and
 * launch says why, once. What launch cannot know (the nodes' CPUs, a node where another job holds
 * the cache's link) the ranks find out themselves and their counters tell.
 *
 * @param kind  {@code aot} or {@code appcds} ({@link JvmCacheOptions})
 * @param file  the cache file's carried path (its node copy is under the node folder's {@code cp/})
 * @param link  the path the cache was trained at, a link to the node folder on every node
 * @param bytes the cache file's size
 */
record JvmCacheChoice(String kind, String file, Path link, long bytes) {

    /** What an archive says of its trained cache: read while launch has the archive open. */
    record Trained(String kind, String file, String link, String jdk, String options, boolean runtime,
                   List<String> classPath, long bytes) {

        /** The trained cache of {@code reader}'s archive, or null when it carries none. */
        static Trained of(ArchiveReader reader) throws ArchiveException {
            String file = reader.provenance(ArchiveFormat.PROVENANCE_JVM_CACHE_FILE);
            if (file == null) {
                return null;
            }
            long bytes = 0;
            for (WholeFile carried : reader.wholeFileTable().files()) {
                if (carried.path().equals(file)) {
                    bytes = carried.size();
                }
            }
            // The class path the pilot was given, not its origins: those add the jars a manifest's
            // Class-Path names, which the JVM follows by itself (java -jar app.jar, lib/ beside it)
            String given = reader.provenance(PilotRecord.CLASS_PATH);
            List<String> classPath = new ArrayList<>();
            if (given != null) {
                classPath.addAll(Arrays.asList(given.split(File.pathSeparator, -1)));
            } else {
                for (int i = 0; i < reader.originCount(); i++) {
                    classPath.add(reader.origin(i).path());
                }
            }
            return new Trained(reader.provenance(ArchiveFormat.PROVENANCE_JVM_CACHE_KIND), file,
                    reader.provenance(ArchiveFormat.PROVENANCE_JVM_CACHE_LINK),
                    reader.provenance(ArchiveFormat.PROVENANCE_JVM_CACHE_JDK),
                    reader.provenance(ArchiveFormat.PROVENANCE_JVM_CACHE_OPTIONS),
                    Boolean.parseBoolean(reader.provenance(ArchiveFormat.PROVENANCE_JVM_CACHE_RUNTIME)), classPath, bytes);
        }
    }

    /**
     * The choice for this job: {@code trained} is the archive's cache or null, {@code servedRuntime}
     * the carried JDK home ranks run ({@link RuntimeCopy#servedHome}) or null. With {@code --serve
     * cache}, a cache that cannot be used stops the job before any rank starts.
     */
    static Optional<JvmCacheChoice> decide(LaunchSettings settings, LaunchReport report, JdkProbe.Jdk jdk,
                                           Trained trained, String servedRuntime) throws ArchiveException {
        if (settings.serve() == JvmCacheModes.Serve.LOADER) {
            report.put("serve", "loader");
            if (trained != null) {
                settings.say("jvm cache: not used (--serve loader); ranks use fanload's loader");
            }
            return Optional.empty();
        }
        Optional<String> why = whyNot(settings, jdk, trained, servedRuntime);
        if (why.isPresent()) {
            if (settings.serve() == JvmCacheModes.Serve.CACHE) {
                throw new ArchiveException(settings.cache() + ": --serve cache: " + why.get());
            }
            report.put("serve", "loader");
            if (trained != null) {
                report.put("jvmCacheNotUsed", why.get());
                settings.say("jvm cache: not used: " + why.get() + "; ranks use fanload's loader");
            }
            return Optional.empty();
        }
        report.put("serve", "cache");
        report.put("jvmCacheBytes", trained.bytes());
        report.put("jvmCacheLink", trained.link());
        return Optional.of(new JvmCacheChoice(trained.kind(), trained.file(), Path.of(trained.link()), trained.bytes()));
    }

    private static Optional<String> whyNot(LaunchSettings settings, JdkProbe.Jdk jdk, Trained trained, String servedRuntime) {
        if (trained == null) {
            return Optional.of("the archive carries no trained JVM cache (the pilot trains one with --jvm-cache auto)");
        }
        if (!jdk.build().equals(trained.jdk())) {
            return Optional.of("it was trained on JDK " + trained.jdk() + ", ranks run " + jdk.build());
        }
        List<String> options = settings.command().jvmOptions();
        List<String> trainedOptions = trained.options().isEmpty() ? List.of()
                : Arrays.asList(trained.options().split(JvmCacheTraining.OPTION_SEPARATOR, -1));
        if (!options.equals(trainedOptions)) {
            return Optional.of("the JVM options " + options + " differ from the pilot's " + trainedOptions);
        }
        if (!settings.command().classPath().equals(trained.classPath())) {
            return Optional.of("the class path differs from the pilot's");
        }
        if (settings.strict() && settings.serve() == JvmCacheModes.Serve.AUTO) {
            return Optional.of("--strict stops a rank at its first miss, which only fanload's loader can"
                    + " (--serve cache --strict keeps every load node-local but lets misses run)");
        }
        if (trained.runtime() && servedRuntime == null) {
            return Optional.of("it was trained with the archive's runtime, which ranks do not run");
        }
        return Optional.empty();
    }
}
