package compat.app.scan;

import io.github.classgraph.ClassGraph;
import io.github.classgraph.ClassInfo;
import io.github.classgraph.Resource;
import io.github.classgraph.ScanResult;

import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * ClassGraph finds the class path from java.class.path and from the class loaders, then opens and
 * reads every element itself: prints the marked classes, the resources it found and the names of
 * the elements it scanned (names, not paths: served elements are node-local copies).
 */
public final class ScanMain {
    private ScanMain() {
    }

    public static void main(String[] args) throws IOException {
        try (ScanResult scan = new ClassGraph().enableAnnotationInfo().acceptPackages("compat.app.scan").scan()) {
            for (ClassInfo marked : scan.getClassesWithAnnotation(Marked.class).getNames().stream()
                    .map(scan::getClassInfo).sorted().toList()) {
                System.out.println("marked " + marked.getName() + " " + marked.getAnnotationInfo(Marked.class).getParameterValues()
                        .getValue("value") + " in " + marked.getClasspathElementFile().getName());
            }
            for (Resource resource : scan.getResourcesWithExtension("txt")) {
                System.out.println("resource " + resource.getPath() + ": " + resource.getContentAsString().strip());
            }
            List<String> elements = new ArrayList<>();
            for (File element : scan.getClasspathFiles()) {
                elements.add(element.getName());
            }
            System.out.println("class path " + elements);
        }
    }
}
