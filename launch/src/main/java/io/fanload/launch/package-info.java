/**
 * The {@code launch} command: parses the user's {@code java ...} command, plans ranks over nodes,
 * starts them through a launcher ({@link io.fanload.launch.launcher}) in pilot or
 * read-cache mode, and reports. DESIGN.md section 5 is the contract it keeps.
 */
package io.fanload.launch;
