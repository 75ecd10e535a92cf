package io.fanload.hooks.archive;

import java.util.Arrays;
import java.util.List;

/**
 * The names under one class-path folder when the pilot ran: files by their relative path,
 * folders with a trailing '/', sorted. A served rank answers a name that is in no listing (and in
 * no jar) as absent without asking the shared file system; {@code complete} is false when the
 * listing stopped at {@link ArchiveFormat#LISTING_LIMIT} names.
 */
public final class DirectoryListing {

    private final String[] names;
    private final boolean complete;

    public DirectoryListing(List<String> names, boolean complete) {
        this.names = names.toArray(new String[0]);
        Arrays.sort(this.names);
        this.complete = complete;
    }

    public List<String> names() {
        return List.of(names);
    }

    public boolean complete() {
        return complete;
    }

    /**
     * True when {@code name} is a listed file or folder ({@code "a/b"} and {@code "a/b/"} both
     * name the folder {@code a/b/}, as {@code new File(dir, name).exists()} would), or when the
     * listing is incomplete and so cannot say.
     */
    public boolean mayExist(String name) {
        if (!complete || name.isEmpty() || name.equals("/")) {
            return true;
        }
        String folder = name.endsWith("/") ? name : name.concat("/");
        String file = name.endsWith("/") ? name.substring(0, name.length() - 1) : name; // java.io.File drops the slash
        if (Arrays.binarySearch(names, file) >= 0) {
            return true;
        }
        int at = Arrays.binarySearch(names, folder);
        if (at >= 0) {
            return true;
        }
        int next = -at - 1; // first name sorting after the folder: under it if it starts with it
        return next < names.length && names[next].startsWith(folder);
    }

    /** The encoded form stored in the pool: names NUL-separated. */
    public String encoded() {
        return String.join("\0", names);
    }

    public static DirectoryListing decode(String encoded, boolean complete) {
        return new DirectoryListing(encoded.isEmpty() ? List.of() : Arrays.asList(encoded.split("\0", -1)), complete);
    }
}
