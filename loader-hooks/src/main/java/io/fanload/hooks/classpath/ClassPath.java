package io.fanload.hooks.classpath;

import java.io.File;
import java.io.IOException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An application class path, searched in order. Like the JDK's URLClassPath it resolves each
 * given element to its real path (an element that does not exist is dropped), opens elements only
 * when a search reaches them, and inserts the {@code Class-Path} of a jar right after that jar.
 * Thread-safe.
 */
public final class ClassPath {

    private final List<ClassPathElement> elements = new ArrayList<>();
    /** Paths not yet turned into elements, in search order. */
    private final Deque<File> pending = new ArrayDeque<>();
    private final Set<String> seen = new HashSet<>();
    /** Folders given as node-local copies, by the path given: what their copy lacks may be elsewhere. */
    private final Map<String, FolderCopy> folderCopies;

    private ClassPath(List<String> given, Map<String, FolderCopy> folderCopies) {
        for (String element : given) {
            pending.addLast(new File(element.isEmpty() ? "." : element));
        }
        this.folderCopies = folderCopies;
    }

    /** A class path of the given elements (as the user wrote them), opened lazily. */
    public static ClassPath of(List<String> given) {
        return new ClassPath(given, Map.of());
    }

    /**
     * A class path of node-local copies, where the folders in {@code folderCopies} (keyed by the
     * path given for them) hold only some files of the original folder ({@link FolderCopy}).
     */
    public static ClassPath ofCopies(List<String> given, Map<String, FolderCopy> folderCopies) {
        return new ClassPath(given, Map.copyOf(folderCopies));
    }

    /** Splits a class path string at {@link File#pathSeparator}; an empty element is the working folder, as in java -cp. */
    public static List<String> split(String classPath) {
        List<String> parts = new ArrayList<>();
        int start = 0;
        while (true) {
            int next = classPath.indexOf(File.pathSeparatorChar, start);
            parts.add(next < 0 ? classPath.substring(start) : classPath.substring(start, next));
            if (next < 0) {
                return parts;
            }
            start = next + 1;
        }
    }

    /** Adds an element after every other (an agent jar given to the running JVM). */
    public void append(String element) {
        synchronized (this) {
            pending.addLast(new File(element));
        }
    }

    /** Element {@code i}, or null past the end; opens jars up to it to follow their Class-Path. */
    public ClassPathElement element(int i) {
        synchronized (this) {
            while (elements.size() <= i && !pending.isEmpty()) {
                File next = pending.removeFirst();
                Path real;
                try {
                    real = next.toPath().toRealPath();
                } catch (IOException | InvalidPathException e) {
                    continue; // java -cp drops elements that do not exist
                }
                if (!seen.add(real.toString())) {
                    continue;
                }
                FolderCopy copy = folderCopies.get(next.getPath());
                ClassPathElement element = real.toFile().isDirectory()
                        ? copy == null ? new DirectoryElement(elements.size(), real.toFile())
                                : new CopiedDirectoryElement(elements.size(), real.toFile(), copy)
                        : new JarElement(elements.size(), real.toFile());
                elements.add(element);
                try {
                    List<File> more = element.manifestClassPath();
                    for (int m = more.size() - 1; m >= 0; m--) {
                        pending.addFirst(more.get(m));
                    }
                } catch (IOException e) {
                    // an unreadable manifest adds nothing, as in the JDK
                }
            }
            return i < elements.size() ? elements.get(i) : null;
        }
    }

    /** The first entry for {@code name} in class-path order, or null. */
    public ClassPathEntry find(String name) throws IOException {
        ClassPathElement element;
        for (int i = 0; (element = element(i)) != null; i++) {
            ClassPathEntry entry = element.find(name);
            if (entry != null) {
                return entry;
            }
        }
        return null;
    }

    /** Every entry for {@code name}, one per element that has it, in class-path order. */
    public List<ClassPathEntry> findAll(String name) throws IOException {
        List<ClassPathEntry> found = new ArrayList<>(2);
        ClassPathElement element;
        for (int i = 0; (element = element(i)) != null; i++) {
            ClassPathEntry entry = element.find(name);
            if (entry != null) {
                found.add(entry);
            }
        }
        return found;
    }

    /** Every element, after following every Class-Path attribute. */
    public List<ClassPathElement> elements() {
        element(Integer.MAX_VALUE - 1);
        synchronized (this) {
            return List.copyOf(elements);
        }
    }

    /** The element whose path is {@code path}, or null. */
    public ClassPathElement elementAt(String path) {
        for (ClassPathElement element : elements()) {
            if (element.path().equals(path)) {
                return element;
            }
        }
        return null;
    }

    public void close() {
        synchronized (this) {
            for (ClassPathElement element : elements) {
                element.close();
            }
        }
    }
}
