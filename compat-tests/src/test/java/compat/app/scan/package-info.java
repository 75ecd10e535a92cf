/**
 * What ClassGraph scans for: classes marked with {@link compat.app.scan.Marked}, which the test
 * spreads over two jars, and {@link compat.app.scan.ScanMain}, which prints what the scan found.
 */
package compat.app.scan;
