/**
 * fanload's server side: the coordinator that runs inside {@code launch}, the per-node agent, and
 * the Netty fan-out tree between them. The wire protocol, tree shapes, timeouts and site settings
 * are documented in docs/TREE.md.
 */
package io.fanload.server;
