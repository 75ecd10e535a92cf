package io.fanload.launch;

import io.fanload.server.agent.PrivateFiles;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * What {@link JdkProbe} learnt of a JDK other than launch's own, kept in fanload's cache folder
 * beside its class archives: a site install runs launch on a JDK of its own (Spack's sets
 * FANLOAD_JAVA), so every job whose ranks run the user's JDK started one more JVM to ask it, before
 * any rank could start. Keyed by the java's real path and the size and modification time of its
 * JDK's {@code lib/modules}, {@code lib/server/libjvm.so} and {@code release}: an updated JDK is
 * another key, and a wrapper script (no JDK beside it) is never remembered. The answer names the
 * home that {@code --runtime} carries, so a file is used only where {@link PrivateFiles} trusts it.
 * Any failure here only means the probe runs.
 */
final class JdkProbeCache {

    private static final List<String> IDENTITY = List.of("lib/modules", "lib/server/libjvm.so", "release");

    private JdkProbeCache() {
    }

    /** The answer remembered for {@code executable} in {@code folder}, if its JDK is unchanged since. */
    static Optional<JdkProbe.Jdk> lookUp(Path folder, Path executable) {
        try {
            String key = key(executable);
            Path file = file(folder, key);
            if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS) || PrivateFiles.untrusted(file) != null) {
                return Optional.empty();
            }
            Properties answer = new Properties();
            try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                answer.load(in);
            }
            if (!key.equals(answer.getProperty("key"))) {
                return Optional.empty();
            }
            return Optional.of(new JdkProbe.Jdk(Integer.parseInt(answer.getProperty("feature")),
                    Path.of(answer.getProperty("home")), answer.getProperty("build")));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** Remembers {@code jdk} as the answer for {@code executable}; quietly does nothing when it cannot. */
    static void remember(Path folder, Path executable, JdkProbe.Jdk jdk) {
        Path temp = null;
        try {
            String key = key(executable);
            PrivateFiles.ensureFolder(folder);
            Properties answer = new Properties();
            answer.setProperty("key", key);
            answer.setProperty("feature", Integer.toString(jdk.feature()));
            answer.setProperty("home", jdk.home().toString());
            answer.setProperty("build", jdk.build());
            temp = Files.createTempFile(folder, "jdk-", ".tmp",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            try (Writer out = Files.newBufferedWriter(temp, StandardCharsets.UTF_8)) {
                answer.store(out, "fanload: what " + executable + " answered (JdkProbe)");
            }
            Files.move(temp, file(folder, key), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            temp = null;
        } catch (IOException | RuntimeException e) {
            // the next job asks the JDK again
        } finally {
            if (temp != null) {
                try {
                    Files.deleteIfExists(temp);
                } catch (IOException e) {
                    // a stray temporary file in the user's cache folder
                }
            }
        }
    }

    /** The identity of the JDK whose {@code bin/java} {@code executable} is; throws when it is none. */
    static String key(Path executable) throws IOException {
        Path real = executable.toRealPath();
        Path bin = real.getParent();
        if (bin == null || bin.getParent() == null || !bin.getFileName().toString().equals("bin")) {
            throw new IOException(real + " is not a JDK's bin/java");
        }
        StringBuilder key = new StringBuilder(real.toString());
        for (String part : IDENTITY) {
            BasicFileAttributes attributes = Files.readAttributes(bin.getParent().resolve(part), BasicFileAttributes.class);
            key.append('|').append(part).append(' ').append(attributes.size()).append(' ')
                    .append(attributes.lastModifiedTime().to(TimeUnit.NANOSECONDS));
        }
        return key.toString();
    }

    private static Path file(Path folder, String key) {
        return folder.resolve("jdk-" + PrivateFiles.keyOf(key) + ".properties");
    }
}
