package demo;

import java.util.ServiceLoader;

/** The quick start's application: classes, a service, a resource and a probe for an absent one. */
public class Main {
    public static void main(String[] args) throws Exception {
        String rank = System.getenv().getOrDefault("FANLOAD_RANK", "-");
        for (Greeter greeter : ServiceLoader.load(Greeter.class)) {
            System.out.println("rank " + rank + ": " + greeter.greet(args.length > 0 ? args[0] : "world"));
        }
        try (var in = Main.class.getResourceAsStream("/demo/motd.txt")) {
            System.out.println("rank " + rank + ": " + new String(in.readAllBytes()).trim());
        }
        System.out.println("rank " + rank + ": optional config " + (Main.class.getResource("/demo/optional.properties") != null));
    }
}
