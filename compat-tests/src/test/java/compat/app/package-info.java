/**
 * Small mains that drive real libraries from Maven Central (log4j2, logback, sqlite-jdbc, zstd-jni,
 * ecj, ClassGraph) the way an application would, and {@link compat.app.Answer}, a class that the
 * language runtimes and compilers reach through the class path. Like the probes, each prints only
 * what must be the same plain, in a pilot and served.
 */
package compat.app;
