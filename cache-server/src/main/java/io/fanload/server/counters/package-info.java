/**
 * Ranks' counters on their way to launch's report: what one node's ranks left in the node-local
 * folder ({@link io.fanload.server.counters.RankFolder}), summed per node by its agent and over
 * nodes by launch ({@link io.fanload.server.counters.TotalsBuilder}) into
 * {@link io.fanload.server.counters.RankTotals}, which the agent sends to the coordinator. Every
 * numeric key of a rank's counters file is summed, whatever its name. Depends on the JDK only.
 */
package io.fanload.server.counters;
