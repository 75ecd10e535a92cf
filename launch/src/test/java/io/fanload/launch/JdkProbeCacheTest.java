package io.fanload.launch;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The ranks' JDK asked once, then remembered in fanload's cache folder: a JDK laid out in a
 * temporary folder whose {@code bin/java} is a script that answers as {@code java
 * -XshowSettings:properties -version} does and counts how often it was asked.
 */
class JdkProbeCacheTest {

    @TempDir
    Path tmp;

    private Path jdk;
    private Path java;
    private Path asked;
    private Path cache;

    @BeforeEach
    void layOutAJdk() throws Exception {
        jdk = tmp.resolve("jdk-21");
        asked = tmp.resolve("asked");
        cache = tmp.resolve("cache/fanload");
        Files.createDirectories(jdk.resolve("lib/server"));
        Files.writeString(jdk.resolve("lib/modules"), "modules");
        Files.writeString(jdk.resolve("lib/server/libjvm.so"), "libjvm");
        Files.writeString(jdk.resolve("release"), "JAVA_VERSION=\"21\"\n");
        java = Files.createDirectories(jdk.resolve("bin")).resolve("java");
        Files.writeString(java, "#!/bin/sh\necho asked >> '" + asked + "'\n"
                + "echo 'Property settings:' >&2\n"
                + "echo '    java.home = " + jdk + "' >&2\n"
                + "echo '    java.specification.version = 21' >&2\n"
                + "echo '    java.vm.version = 21.0.5+11' >&2\n"
                + "echo '    os.arch = amd64' >&2\n");
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private int timesAsked() throws Exception {
        return Files.exists(asked) ? (int) Files.readAllLines(asked).size() : 0;
    }

    @Test
    void askedOnceThenRememberedUntilTheJdkChanges() throws Exception {
        JdkProbe.Jdk first = JdkProbe.probe(java.toString(), cache);
        assertEquals(new JdkProbe.Jdk(21, jdk, "21.0.5+11 amd64"), first);
        assertEquals(1, timesAsked());
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(cache)));

        assertEquals(first, JdkProbe.probe(java.toString(), cache));
        assertEquals(1, timesAsked(), "the second job's launch starts no JVM to ask");

        // An update in place (same path, new lib/modules) is another JDK.
        Files.setLastModifiedTime(jdk.resolve("lib/modules"), FileTime.fromMillis(System.currentTimeMillis() + 5_000));
        assertEquals(first, JdkProbe.probe(java.toString(), cache));
        assertEquals(2, timesAsked());
        assertEquals(first, JdkProbe.probe(java.toString(), cache));
        assertEquals(2, timesAsked());

        assertEquals(first, JdkProbe.probe(java.toString(), null));
        assertEquals(3, timesAsked(), "no cache folder (FANLOAD_AGENT_CDS=off): asked every time");
    }

    @Test
    void anAnswerOthersMayHaveWrittenIsNotUsed() throws Exception {
        JdkProbe.probe(java.toString(), cache);
        Path remembered;
        try (var files = Files.list(cache)) {
            remembered = files.filter(p -> p.getFileName().toString().matches("jdk-\\p{XDigit}{16}\\.properties"))
                    .findFirst().orElseThrow();
        }
        assertTrue(JdkProbeCache.lookUp(cache, java).isPresent());
        Files.setPosixFilePermissions(remembered, PosixFilePermissions.fromString("rw-rw-rw-"));
        assertEquals(Optional.empty(), JdkProbeCache.lookUp(cache, java), "its home decides what --runtime carries");
        Files.setPosixFilePermissions(remembered, PosixFilePermissions.fromString("rw-------"));
        Files.writeString(remembered, Files.readString(remembered).replace("key=", "key=other"));
        assertEquals(Optional.empty(), JdkProbeCache.lookUp(cache, java), "another JDK's answer");
    }

    @Test
    void aWrapperScriptWithoutAJdkBesideItIsNeverRemembered() throws Exception {
        Path wrapper = Files.createDirectories(tmp.resolve("tools")).resolve("java");
        Files.writeString(wrapper, "#!/bin/sh\nexec '" + java + "' \"$@\"\n");
        Files.setPosixFilePermissions(wrapper, PosixFilePermissions.fromString("rwxr-xr-x"));
        JdkProbe.probe(wrapper.toString(), cache);
        JdkProbe.probe(wrapper.toString(), cache);
        assertEquals(2, timesAsked(), "what a wrapper runs may change between jobs");
        assertFalse(JdkProbeCache.lookUp(cache, wrapper).isPresent());
    }
}
