package io.fanload.server.agent;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The command line of {@code fanload-agent}, parsed by hand: the agent starts on every node on the
 * critical path of the job, and picocli, whose Java 5 class files no JDK 17 class archive can hold,
 * cost each agent about 0.2 s of start-up (docs/perf/tree.md, "Agent JVM options"). launch writes
 * this command line; people read {@link #USAGE}. {@code --name value} and {@code --name=value}.
 */
final class AgentOptions {

    static final String USAGE = """
            Usage: fanload-agent [OPTIONS]
            Runs this node's fanload agent: receives the archive into the node-local folder and serves it on
            to this node's children in the tree, until the job step ends. The job secret comes from
            $FANLOAD_SECRET or $FANLOAD_SECRET_FILE, never from the command line.
              --coordinator=HOST:PORT  The coordinator (default: $FANLOAD_COORDINATOR).
              --node-id=ID             This node's id (default: the host name).
              --local-dir=DIR          Node-local folder (default: /dev/shm/fanload-<job>-<step>).
              --job=JOB                Job id for the default folder name (default: local).
              --step=STEP              Step id for the default folder name (default: 0).
              --advertise=HOST         Address children use to reach this node (default: this host's
                                       address on the network that reaches the coordinator).
              --bind=ADDR              Listen address (default: 0.0.0.0).
              --data-port=PORT         Port children connect to (default: any free port; set one where
                                       a firewall needs it).
              --archive-only           Do not expand the archive into an image (tree benchmarks).
              --keep                   Leave the node-local folder in place at the end (debugging).
              --with-file=FILE         Copy FILE into the node-local folder before the node is marked
                                       ready (repeatable).
              --verdict-dir=DIR        Tell ranks waiting on this node that it fell back, and why, with a
                                       FALLBACK file in DIR (launch's rank bootstrap waits for READY or
                                       FALLBACK), and send the coordinator what the ranks registered in
                                       DIR/ranks leave in DIR/counters; DIR is removed when the agent ends.
              -h, --help               Show this help and exit.
            Exit status: 0 node ready, 3 node fell back (its ranks load the normal way), 2 usage error,
            1 could not start.
            """;

    /** A command line that cannot run: its message is the whole error line. */
    static final class UsageException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message);
        }
    }

    String coordinator;
    String nodeId;
    Path localDir;
    String job = "local";
    String step = "0";
    String advertise;
    String bind = "0.0.0.0";
    int dataPort;
    boolean archiveOnly;
    boolean keep;
    boolean help;
    final List<Path> withFiles = new ArrayList<>();
    Path verdictDir;

    private AgentOptions() {
    }

    static AgentOptions parse(String... args) {
        AgentOptions options = new AgentOptions();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            int equals = arg.indexOf('=');
            String name = arg.startsWith("--") && equals > 0 ? arg.substring(0, equals) : arg;
            String inline = name.equals(arg) ? null : arg.substring(equals + 1);
            switch (name) {
                case "-h", "--help" -> options.help = true;
                case "--archive-only" -> options.archiveOnly = flag(name, inline);
                case "--keep" -> options.keep = flag(name, inline);
                default -> {
                    if (!name.startsWith("-")) {
                        throw new UsageException("Unmatched argument at index " + i + ": '" + arg + "'");
                    }
                    String value = inline;
                    if (value == null) {
                        if (i + 1 >= args.length) {
                            throw new UsageException("Missing required parameter for option '" + name + "'");
                        }
                        value = args[++i];
                    }
                    options.set(name, value);
                }
            }
        }
        return options;
    }

    private void set(String name, String value) {
        switch (name) {
            case "--coordinator" -> coordinator = value;
            case "--node-id" -> nodeId = value;
            case "--local-dir" -> localDir = Path.of(value);
            case "--job" -> job = value;
            case "--step" -> step = value;
            case "--advertise" -> advertise = value;
            case "--bind" -> bind = value;
            case "--data-port" -> dataPort = port(value);
            case "--with-file" -> withFiles.add(Path.of(value));
            case "--verdict-dir" -> verdictDir = Path.of(value);
            default -> throw new UsageException("Unknown option: '" + name + "'");
        }
    }

    private static boolean flag(String name, String inline) {
        if (inline != null) {
            throw new UsageException("Option '" + name + "' takes no value, got '" + inline + "'");
        }
        return true;
    }

    private static int port(String value) {
        try {
            int port = Integer.parseInt(value);
            if (port >= 0 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // said below
        }
        throw new UsageException("Invalid value for option '--data-port': '" + value + "' is not a port (0-65535)");
    }
}
