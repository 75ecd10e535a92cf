/**
 * The wire protocol shared by coordinator and agents: the {@link io.fanload.server.protocol.Message}
 * types, the bounded frame decoder and the stateless encoder. Byte layouts are in docs/TREE.md.
 * Nothing here does I/O beyond a channel pipeline; nothing here knows about trees.
 */
package io.fanload.server.protocol;
