/**
 * A Spring Boot application that the test packs as an executable jar (nested jars under
 * BOOT-INF/lib, Spring Boot's own launcher as Main-Class) and starts with {@code java -jar}.
 */
package compat.boot;
