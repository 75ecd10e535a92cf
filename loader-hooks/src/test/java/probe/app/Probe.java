package probe.app;

import java.io.InputStream;
import java.net.URL;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Packed into test jars and loaded by the loader under test; reports what it sees through its own
 * class loader, so that the same facts can be compared across loaders.
 */
public final class Probe {

    private Probe() {
    }

    public static List<String> facts() throws Exception {
        ClassLoader loader = Probe.class.getClassLoader();
        List<String> facts = new ArrayList<>();
        for (String name : new String[] {"", "dir", "dir/", "dir/inside.txt", "dir2", "dir2/", "dir2/file.txt",
                "probe/app/shared.txt", "probe/app/missing.txt", "/probe/app/shared.txt", "probe/app/../app/shared.txt",
                "probe/app/with space.txt"}) {
            facts.add("getResource(" + name + ") = " + loader.getResource(name));
            facts.add("getResources(" + name + ") = " + Collections.list(loader.getResources(name)));
        }
        for (URL url : Collections.list(loader.getResources("probe/app/shared.txt"))) {
            try (InputStream in = url.openStream()) {
                facts.add("content " + new String(in.readAllBytes(), "UTF-8"));
            }
        }
        // read only through getResourceAsStream (record mode reads these once, for the application and its CRC32C)
        for (String name : new String[] {"probe/app/jar-stream.txt", "probe/app/folder-stream.txt", "probe/app/shared.txt",
                "dir", "dir/", "", "probe/app/missing.txt"}) {
            try (InputStream in = loader.getResourceAsStream(name)) {
                facts.add("getResourceAsStream(" + name + ") = " + (in == null ? null : new String(in.readAllBytes(), "UTF-8")));
            }
        }
        Package p = Probe.class.getPackage();
        facts.add("package " + p.getName() + " " + p.getImplementationTitle() + " " + p.getImplementationVersion()
                + " " + p.getSpecificationVendor() + " sealed=" + p.isSealed());
        facts.add("codeSource " + Probe.class.getProtectionDomain().getCodeSource().getLocation());
        try {
            Class.forName("probe.app.Absent", false, loader);
            facts.add("Absent loaded");
        } catch (ClassNotFoundException e) {
            facts.add("Absent not found");
        }
        return facts;
    }
}
