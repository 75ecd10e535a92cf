package io.fanload.launch;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The mounts of launch's host (/proc/self/mountinfo) and which of them are shared file systems:
 * where a JDK lives decides whether the pilot carries it (--runtime auto).
 */
final class MountTable {

    /**
     * File-system types that are network or parallel file systems: every open on them goes to a
     * server. (Cray's DVS projects /opt/cray and home folders onto compute nodes.)
     */
    static final Set<String> SHARED_TYPES = Set.of("nfs", "nfs4", "lustre", "gpfs", "beegfs", "fuse.glusterfs",
            "glusterfs", "cifs", "smb3", "smbfs", "ceph", "fuse.ceph", "fuse.cephfs", "panfs", "pvfs2", "orangefs",
            "afs", "fuse.sshfs", "dvs", "wekafs", "fuse.weka", "9p", "virtiofs", "quobyte", "fuse.quobyte", "cvfs");

    /** A mount: where, and of which type. */
    record Mount(String point, String type) {
        boolean shared() {
            return SHARED_TYPES.contains(type);
        }
    }

    private final List<Mount> mounts;

    MountTable(List<Mount> mounts) {
        this.mounts = List.copyOf(mounts);
    }

    /** This host's mounts; none where /proc/self/mountinfo cannot be read (not Linux). */
    static MountTable ofThisHost() {
        try {
            return parse(Files.readAllLines(Path.of("/proc/self/mountinfo")));
        } catch (IOException e) {
            return new MountTable(List.of());
        }
    }

    /** mountinfo lines: field 5 is the mount point (octal escapes), the type follows the " - " separator. */
    static MountTable parse(List<String> lines) {
        List<Mount> mounts = new ArrayList<>();
        for (String line : lines) {
            String[] fields = line.split(" ");
            int separator = List.of(fields).indexOf("-");
            if (fields.length > 4 && separator > 4 && separator + 1 < fields.length) {
                mounts.add(new Mount(unescape(fields[4]), fields[separator + 1]));
            }
        }
        return new MountTable(mounts);
    }

    /** The mount that holds {@code path} (its real path): the longest mount point above it; the last such wins. */
    Optional<Mount> find(Path path) {
        String real;
        try {
            real = path.toRealPath().toString();
        } catch (IOException e) {
            real = path.toAbsolutePath().normalize().toString();
        }
        Mount best = null;
        for (Mount mount : mounts) {
            String point = mount.point();
            boolean above = point.equals("/") || real.equals(point) || real.startsWith(point + "/");
            if (above && (best == null || point.length() >= best.point().length())) {
                best = mount;
            }
        }
        return Optional.ofNullable(best);
    }

    private static String unescape(String field) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < field.length(); i++) {
            char c = field.charAt(i);
            if (c == '\\' && i + 3 < field.length()) {
                out.append((char) Integer.parseInt(field.substring(i + 1, i + 4), 8));
                i += 3;
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
