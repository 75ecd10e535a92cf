package compat.app;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * Finds its home from its own jar ({@code home/lib/home.jar}) and reads what it keeps beside it
 * ({@code home/conf/}), not on its class path: as Tomcat's bin/bootstrap.jar finds ../conf and
 * JMeter's bin/ApacheJMeter.jar finds ../lib.
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
    }
}
