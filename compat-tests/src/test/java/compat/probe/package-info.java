/**
 * Small programs that the compat tests pack into jars and run plain, in a pilot and served: each
 * prints only what must be the same in all three (never a URL or a path, which differ by design).
 */
package compat.probe;
