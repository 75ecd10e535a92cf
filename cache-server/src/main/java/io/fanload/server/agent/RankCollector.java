package io.fanload.server.agent;

import io.fanload.server.counters.RankFolder;
import io.fanload.server.counters.RankTotals;
import io.fanload.server.protocol.Errors;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * Takes a node's ranks' counters and statuses to the coordinator, so that nothing per rank goes to
 * the shared file system. launch's rank bootstrap registers each rank in {@code <verdict-dir>/ranks}
 * ({@link RankWatch}) and, as it ends, leaves its counters and failing status in
 * {@code <verdict-dir>/counters} ({@link RankFolder}) and removes its registration. Once no
 * registered rank is alive, the collector sums the folder and sends one report through the agent,
 * then marks every rank it covered in {@code <verdict-dir>/sent}: the node's last rank waits
 * (bounded) for its mark, which keeps the step, and so this agent, alive until the report is out
 * (a launcher may kill what is left of a step once its last rank ended). A rank that registers
 * after a report (it started late) brings a new report that replaces the earlier one.
 */
final class RankCollector implements AutoCloseable {

    static final String COUNTERS = "counters";
    static final String SENT = "sent";
    private static final System.Logger LOG = System.getLogger(RankCollector.class.getName());
    /** Between looks when the folders cannot be watched. */
    private static final long POLL_MILLIS = 50;
    /**
     * Between looks while the watched folders stay still: only a rank whose shell was killed leaves
     * no change behind (its registration names a dead process), so this bounds only that case.
     */
    static final long IDLE_LOOK_MILLIS = 1_000;
    private static final long SEND_SECONDS = 10;

    private final Path verdictDir;
    private final Function<RankTotals, CompletableFuture<Boolean>> report;
    /** Every rank that registered or left a file so far. */
    private final Set<String> seen = new TreeSet<>();
    private Set<String> covered = Set.of();
    private final Thread thread;
    private volatile boolean closed;
    /** Looks taken so far (tests: a still node costs no CPU). */
    private final AtomicInteger looks = new AtomicInteger();

    private RankCollector(Path verdictDir, Function<RankTotals, CompletableFuture<Boolean>> report) {
        this.verdictDir = verdictDir;
        this.report = report;
        this.thread = new Thread(this::run, "fanload-rank-collector");
        thread.setDaemon(true);
    }

    /** Watches {@code verdictDir} and hands each node report to {@code report} (true: it went out). */
    static RankCollector start(Path verdictDir, Function<RankTotals, CompletableFuture<Boolean>> report) {
        RankCollector collector = new RankCollector(verdictDir, report);
        collector.thread.start();
        return collector;
    }

    /** For tests: a collector that only looks when {@link #collectOnce()} is called. */
    static RankCollector manual(Path verdictDir, Function<RankTotals, CompletableFuture<Boolean>> report) {
        return new RankCollector(verdictDir, report);
    }

    /**
     * Looks whenever a rank registers, leaves its counters or deregisters (inotify through a
     * WatchService), and once every {@link #IDLE_LOOK_MILLIS} otherwise: polling every 50 ms cost an
     * agent of 128 ranks a look at 128 files 20 times a second for the whole job
     * (docs/perf/scale.md, "Many ranks per node"). Without a watch it polls.
     */
    private void run() {
        try (WatchService watch = watchFolders()) {
            while (!closed) {
                collectOnce();
                if (watch == null) {
                    Thread.sleep(POLL_MILLIS);
                } else {
                    WatchKey key = watch.poll(IDLE_LOOK_MILLIS, TimeUnit.MILLISECONDS);
                    for (; key != null; key = watch.poll()) {
                        key.pollEvents();
                        key.reset();
                    }
                }
            }
        } catch (InterruptedException | ClosedWatchServiceException e) {
            // closed
        } catch (IOException | RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "fanload: cannot collect this node's rank counters: "
                    + Errors.oneLine(e));
        }
    }

    /**
     * A watch on the ranks' and the counters' folders (made here when the verdict folder exists, as
     * the bootstrap would), or null when they cannot be watched.
     */
    private WatchService watchFolders() {
        if (!Files.isDirectory(verdictDir)) {
            return null;
        }
        WatchService watch = null;
        try {
            watch = verdictDir.getFileSystem().newWatchService();
            for (String folder : new String[] {RankWatch.FOLDER, COUNTERS}) {
                Path dir = verdictDir.resolve(folder);
                try {
                    Files.createDirectory(dir); // never the verdict folder itself: it may be gone by now
                } catch (FileAlreadyExistsException e) {
                    // a rank made it first
                }
                dir.register(watch, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_DELETE,
                        StandardWatchEventKinds.ENTRY_MODIFY);
            }
            return watch;
        } catch (IOException | UnsupportedOperationException e) {
            if (watch != null) {
                try {
                    watch.close();
                } catch (IOException closing) {
                    // polling instead
                }
            }
            return null;
        }
    }

    /** How many looks this collector took. */
    int looks() {
        return looks.get();
    }

    /** One look: reports when every rank seen so far ended and one is not covered yet; true if it did. */
    boolean collectOnce() throws IOException, InterruptedException {
        looks.incrementAndGet();
        Path ranks = verdictDir.resolve(RankWatch.FOLDER);
        boolean anyAlive = false;
        if (Files.isDirectory(ranks)) {
            try (DirectoryStream<Path> files = Files.newDirectoryStream(ranks)) {
                for (Path file : files) {
                    seen.add(file.getFileName().toString());
                    anyAlive |= RankWatch.standing(file);
                }
            }
        }
        Path counters = verdictDir.resolve(COUNTERS);
        for (int rank : RankFolder.ranks(counters)) {
            seen.add(Integer.toString(rank));
        }
        if (anyAlive || covered.containsAll(seen)) {
            return false;
        }
        Set<String> now = Set.copyOf(seen);
        boolean written;
        try {
            written = report.apply(RankFolder.read(counters, now.size())).get(SEND_SECONDS, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            written = false;
        }
        if (!written) {
            LOG.log(System.Logger.Level.WARNING, "fanload: could not send this node's rank counters to the coordinator");
        }
        // Marked either way: a rank must not wait for a report that cannot go out. Never the verdict
        // folder itself: once the agent's exit removed it, nothing may make it again.
        Path sent = verdictDir.resolve(SENT);
        try {
            Files.createDirectory(sent);
        } catch (FileAlreadyExistsException e) {
            // an earlier report made it
        }
        for (String rank : now) {
            try {
                Files.createFile(sent.resolve(rank));
            } catch (FileAlreadyExistsException e) {
                // covered by an earlier report
            }
        }
        covered = now;
        return true;
    }

    /**
     * Stops watching and waits, at most {@link #CLOSE_MILLIS}, for a look in progress: one that went
     * on after the agent began removing the verdict folder would make {@code sent/} there again, and
     * the folder would be left on the node (faults-e2e, kill-coordinator).
     */
    @Override
    public void close() {
        closed = true;
        thread.interrupt();
        try {
            thread.join(CLOSE_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static final long CLOSE_MILLIS = 5_000;
}
