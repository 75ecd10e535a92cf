/**
 * The node agent: one per node, it joins the coordinator, receives the archive into the node-local
 * folder (or reads it, when it is the reader), forwards every verified chunk to its children as
 * soon as it has it, checks the whole-archive digest, prepares the node-local image, serves late
 * or resuming children from its copy, and removes the folder when the job step ends. Also how
 * the agent's own JVM starts: its options and its class archive.
 */
package io.fanload.server.agent;
