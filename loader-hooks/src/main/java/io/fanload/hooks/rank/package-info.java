/**
 * What a rank's JVM needs on its command line and in its environment to run with fanload's
 * loader and still print exactly what {@code java -cp} prints; launch builds each rank's command
 * from it.
 */
package io.fanload.hooks.rank;
