package io.fanload.server.agent;

import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AgentMainTest {

    private static int run(Map<String, String> env, StringWriter err, String... args) {
        return AgentMain.run(env, new PrintWriter(new StringWriter()), new PrintWriter(err, true), args);
    }

    @Test
    void usageErrorsAreOneLineAndExitTwo() {
        StringWriter err = new StringWriter();
        assertEquals(2, run(Map.of(), err, "--node-id", "n1", "--local-dir", "/tmp/x"));
        assertTrue(err.toString().contains("no coordinator"), err.toString());
        assertEquals(1, err.toString().lines().count(), err.toString());
        StringWriter err2 = new StringWriter();
        assertEquals(2, run(Map.of(), err2, "--bogus"));
        assertEquals(1, err2.toString().lines().count(), err2.toString());
        StringWriter err3 = new StringWriter();
        assertEquals(2, run(Map.of(AgentMain.ENV_COORDINATOR, "127.0.0.1:9"), err3, "--node-id", "n1",
                "--local-dir", "/tmp/x", "--with-file", "/nonexistent/loader-hooks.jar"));
        assertTrue(err3.toString().contains("--with-file /nonexistent/loader-hooks.jar is not a file"), err3.toString());
        assertEquals(1, err3.toString().lines().count(), err3.toString());
    }

    @Test
    void optionsParseInBothSpellingsAndBadOnesAreNamed() {
        AgentOptions options = AgentOptions.parse("--node-id", "n1", "--local-dir=/tmp/x", "--data-port=4000",
                "--with-file", "/a.jar", "--with-file=/b.jar", "--keep", "--bind", "127.0.0.1");
        assertEquals("n1", options.nodeId);
        assertEquals(java.nio.file.Path.of("/tmp/x"), options.localDir);
        assertEquals(4000, options.dataPort);
        assertEquals(java.util.List.of(java.nio.file.Path.of("/a.jar"), java.nio.file.Path.of("/b.jar")), options.withFiles);
        assertTrue(options.keep);
        assertFalse(options.archiveOnly);
        assertEquals("127.0.0.1", options.bind);
        assertEquals("local", AgentOptions.parse().job);
        for (String[] bad : new String[][] {{"--data-port", "x"}, {"--data-port=70000"}, {"--node-id"}, {"--keep=yes"},
                {"stray"}, {"-x", "1"}}) {
            StringWriter err = new StringWriter();
            assertEquals(2, run(Map.of(), err, bad), String.join(" ", bad));
            assertTrue(err.toString().startsWith("fanload-agent: ") && err.toString().endsWith("(see --help)\n"), err.toString());
            assertEquals(1, err.toString().lines().count(), err.toString());
        }
        StringWriter out = new StringWriter();
        assertEquals(0, AgentMain.run(Map.of(), new PrintWriter(out, true), new PrintWriter(new StringWriter()), "--help"));
        assertTrue(out.toString().startsWith("Usage: fanload-agent"), out.toString());
        assertTrue(out.toString().contains("--verdict-dir=DIR"), out.toString());
    }

    @Test
    void missingSecretIsOneLineAndExitOne() {
        StringWriter err = new StringWriter();
        int code = run(Map.of(AgentMain.ENV_COORDINATOR, "127.0.0.1:9"), err, "--node-id", "n1", "--local-dir", "/tmp/x");
        assertEquals(1, code);
        assertTrue(err.toString().startsWith("fanload-agent: no job secret"), err.toString());
        assertFalse(err.toString().contains("\tat "), "no stack trace");
    }

    @Test
    void addressesParseAndTheAdvertisedAddressIsRoutable() throws Exception {
        assertEquals(new InetSocketAddress("10.1.2.3", 4000), AgentMain.parseAddress("10.1.2.3:4000"));
        assertEquals(new InetSocketAddress("::1", 4000), AgentMain.parseAddress("[::1]:4000"));
        assertThrows(IllegalArgumentException.class, () -> AgentMain.parseAddress("nohost"));
        assertEquals("127.0.0.1", AgentMain.addressTowards(new InetSocketAddress("127.0.0.1", 9)));
    }
}
