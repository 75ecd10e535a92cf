package io.fanload.launch;

import io.fanload.launch.cli.UsageException;
import java.io.File;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

/**
 * The user's {@code java [jvm options] (-cp CP | -jar JAR) MAIN [ARGS]}, taken apart so that
 * launch can hand the class path to fanload's loader and keep every other JVM option.
 *
 * @param java       the java executable as given (a path or {@code java})
 * @param jvmOptions every JVM option except the class path and {@code -jar}, in order, then those a
 *                   {@code -jar} jar's manifest asks for
 * @param classPath  the class path as absolute elements, wildcards expanded, in order; {@code -jar}'s jar alone
 * @param mainClass  the main class (from {@code -jar}'s manifest when {@code -jar} is used)
 * @param args       the application's arguments
 */
public record JavaCommand(String java, List<String> jvmOptions, List<String> classPath, String mainClass,
                          List<String> args) {

    /** Options whose value is the next argument (JDK 17-25 {@code java}). */
    private static final Set<String> TAKES_VALUE = Set.of("-cp", "-classpath", "--class-path", "-p", "--module-path",
            "--upgrade-module-path", "--add-modules", "--enable-native-access", "--limit-modules", "--add-reads",
            "--add-exports", "--add-opens", "--patch-module", "--illegal-access", "--describe-module", "-d");
    private static final Set<String> UNSUPPORTED_MAIN = Set.of("-m", "--module", "--source");

    /** Whether the java launcher takes the argument after {@code option} as that option's value. */
    static boolean takesSeparateValue(String option) {
        return TAKES_VALUE.contains(option) || option.equals("--source");
    }

    public JavaCommand {
        jvmOptions = List.copyOf(jvmOptions);
        classPath = List.copyOf(classPath);
        args = List.copyOf(args);
    }

    /**
     * The module path the command gives the JVM ({@code -p}, {@code --module-path},
     * {@code --upgrade-module-path}), each entry as given; empty for a class-path command.
     */
    public List<String> modulePath() {
        List<String> entries = new ArrayList<>();
        for (int i = 0; i < jvmOptions.size(); i++) {
            String option = jvmOptions.get(i);
            String name = option.contains("=") ? option.substring(0, option.indexOf('=')) : option;
            if (!name.equals("-p") && !name.equals("--module-path") && !name.equals("--upgrade-module-path")) {
                continue;
            }
            String value = !name.equals(option) ? option.substring(name.length() + 1)
                    : i + 1 < jvmOptions.size() ? jvmOptions.get(++i) : "";
            for (String entry : value.split(File.pathSeparator)) {
                if (!entry.isEmpty()) {
                    entries.add(entry);
                }
            }
        }
        return entries;
    }

    /** The class path joined with the platform separator. */
    public String classPathString() {
        return String.join(File.pathSeparator, classPath);
    }

    /**
     * Parses {@code argv} (starting with the java executable) as the java launcher would, with
     * {@code env}'s CLASSPATH as the default class path and relative paths resolved against {@code cwd}.
     */
    public static JavaCommand parse(List<String> argv, Map<String, String> env, Path cwd) {
        if (argv.isEmpty()) {
            throw new UsageException("no command after --; expected: -- java [jvm options] (-cp CP | -jar JAR) MAIN [ARGS]");
        }
        String java = argv.get(0);
        String executable = Path.of(java).getFileName().toString();
        if (!executable.equals("java")) {
            throw new UsageException("the command after -- must start with java, not " + java);
        }
        List<String> rest = ArgFiles.expand(argv.subList(1, argv.size()), cwd);
        List<String> options = new ArrayList<>();
        String classPath = null;
        String jar = null;
        int i = 0;
        for (; i < rest.size(); i++) {
            String arg = rest.get(i);
            if (!arg.startsWith("-")) {
                break;
            }
            String name = arg.contains("=") && arg.startsWith("--") ? arg.substring(0, arg.indexOf('=')) : arg;
            if (UNSUPPORTED_MAIN.contains(name)) {
                throw new UsageException(name + " (module or source-file launch) is not supported by fanload; use -cp or -jar");
            }
            if (arg.equals("-jar")) {
                if (i + 1 >= rest.size()) {
                    throw new UsageException("-jar needs a jar file");
                }
                jar = rest.get(++i);
                i++;
                break;
            }
            boolean isClassPath = name.equals("-cp") || name.equals("-classpath") || name.equals("--class-path");
            String value = null;
            if (TAKES_VALUE.contains(arg)) {
                if (i + 1 >= rest.size()) {
                    throw new UsageException(arg + " needs a value");
                }
                value = rest.get(++i);
            } else if (!name.equals(arg) && TAKES_VALUE.contains(name)) {
                value = arg.substring(name.length() + 1);
            }
            if (isClassPath) {
                classPath = value;
            } else if (value != null && !name.equals(arg)) {
                options.add(arg);
            } else if (value != null) {
                options.add(arg);
                options.add(value);
            } else {
                options.add(AgentJars.absolute(arg, cwd));
            }
        }
        List<String> remaining = rest.subList(Math.min(i, rest.size()), rest.size());
        if (jar != null) {
            return fromJar(java, options, cwd.resolve(jar).normalize(), remaining);
        }
        if (remaining.isEmpty()) {
            throw new UsageException("no main class in the java command");
        }
        if (classPath == null) {
            classPath = env.getOrDefault("CLASSPATH", ".");
        }
        return new JavaCommand(java, options, expandClassPath(classPath, cwd), remaining.get(0),
                remaining.subList(1, remaining.size()));
    }

    /**
     * {@code -jar}: the jar alone as the class path (its manifest's Class-Path is followed by the
     * loader, as the JDK's does); Main-Class; the options its manifest asks for ({@link JarManifestOptions}).
     */
    private static JavaCommand fromJar(String java, List<String> options, Path jar, List<String> args) {
        Manifest manifest;
        try (JarFile file = new JarFile(jar.toFile())) {
            manifest = file.getManifest();
        } catch (IOException e) {
            throw new UsageException("cannot read -jar " + jar + ": " + e.getMessage());
        }
        String main = manifest == null ? null : manifest.getMainAttributes().getValue(Attributes.Name.MAIN_CLASS);
        if (main == null) {
            throw new UsageException("no Main-Class in the manifest of " + jar);
        }
        // Only the jar, as java -jar's java.class.path says: fanload's loader follows the manifest's
        // Class-Path as the JDK's does (the JDK's too, for a rank on the trained JVM cache).
        List<String> classPath = List.of(jar.toString());
        List<String> jvmOptions = new ArrayList<>(options);
        jvmOptions.addAll(JarManifestOptions.of(manifest.getMainAttributes()));
        return new JavaCommand(java, jvmOptions, classPath, main.trim(), args);
    }

    /**
     * Splits a class path, makes each element absolute and expands {@code dir/*} into the jars in
     * dir, sorted by name (the java launcher's order is the directory's, which is unspecified).
     */
    static List<String> expandClassPath(String classPath, Path cwd) {
        List<String> elements = new ArrayList<>();
        for (String element : classPath.split(File.pathSeparator, -1)) {
            String given = element.isEmpty() ? "." : element;
            if (given.equals("*") || given.endsWith(File.separator + "*")) {
                Path dir = cwd.resolve(given.substring(0, given.length() - 1)).normalize();
                List<String> jars = new ArrayList<>();
                try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
                    for (Path file : files) {
                        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
                        if (name.endsWith(".jar") && Files.isRegularFile(file)) {
                            jars.add(file.toString());
                        }
                    }
                } catch (IOException e) {
                    continue; // like the launcher: a wildcard over a missing folder adds nothing
                }
                jars.sort(null);
                elements.addAll(jars);
            } else {
                elements.add(cwd.resolve(given).normalize().toString());
            }
        }
        return elements;
    }
}
