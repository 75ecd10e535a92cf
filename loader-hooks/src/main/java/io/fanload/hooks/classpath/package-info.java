/**
 * The application's class path read the way the JDK's application class loader reads it: jars
 * opened lazily with {@code JarFile(file, verify, OPEN_READ, Runtime.version())} (multi-release
 * and signature checks included), folders probed with {@code File.exists}, {@code Class-Path}
 * manifest attributes followed after their jar, duplicates dropped. Record mode loads from it;
 * serve mode uses it only for a miss. URLs are spelled as {@code URLClassLoader} spells them, so
 * a recording rank is indistinguishable from a plain {@code java -cp} rank.
 */
package io.fanload.hooks.classpath;
