package io.fanload.hooks.source;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.util.List;

/** Where the loader's own classes, resources and native libraries come from in one mode. */
public interface LoadSource {

    /** The class file {@code path} (e.g. {@code a/b/C.class}), or null if it is not on the class path. */
    ClassDefinition findClass(String path) throws IOException;

    /** The first URL for resource {@code name} in class-path order, or null. */
    URL findResource(String name) throws IOException;

    /**
     * A stream over the first hit of resource {@code name}, or null: {@code getResourceAsStream}
     * when the parent does not have it; normally the stream of {@link #findResource}'s URL, as
     * {@code ClassLoader.getResourceAsStream} opens it. (Not a default method, nor is any method
     * here: a default method makes every implementing class initialise this interface, and with
     * it {@link #NONE}'s class — one more class to load on every rank's start.)
     */
    InputStream findResourceAsStream(String name) throws IOException;

    /** Every URL for {@code name}, one per class-path element that has it, in class-path order. */
    List<URL> findResources(String name) throws IOException;

    /** An absolute path for {@code System.loadLibrary(name)}, or null to let the JDK search its own paths. */
    String findLibrary(String name);

    /** Adds a jar at the end of the class path ({@code -javaagent} jars). */
    void appendToClassPath(String path);

    /** Runs once from the exit hook (System.exit, end of main, uncaught exception, SIGTERM). */
    void atExit();

    /** Answers nothing: what a call sees while the loader is still starting (re-entry from the JDK). */
    LoadSource NONE = new LoadSource() {
        @Override
        public ClassDefinition findClass(String path) {
            return null;
        }

        @Override
        public URL findResource(String name) {
            return null;
        }

        @Override
        public InputStream findResourceAsStream(String name) {
            return null;
        }

        @Override
        public List<URL> findResources(String name) {
            return List.of();
        }

        @Override
        public String findLibrary(String name) {
            return null;
        }

        @Override
        public void appendToClassPath(String path) {
        }

        @Override
        public void atExit() {
        }
    };
}
