package io.fanload.hooks.serve;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A served rank whose JVM starts another with its own options (JMH's forks) has two JVMs writing
 * one counters file; the fork ends first. Its counts, misses included, must add to the rank's, not
 * be replaced by them: the report said 0 misses for forks that missed every class they loaded.
 */
class RankCountersTest {

    @TempDir
    Path dir;

    @Test
    void aRankJvmAddsTheCountersOfItsForkThatEndedFirst() throws Exception {
        Path file = dir.resolve("rank-3.properties");
        RankCounters fork = new RankCounters();
        fork.classes.set(5);
        fork.bytes.set(100);
        fork.miss("b/jmh_generated/Bench_jmhTest.class");
        fork.write(file, 3);

        RankCounters rank = new RankCounters();
        rank.classes.set(7);
        rank.bytes.set(50);
        rank.miss("org/example/Late.class");
        rank.miss("b/jmh_generated/Bench_jmhTest.class");
        rank.write(file, 3);

        Properties written = new Properties();
        try (Reader in = Files.newBufferedReader(file)) {
            written.load(in);
        }
        assertEquals("3", written.getProperty("rank"));
        assertEquals("12", written.getProperty("classesFromCache"));
        assertEquals("150", written.getProperty("bytesFromCache"));
        assertEquals("3", written.getProperty("misses"), "every miss counted, by both JVMs");
        assertEquals("org/example/Late.class", written.getProperty("missed.0"));
        assertEquals("b/jmh_generated/Bench_jmhTest.class", written.getProperty("missed.1"));
        assertEquals(null, written.getProperty("missed.2"), "a name once");
    }
}
