package io.fanload.server.agent;

import io.fanload.hooks.archive.ArchiveFormat;
import io.fanload.hooks.archive.EntryKind;
import io.fanload.hooks.archive.WholeFileTable.WholeFile;
import io.fanload.hooks.image.NodeImageLayout;
import io.fanload.writer.archive.ArchiveWriter;
import io.fanload.writer.archive.HitSpec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.zip.CRC32C;

/**
 * Builds one small node image, once per JVM, while the agent joins: the image path (class-path
 * copies, LZ4 through lz4-java's JNI library, xxHash64, the image writer, the natives folder, READY)
 * otherwise runs for the first time after the node's last byte — class loading and linking, the JNI
 * library's extraction and load, interpreted code — inside the distribution time. The agents' class
 * archive loads the classes sooner but leaves the rest. Best effort: a failure only means no warm-up;
 * it never delays joining or fails the agent. Its folder is a temporary one, removed at the end.
 */
final class ImageWarmUp {

    private static final System.Logger LOG = System.getLogger(ImageWarmUp.class.getName());
    private static final AtomicBoolean STARTED = new AtomicBoolean();
    private static final long LIMIT_SECONDS = 10;
    /** Several steps of the verified prefix through the copies, as a transfer gives them. */
    private static final int STEP = 64 << 10;

    private ImageWarmUp() {
    }

    /** The warm-up's temporary folder: this prefix, then the JVM's pid (other agents' folders are theirs). */
    static final String FOLDER_PREFIX = "fanload-image-warm-up-";

    /** Starts the warm-up on a thread of its own, unless it ran in this JVM or {@code preparer} builds no image. */
    static CompletableFuture<Boolean> startOnce(ImagePreparer preparer) {
        CompletableFuture<Boolean> done = new CompletableFuture<>();
        if (preparer == ImagePreparer.ARCHIVE_ONLY || !STARTED.compareAndSet(false, true)) {
            done.complete(false);
            return done;
        }
        Thread t = new Thread(() -> done.complete(run(preparer)), "fanload-image-warm-up");
        t.setDaemon(true);
        t.start();
        return done;
    }

    /** One warm-up, here and now: whether the small image became ready. */
    static boolean run(ImagePreparer preparer) {
        Path dir = null;
        try {
            dir = Files.createTempDirectory(FOLDER_PREFIX + ProcessHandle.current().pid() + "-");
            NodeImageLayout layout = new NodeImageLayout(Files.createDirectories(dir.resolve("node")));
            writeArchive(dir, layout.archive());
            CompletableFuture<String> outcome = new CompletableFuture<>();
            ImageBuild build = new ImageBuild(preparer, layout, layout.archive(), "warm-up", Runnable::run, at -> { }, entries -> { },
                    () -> outcome.complete(null), outcome::complete);
            // The verdict first, then the bytes: every call below then comes from this thread or the
            // build's worker, one after the other (the build expects its calls from one loop).
            build.digestChecked(null);
            long size = Files.size(layout.archive());
            for (long verified = STEP; verified < size + STEP; verified += STEP) {
                build.offer(Math.min(verified, size));
            }
            build.complete();
            String failure = outcome.get(LIMIT_SECONDS, TimeUnit.SECONDS);
            build.stop();
            if (failure != null) {
                LOG.log(System.Logger.Level.DEBUG, "image warm-up: " + failure);
            }
            return failure == null;
        } catch (Exception e) {
            LOG.log(System.Logger.Level.DEBUG, "image warm-up: " + e);
            return false;
        } finally {
            if (dir != null) {
                try {
                    NodeDirectory.remove(dir);
                } catch (IOException e) {
                    // a temporary folder; the system's cleaning takes it
                }
            }
        }
    }

    /**
     * A real archive: one carried file of several steps, compressible and random entries, a class,
     * a native and a JVM cache's link (inside {@code dir}): every step of a node's staging runs once.
     */
    private static void writeArchive(Path dir, Path archive) throws IOException {
        Random random = new Random(19);
        byte[] content = new byte[4 * STEP + 7];
        random.nextBytes(content);
        Path carried = dir.resolve("carried.jar");
        Files.write(carried, content);
        CRC32C crc = new CRC32C();
        crc.update(content);
        WholeFile file = new WholeFile(carried.toString(), content.length,
                Files.getLastModifiedTime(carried).to(TimeUnit.NANOSECONDS), (int) crc.getValue(), 0);
        try (ArchiveWriter writer = ArchiveWriter.create(archive, Runtime.version().feature(), false, List.of(file),
                List.of())) {
            writer.addSource(carried.toString(), ArchiveFormat.SOURCE_JAR, content.length, file.mtimeNanos(),
                    new byte[32]);
            for (int i = 0; i < 64; i++) {
                byte[] bytes = new byte[16 << 10];
                if (i % 2 == 0) {
                    random.nextBytes(bytes);
                } else {
                    bytes[i] = (byte) i; // compressible: runs the LZ4 decoder
                }
                writer.addName("warm-up/r" + i + ".bin", List.of(new HitSpec(ArchiveFormat.NONE, ArchiveFormat.NONE,
                        EntryKind.RESOURCE, 0, writer.addBlob(bytes))));
            }
            writer.addName("warm/Up.class", List.of(new HitSpec(ArchiveFormat.NONE, ArchiveFormat.NONE, EntryKind.CLASS, 0,
                    writer.addBlob(new byte[] {(byte) 0xCA, (byte) 0xFE}))));
            writer.addNative("libwarmup.so", "libwarmup.so.1", dir.resolve("libwarmup.so").toString(), List.of(),
                    new HitSpec(ArchiveFormat.NONE, ArchiveFormat.NONE, EntryKind.NATIVE, 0, writer.addBlob(new byte[64])),
                    ArchiveFormat.NONE, 0, ArchiveFormat.NATIVE_BY_NAME);
            writer.addProvenance(ArchiveFormat.PROVENANCE_JVM_CACHE_LINK, dir.resolve("jvm-cache-link").toString());
            writer.commit();
        }
    }
}
