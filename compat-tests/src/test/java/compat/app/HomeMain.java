package compat.app;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * Finds its home from its own jar ({@code home/bin/home.jar}) and uses what it keeps there, off its
 * class path: reads {@code home/conf/}, and loads {@code home/lib/*.jar} with a loader of its own,
 * as Tomcat's bin/bootstrap.jar, Ant's launcher and JMeter's bin/ApacheJMeter.jar do.
 */
public final class HomeMain {
    private HomeMain() {
    }

    public static void main(String[] args) throws Exception {
        Path jar = Path.of(HomeMain.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Path home = jar.getParent().getParent();
        try (Stream<Path> entries = Files.list(home)) {
            System.out.println("home has " + entries.map(p -> p.getFileName().toString()).sorted().toList());
        }
        System.out.println(Files.readString(home.resolve("conf/greeting.txt")));
        try (Stream<Path> jars = Files.list(home.resolve("lib"))) {
            URL[] urls = jars.filter(p -> p.toString().endsWith(".jar")).sorted().map(HomeMain::url).toArray(URL[]::new);
            URLClassLoader lib = new URLClassLoader(urls, HomeMain.class.getClassLoader()); // open until exit, as launchers keep it
            System.out.println("lib says " + new String(lib.getResourceAsStream("lib/message.txt").readAllBytes(), "UTF-8"));
        }
    }

    private static URL url(Path path) {
        try {
            return path.toUri().toURL();
        } catch (java.net.MalformedURLException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
