package io.fanload.server.agent;

import io.fanload.server.protocol.Errors;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * A dynamic AppCDS archive of the node agent's classes, for this JVM (its java.home and build) and
 * fanload's class path. A cold agent JVM loads ~1,170 classes that are not in the JDK's own CDS
 * archive (~520 of them Netty's) — about 0.55 s of CPU on a test node, spent just when the node's
 * ranks start; mapped from this archive, a job's agents were ready 0.3-0.8 s sooner on the test bed
 * (docs/TREE.md and docs/perf/tree.md, "The agents' class archive").
 * <p>
 * It lives in the user's cache folder ({@value #ENV_FOLDER}, default
 * {@code $XDG_CACHE_HOME/fanload} or {@code ~/.cache/fanload}), which a cluster's nodes share with
 * the batch host like the home folder itself: one file per JDK and fanload install, mapped by one
 * agent per node. The first job that needs it makes it with a short training run
 * ({@link AgentClassTraining}); {@link JvmClassArchive} makes, trusts and checks the file, and
 * launch checks its CRC-32 before every job; a JVM that cannot use it (another JDK build, a changed
 * jar) starts without it and says so in the agent's log. Any failure here only means agents start
 * without it.
 */
public final class AgentClassArchive {

    /** The folder of fanload's class archives (the agents' and launch's), or {@code off} for none. */
    public static final String ENV_FOLDER = "FANLOAD_AGENT_CDS";

    private final JvmClassArchive archive;

    AgentClassArchive(Path folder, String java, String classPath, List<String> jvmOptions) {
        String name = "agent-jdk" + Runtime.version().feature() + "-" + key(java, classPath, jvmOptions) + ".jsa";
        this.archive = new JvmClassArchive(folder.resolve(name), java, jvmOptions, classPath,
                AgentClassTraining.class.getName());
    }

    /**
     * The archive for agents started with this JVM's java, {@link AgentMain#JVM_OPTIONS} and the
     * agents' class path ({@link AgentClassPath}); empty when {@value #ENV_FOLDER} is {@code off} or
     * there is no home folder.
     */
    public static Optional<AgentClassArchive> forThisJvm(Map<String, String> env) {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return folder(env).map(folder -> new AgentClassArchive(folder, java, AgentClassPath.ofThisInstall(),
                AgentMain.JVM_OPTIONS));
    }

    /** The folder of fanload's class archives for {@code env}, if any. */
    public static Optional<Path> folder(Map<String, String> env) {
        String chosen = env.get(ENV_FOLDER);
        if ("off".equals(chosen)) {
            return Optional.empty();
        }
        if (chosen != null && !chosen.isEmpty()) {
            return Optional.of(Path.of(chosen).toAbsolutePath());
        }
        String cache = env.get("XDG_CACHE_HOME");
        if (cache != null && cache.startsWith("/")) {
            return Optional.of(Path.of(cache, "fanload"));
        }
        String home = env.get("HOME");
        return home != null && home.startsWith("/") ? Optional.of(Path.of(home, ".cache", "fanload")) : Optional.empty();
    }

    /** The archive's file (it may not exist yet). */
    public Path file() {
        return archive.file();
    }

    /**
     * The agent JVM options that map the archive, after making it if there is none yet; none when
     * it cannot be made or must not be trusted ({@code warn} says why; {@code say} tells that it was
     * made, or why an earlier failure is not retried).
     */
    public List<String> jvmOptions(Consumer<String> say, Consumer<String> warn) {
        Path file = file();
        try {
            String failed = archive.failedBefore();
            if (failed != null) {
                say.accept("agents start without a class archive: it could not be made before (" + failed
                        + "; remove " + archive.failedFile() + " to try again)");
                return List.of();
            }
            String damage;
            if (Files.exists(file, LinkOption.NOFOLLOW_LINKS) && archive.untrusted() == null
                    && (damage = archive.damage()) != null) {
                warn.accept("the agents' class archive " + file + " is damaged (" + damage + "); making it again");
                archive.remove();
            }
            if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
                long start = System.nanoTime();
                JvmClassArchive.Making making = archive.make();
                if (making.outcome() == JvmClassArchive.Making.Outcome.BUSY) {
                    say.accept("agents start without a class archive this time: " + making.detail());
                    return List.of();
                }
                if (making.outcome() == JvmClassArchive.Making.Outcome.FAILED) {
                    warn.accept("agents start without a class archive: " + making.detail());
                    return List.of();
                }
                say.accept(String.format(Locale.ROOT,
                        "made the agents' class archive in %.1f s (once for this JDK and fanload install): %s",
                        (System.nanoTime() - start) / 1e9, file));
            }
            String untrusted = archive.untrusted();
            if (untrusted != null) {
                warn.accept("agents start without the class archive " + file + ": " + untrusted);
                return List.of();
            }
            // -Xlog:cds=off: with an archive named on its command line, JDK 25 prints three [error][cds]
            // lines at every start because the JDK's own base archive was made without the agents'
            // --enable-native-access (the archive still maps). A top archive the JVM cannot use is
            // still said in the agent's log, under cds+dynamic.
            return List.of("-XX:SharedArchiveFile=" + file, "-Xlog:cds=off");
        } catch (IOException e) {
            warn.accept("agents start without a class archive: " + Errors.oneLine(e));
            return List.of();
        }
    }

    /** What is wrong with the archive's bytes (null if nothing). */
    String damage() throws IOException {
        return archive.damage();
    }

    /**
     * What the JVM checks the archive against, so that another JDK build, fanload install or set
     * of agent options gets its own file rather than one it would refuse.
     */
    private static String key(String java, String classPath, List<String> jvmOptions) {
        StringBuilder text = new StringBuilder(java).append('\n').append(System.getProperty("java.vm.version"))
                .append('\n').append(String.join(" ", jvmOptions)).append('\n');
        for (String entry : classPath.split(File.pathSeparator)) {
            text.append(entry);
            try {
                BasicFileAttributes attributes = Files.readAttributes(Path.of(entry), BasicFileAttributes.class);
                text.append(' ').append(attributes.size()).append(' ').append(attributes.lastModifiedTime().toMillis());
            } catch (IOException | InvalidPathException e) {
                // a missing entry is part of the class path as the JVM sees it too
            }
            text.append('\n');
        }
        return PrivateFiles.keyOf(text.toString());
    }
}
