package compat.probe;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.net.URLConnection;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.ServiceLoader;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.Future;

/**
 * The resource and class cases where custom loaders have gone wrong before. Prints facts to stdout;
 * prints every URL it saw to stderr, so the test can check that no URL names an original path.
 * Argument {@code --also=NAME} asks for one more resource (a name the pilot did not see).
 */
public final class ResourceProbe {

    private static final String[] NAMES = {"", "dir", "dir/", "dir/inside.txt", "dir2", "dir2/", "dir2/file.txt",
        "compat/probe/shared.txt", "compat/probe/missing.txt", "/compat/probe/shared.txt", "compat/probe/with space.txt",
        "compat/probe/ResourceProbe.class", "META-INF/services/compat.probe.Greeter",
        "META-INF/MANIFEST.MF"}; // loader-hooks' own manifest (boot and -cp) must not show

    private ResourceProbe() {
    }

    public static void main(String[] args) throws Exception {
        ClassLoader system = ClassLoader.getSystemClassLoader();
        System.out.println("loaded by the system loader: " + (ResourceProbe.class.getClassLoader() == system));
        for (String name : NAMES) {
            System.out.println("getResource(" + name + "): " + describe(system.getResource(name), name));
            List<String> all = new ArrayList<>();
            for (URL url : Collections.list(system.getResources(name))) {
                all.add(describe(url, name));
            }
            System.out.println("getResources(" + name + "): " + all);
            InputStream stream = system.getResourceAsStream(name);
            System.out.println("getResourceAsStream(" + name + "): " + (stream == null ? "null" : "open"));
            if (stream != null) {
                stream.close();
            }
        }
        for (String arg : args) {
            if (arg.startsWith("--also=")) {
                String name = arg.substring("--also=".length());
                System.out.println("also " + name + ": " + describe(system.getResource(name), name));
            }
        }
        Package p = ResourceProbe.class.getPackage();
        System.out.println("package: " + p.getImplementationTitle() + " " + p.getImplementationVersion() + " "
                + p.getSpecificationTitle() + " sealed=" + p.isSealed());
        System.out.println("code source protocol: "
                + ResourceProbe.class.getProtectionDomain().getCodeSource().getLocation().getProtocol());
        System.err.println("code source: " + ResourceProbe.class.getProtectionDomain().getCodeSource().getLocation());
        for (Greeter greeter : ServiceLoader.load(Greeter.class)) {
            System.out.println("service (context loader): " + greeter.greet());
        }
        for (Greeter greeter : ServiceLoader.load(Greeter.class, system)) {
            System.out.println("service (system loader): " + greeter.greet());
        }
        Callable<String> inPool = () -> Class.forName("compat.probe.HelloGreeter", true,
                Thread.currentThread().getContextClassLoader()).getSimpleName();
        System.out.println("ForkJoinPool: " + ForkJoinPool.commonPool().submit(inPool).get());
        try {
            Class.forName("compat.probe.NotThere");
            System.out.println("NotThere: loaded");
        } catch (ClassNotFoundException e) {
            System.out.println("NotThere: ClassNotFoundException");
        }
        race();
    }

    private static void race() throws Exception {
        int threads = 12;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<Class<?>>> loads = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            String name = "probe.race.Race$R" + i;
            loads.add(pool.submit(() -> {
                start.await();
                return Class.forName(name);
            }));
        }
        start.countDown();
        Package first = null;
        boolean same = true;
        for (Future<Class<?>> load : loads) {
            Package p = load.get().getPackage();
            first = first == null ? p : first;
            same &= first == p;
        }
        pool.shutdown();
        System.out.println("race: " + threads + " classes, one package: " + same + ", " + first.getImplementationTitle()
                + " " + first.getImplementationVersion());
    }

    /** What must not differ between plain and served: content (three ways), length, time. */
    private static String describe(URL url, String name) throws Exception {
        if (url == null) {
            return "null";
        }
        System.err.println("url: " + url);
        boolean directory = name.isEmpty() || name.endsWith("/") || name.equals("dir") || name.equals("dir2");
        if (directory) {
            return "found";
        }
        String direct = read(url);
        @SuppressWarnings("deprecation")
        String reparsed = read(new URL(url.toString()));
        String viaUri = read(url.toURI().toURL());
        URLConnection connection = url.openConnection();
        return "[" + abbreviate(direct) + "] reparsed=" + direct.equals(reparsed) + " uri=" + direct.equals(viaUri)
                + " length=" + connection.getContentLengthLong() + " modified=" + (connection.getLastModified() / 1000 * 1000);
    }

    private static String read(URL url) throws IOException {
        try (InputStream in = url.openStream()) {
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }

    private static String abbreviate(String text) {
        return text.length() <= 40 ? text.replace("\n", "\\n") : text.length() + " bytes";
    }
}
