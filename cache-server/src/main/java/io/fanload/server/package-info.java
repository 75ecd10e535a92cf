/**
 * fanload's server side: the coordinator that runs inside {@code launch} (module launch), the
 * per-node agent, and the Netty fan-out tree between them. Nothing here knows the front end. The wire protocol, tree shapes, timeouts and site settings
 * are documented in docs/TREE.md.
 */
package io.fanload.server;
