package io.fanload.server.agent;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

/**
 * The files in fanload's cache folder that decide what a JVM runs or how launch starts ranks (class
 * archives, remembered JDK probes): made in a folder only the user may enter, and used only while
 * the folder and the file belong to the user (or root, for a site's shared folder) and no one else
 * may write them.
 */
public final class PrivateFiles {

    private static final Set<PosixFilePermission> OTHERS_WRITE = Set.of(PosixFilePermission.GROUP_WRITE,
            PosixFilePermission.OTHERS_WRITE);

    private PrivateFiles() {
    }

    /** The key a file's name carries for what it depends on: 16 hex digits of the SHA-256 of {@code text}. */
    public static String keyOf(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /** Makes {@code folder} (its parents as usual, itself {@code rwx------}) unless it exists. */
    public static void ensureFolder(Path folder) throws IOException {
        if (Files.isDirectory(folder)) {
            return;
        }
        Files.createDirectories(folder.getParent());
        try {
            Files.createDirectory(folder, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } catch (FileAlreadyExistsException e) {
            // made by a launch at the same moment, unless it is something else
            if (!Files.isDirectory(folder)) {
                throw new IOException(folder + " is not a folder");
            }
        }
    }

    /** Why {@code file} must not be used (null when it may); it and its folder must exist. */
    public static String untrusted(Path file) throws IOException {
        String me = System.getProperty("user.name");
        for (Path path : List.of(file.toAbsolutePath().getParent(), file)) {
            PosixFileAttributes attributes = Files.readAttributes(path, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            if (attributes.isSymbolicLink()) {
                return path + " is a symbolic link";
            }
            String owner = attributes.owner().getName();
            if (!owner.equals(me) && !owner.equals("root")) {
                return path + " belongs to " + owner + ", not " + me;
            }
            if (attributes.permissions().stream().anyMatch(OTHERS_WRITE::contains)) {
                return path + " is writable by others (" + PosixFilePermissions.toString(attributes.permissions()) + ")";
            }
        }
        return null;
    }
}
