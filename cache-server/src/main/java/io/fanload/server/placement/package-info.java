/**
 * The coordinator's decisions as plain logic: where a joining node goes, who adopts the children of
 * a lost node, which children leave a slow parent, and when the distribution is complete.
 * {@link io.fanload.server.placement.Placement} takes events (a join, a progress report, a lost
 * parent, a ready or failed node, a pace sample) with the time passed in, and returns the control
 * messages to send ({@link io.fanload.server.placement.Send}). No sockets, no threads, no clock:
 * the coordinator is the adapter that decodes, calls in, and writes out, and tests drive the same
 * logic over thousands of simulated nodes in milliseconds. Depends on {@code tree} (shape, parent
 * choice) and on the protocol's control message records only.
 */
package io.fanload.server.placement;
