package io.fanload.writer.archive;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** Moving a finished file into place, so that a reader sees the old file or the whole new one. */
public final class FileMoves {

    private FileMoves() {
    }

    /**
     * Moves {@code from} to {@code to}, replacing it: atomically (rename(2)) where the file system
     * can, else as a plain replacing move.
     */
    public static void intoPlace(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
