package io.fanload.hooks.pilotrecord;

import java.io.File;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;

/**
 * Gives a finished file a name only if no other file has it, atomically: two JVMs of one rank
 * that end at the same instant must not replace each other's record, as a check for the name
 * followed by a rename(2), which replaces, let them.
 */
final class ExclusiveName {

    private ExclusiveName() {
    }

    /**
     * A new, empty file beside {@code target}, named after it: created exclusively (O_EXCL), so
     * no other writer shares it, even one that read the same {@code System.nanoTime()}.
     */
    static File temporary(File target) throws IOException {
        while (true) {
            // not ProcessHandle.current().pid() nor "+": their first use costs 11-23 ms and a few ms
            // (lambda and string-concatenation bootstraps), paid by every pilot rank at exit
            File temp = new File(target.getParentFile(), target.getName().concat(".tmp")
                    .concat(Long.toHexString(System.nanoTime())));
            if (temp.createNewFile()) {
                return temp;
            }
        }
    }

    /**
     * Links {@code target} to the finished file {@code temp}, and returns false without touching
     * anything when {@code target} already exists; the caller removes {@code temp}.
     */
    static boolean publish(File temp, File target) throws IOException {
        try {
            // link(2) fails with EEXIST, never replaces; Files is loaded by now (OpenArchives read /proc)
            Files.createLink(target.toPath(), temp.toPath());
            return true;
        } catch (FileAlreadyExistsException taken) {
            return false;
        } catch (IOException | UnsupportedOperationException noLinks) {
            return claimThenRename(temp, target); // a file system without hard links (EPERM)
        }
    }

    /**
     * Claims {@code target} as an empty file (O_EXCL), then renames the finished file onto that
     * claim: exclusive without links, at the price of an empty record if the JVM dies between the two.
     */
    static boolean claimThenRename(File temp, File target) throws IOException {
        if (!target.createNewFile()) {
            return false;
        }
        // rename(2) within one folder: atomic, and it replaces only this writer's own claim
        if (!temp.renameTo(target)) {
            target.delete();
            throw new IOException(temp.getPath().concat(": cannot rename to ").concat(target.getPath()));
        }
        return true;
    }
}
