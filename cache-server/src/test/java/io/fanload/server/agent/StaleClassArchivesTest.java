package io.fanload.server.agent;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Only fanload's own files, and only those not written for the age given, leave the cache folder. */
class StaleClassArchivesTest {

    @TempDir
    Path dir;

    @Test
    void removesFanloadsOldFilesAndNothingElse() throws Exception {
        List<String> ours = List.of("agent-jdk17-0123456789abcdef.jsa", "agent-jdk17-0123456789abcdef.jsa.crc32",
                "agent-jdk25-0123456789abcdef.jsa.failed", "launch-fedcba9876543210.jsa",
                "launch-fedcba9876543210.jsa.log-16735", "launch-fedcba9876543210.jsa.tmp-16735",
                "launch-fedcba9876543210.jsa.making", "jdk-0011223344556677.properties");
        List<String> notOurs = List.of("notes.txt", "launch-short.jsa", "agent-jdk17-0123456789abcdef.jsa.bak", "mine.jsa");
        FileTime old = FileTime.from(Instant.now().minus(Duration.ofDays(31)));
        for (String name : ours) {
            Files.setLastModifiedTime(Files.writeString(dir.resolve(name), "x"), old);
            Files.writeString(dir.resolve("new-" + name), "x"); // not ours by name, and new anyway
        }
        for (String name : notOurs) {
            Files.setLastModifiedTime(Files.writeString(dir.resolve(name), "x"), old);
        }
        Files.writeString(dir.resolve("launch-0000000000000000.jsa"), "x"); // ours, but recent
        Files.createDirectory(dir.resolve("agent-jdk17-1111111111111111.jsa")); // a folder: left alone
        Files.setLastModifiedTime(dir.resolve("agent-jdk17-1111111111111111.jsa"), old);

        StaleClassArchives.remove(dir, Duration.ofDays(30));

        try (Stream<Path> left = Files.list(dir)) {
            List<String> names = left.map(p -> p.getFileName().toString()).sorted().toList();
            List<String> expected = new java.util.ArrayList<>(notOurs);
            ours.forEach(name -> expected.add("new-" + name));
            expected.add("launch-0000000000000000.jsa");
            expected.add("agent-jdk17-1111111111111111.jsa");
            assertEquals(expected.stream().sorted().toList(), names);
        }
    }
}
