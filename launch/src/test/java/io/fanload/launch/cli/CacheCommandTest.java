package io.fanload.launch.cli;

import io.fanload.hooks.archive.ArchiveReader;
import io.fanload.writer.testing.Jars;
import io.fanload.writer.tools.Sizes;
import io.fanload.writer.testing.PilotFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.LinkedHashMap;
import java.util.Map;

import static io.fanload.writer.testing.Jars.utf8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The fanload-cache command line, run in-process with captured streams. */
class CacheCommandTest {

    @TempDir
    Path dir;

    private record Run(int code, String out, String err) {
    }

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = CacheCommand.commandLine(new PrintWriter(out, true), new PrintWriter(err, true)).execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    private Path jar;

    private Path pilot(String name, String mainContent) throws Exception {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("com/x/Main.class", utf8(mainContent));
        entries.put("big/data.bin", new byte[200_000]);
        jar = Jars.jar(dir.resolve(name + ".jar"), entries);
        Path pilot = Files.createDirectories(dir.resolve(name));
        new PilotFixture(0, 17).classPath(jar).found(0, "com/x/Main.class", utf8(mainContent))
                .found(0, "big/data.bin", new byte[200_000]).absent("log4j2.xml").writeInto(pilot);
        new PilotFixture(1, 17).classPath(jar).found(0, "com/x/Main.class", utf8(mainContent)).writeInto(pilot);
        return pilot;
    }

    @Test
    void writeInspectVerifyAndImage() throws Exception {
        Path archive = dir.resolve("app.fanload");
        Run write = run("write", "--pilot", pilot("p1", "main").toString(), "--out", archive.toString());
        assertEquals(0, write.code(), write.err());
        assertTrue(write.out().contains("3 names (1 absent), 2 entries"), write.out());
        assertTrue(write.out().contains("pilot: 2 ranks"), write.out());

        Run inspect = run("inspect", "--top", "1", archive.toString());
        assertEquals(0, inspect.code(), inspect.err());
        String[] lines = inspect.out().split("\n");
        int largest = java.util.Arrays.asList(lines).indexOf("largest first:");
        assertTrue(lines[largest + 1].contains("big/data.bin"), inspect.out());
        assertTrue(lines[largest + 2].contains("... 1 more"), inspect.out());
        assertTrue(inspect.out().contains("JDK 17"));
        assertTrue(inspect.out().contains("command              java -cp app.jar Main"), inspect.out());
        int whole = java.util.Arrays.asList(lines).indexOf("files carried whole: 1, "
                + Sizes.bytes(Files.size(jar)) + " (written as node-local copies)");
        assertTrue(whole > 0 && lines[whole + 1].endsWith(jar.toString()), "the whole-file part: " + inspect.out());

        assertTrue(inspect.out().strip().endsWith("(the digest matches; 'fanload-cache verify " + archive
                + "' also checks every entry and the sources)"), "inspect says what it checked and what checks more: " + inspect.out());

        Run verify = run("verify", archive.toString());
        assertEquals(0, verify.code(), verify.err());
        assertTrue(verify.out().contains("sound (2 entries, 1 sources checked)"), verify.out());

        Run image = run("image", archive.toString(), dir.resolve("node").toString());
        assertEquals(0, image.code(), image.err());
        assertTrue(Files.exists(dir.resolve("node/READY")));
    }

    @Test
    void verifyReportsAStaleSourceAndFails() throws Exception {
        Path archive = dir.resolve("app.fanload");
        assertEquals(0, run("write", "--pilot", pilot("p1", "main").toString(), "--out", archive.toString()).code());
        Files.setLastModifiedTime(jar, FileTime.fromMillis(Files.getLastModifiedTime(jar).toMillis() + 5000));
        Run touched = run("verify", archive.toString());
        assertEquals(ExitCodes.FAILED, touched.code());
        assertTrue(touched.err().contains("modification time changed (content identical)"), touched.err());
        Files.write(jar, utf8("not a jar any more"));
        Run changed = run("verify", archive.toString());
        assertEquals(ExitCodes.FAILED, changed.code());
        assertTrue(changed.err().contains(jar + ": size"), changed.err());
        assertTrue(changed.err().contains("NOT sound (") && !changed.err().contains("(1 problems)"), changed.err());
    }

    @Test
    void diffShowsWhatChanged() throws Exception {
        Path a = dir.resolve("a.fanload");
        Path b = dir.resolve("b.fanload");
        assertEquals(0, run("write", "--pilot", pilot("p1", "main").toString(), "--out", a.toString()).code());
        assertEquals(0, run("write", "--pilot", pilot("p2", "main v2").toString(), "--out", b.toString()).code());
        Run same = run("diff", a.toString(), a.toString());
        assertEquals(0, same.code(), same.out());
        assertEquals("", same.out());
        Run diff = run("diff", a.toString(), b.toString());
        assertEquals(ExitCodes.FAILED, diff.code());
        assertTrue(diff.out().lines().anyMatch(l -> l.startsWith("~ com/x/Main.class")), diff.out());
        assertFalse(diff.out().lines().anyMatch(l -> l.startsWith("~ big/data.bin: ") && !l.contains("p2.jar")), diff.out());
    }

    @Test
    void badInputIsOneLineAndANonZeroExit() throws Exception {
        Path garbage = dir.resolve("garbage.fanload");
        Files.write(garbage, new byte[1000]);
        assertOneLineError(run("inspect", garbage.toString()), ExitCodes.CACHE_FAILURE, "wrong magic");
        assertOneLineError(run("inspect", garbage.toString()), ExitCodes.CACHE_FAILURE, "is damaged");
        assertOneLineError(run("inspect", garbage.toString()), ExitCodes.CACHE_FAILURE, "fanload-cache verify " + garbage);
        assertOneLineError(run("inspect", dir.resolve("none.fanload").toString()), ExitCodes.NO_INPUT,
                "no such archive: " + dir.resolve("none.fanload"));
        assertOneLineError(run("verify", dir.resolve("none.fanload").toString()), ExitCodes.NO_INPUT, "no such archive: ");
        assertOneLineError(run("write", "--pilot", dir.resolve("nowhere").toString(), "--out", dir.resolve("x").toString()),
                ExitCodes.CACHE_FAILURE, "pilot directory does not exist");
        Path empty = Files.createDirectories(dir.resolve("empty"));
        assertOneLineError(run("write", "--pilot", empty.toString(), "--out", dir.resolve("x").toString()),
                ExitCodes.CACHE_FAILURE, "no rank records");
        Path truncated = Files.createDirectories(dir.resolve("truncated"));
        Files.writeString(truncated.resolve("rank-0.record"), "fanload-record\t1\nrank\t0\ncp\t/a.jar\n");
        assertOneLineError(run("write", "--pilot", truncated.toString(), "--out", dir.resolve("x").toString()),
                ExitCodes.CACHE_FAILURE, "truncated record");
        assertOneLineError(run("inspect", "--top", "-1", garbage.toString()), ExitCodes.USAGE, "--top");
        assertOneLineError(run("inspect", "--no-such-option", garbage.toString()), ExitCodes.USAGE, "no-such-option");
        assertOneLineError(run("write", "--pilot", empty.toString()), ExitCodes.USAGE, "--out");
        assertOneLineError(run(), ExitCodes.USAGE, "missing subcommand");
        Run verify = run("verify", garbage.toString());
        assertEquals(ExitCodes.FAILED, verify.code());
        assertFalse(Files.exists(dir.resolve("x")));
    }

    /** An archive cut short (a copy that stopped half way): inspect says it is damaged and names verify. */
    @Test
    void inspectOfATruncatedArchiveSaysDamagedAndNamesVerify() throws Exception {
        Path archive = dir.resolve("cut.fanload");
        assertEquals(0, run("write", "--pilot", pilot("p3", "main").toString(), "--out", archive.toString()).code());
        byte[] whole = Files.readAllBytes(archive);
        Files.write(archive, java.util.Arrays.copyOf(whole, whole.length / 2));
        Run inspect = run("inspect", archive.toString());
        assertOneLineError(inspect, ExitCodes.CACHE_FAILURE, archive + " is damaged: ");
        assertTrue(inspect.err().contains("'fanload-cache verify " + archive + "'"), inspect.err());
        assertEquals(ExitCodes.FAILED, run("verify", archive.toString()).code());
    }

    /** One byte changed in the entries' data (a bad disk block, a bad copy): the index still reads, the digest does not match. */
    @Test
    void inspectOfAnArchiveWithAFlippedByteSaysDamagedAndNamesVerify() throws Exception {
        Path archive = dir.resolve("flipped.fanload");
        assertEquals(0, run("write", "--pilot", pilot("p4", "main").toString(), "--out", archive.toString()).code());
        long dataStart;
        long dataEnd;
        try (ArchiveReader reader = ArchiveReader.open(archive)) {
            dataStart = reader.filesEnd();
            dataEnd = reader.dataEnd();
        }
        byte[] bytes = Files.readAllBytes(archive);
        // in an entry's stored bytes, so the index still reads wherever the paths put the metadata
        bytes[(int) ((dataStart + dataEnd) / 2)] ^= (byte) 0xff;
        Files.write(archive, bytes);
        Run inspect = run("inspect", archive.toString());
        assertEquals(ExitCodes.CACHE_FAILURE, inspect.code(), inspect.err());
        assertTrue(inspect.out().contains("largest first:"), "the listing still shows: " + inspect.out());
        assertTrue(inspect.err().startsWith("fanload-cache: " + archive + " is damaged: its bytes do not match its SHA-256 digest; "
                + "'fanload-cache verify " + archive + "'"), inspect.err());
        assertEquals(ExitCodes.FAILED, run("verify", archive.toString()).code());
    }

    private static void assertOneLineError(Run run, int code, String text) {
        assertEquals(code, run.code(), run.err());
        assertEquals(1, run.err().lines().count(), run.err());
        assertTrue(run.err().contains(text), run.err());
        assertTrue(run.err().startsWith("fanload-cache: "), run.err());
    }
}
