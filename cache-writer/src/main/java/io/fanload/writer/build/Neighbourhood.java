package io.fanload.writer.build;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * The folders around a class path where applications keep the rest of themselves: the
 * {@link #LEVELS} folders above each class-path element (a jar's folder and its home), and what lies
 * below them. An application that finds its home from its jar reads its {@code conf/} there, or
 * opens {@code lib/*.jar} with a loader of its own (Ant, Tomcat, JMeter). The jars it held open
 * are carried whole; every other entry of a neighbourhood folder that has a copy in it, or that is
 * one of the folders above an element, or a class-path folder, is linked to its original
 * (docs/FORMAT.md section 6.1): a class-path folder's copy holds only what the pilot read.
 */
final class Neighbourhood {

    /** How many folders above a class-path element belong to it: the jar's folder and its home. */
    static final int LEVELS = 2;
    /** A folder with more entries than this (a job folder of data) gets none linked. */
    static final int MAX_ENTRIES = 1000;

    private final Set<Path> tops = new LinkedHashSet<>();
    private final Set<Path> classPathFolders = new LinkedHashSet<>();
    private final Set<Path> elements = new HashSet<>();

    private Neighbourhood() {
    }

    static Neighbourhood of(List<String> origins) {
        Neighbourhood n = new Neighbourhood();
        for (String origin : origins) {
            Path element = Path.of(origin).toAbsolutePath().normalize();
            n.elements.add(element);
            if (Files.isDirectory(element)) {
                n.classPathFolders.add(element);
            }
            Path up = element.getParent();
            for (int level = 0; level < LEVELS && up != null && up.getParent() != null; level++) {
                n.tops.add(up);
                up = up.getParent();
            }
        }
        return n;
    }

    /** True if {@code path} lies at or below a neighbourhood folder. */
    boolean contains(Path path) {
        Path p = path.toAbsolutePath().normalize();
        for (Path top : tops) {
            if (p.startsWith(top)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The entries to link: of every neighbourhood folder that a copy will stand in (and of the folders
     * above the elements), each entry that is neither a copy, a class-path element, nor a folder
     * on the way to one.
     */
    List<String> links(Set<String> carried) {
        Set<Path> inTree = new HashSet<>();
        Set<Path> folders = new LinkedHashSet<>(tops);
        folders.addAll(classPathFolders);
        for (Path element : elements) {
            for (Path p = element; p != null; p = p.getParent()) {
                inTree.add(p);
            }
        }
        for (String path : carried) {
            for (Path p = Path.of(path); p != null; p = p.getParent()) {
                inTree.add(p);
                if (!p.toString().equals(path) && contains(p)) {
                    folders.add(p);
                }
            }
        }
        Set<String> links = new TreeSet<>();
        for (Path folder : folders) {
            try (Stream<Path> entries = Files.list(folder)) {
                List<Path> names = entries.limit(MAX_ENTRIES + 1L).toList();
                if (names.size() <= MAX_ENTRIES) {
                    names.stream().filter(name -> !inTree.contains(name)).forEach(name -> links.add(name.toString()));
                }
            } catch (IOException | UncheckedIOException e) {
                // an unreadable folder: nothing of it to link, as nothing of it could be read
            }
        }
        return List.copyOf(links);
    }
}
