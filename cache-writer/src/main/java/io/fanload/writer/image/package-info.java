/**
 * Node-local images: expanding an archive (LZ4 entries) into the image that ranks map in place
 * (raw entries), extracting natives into the node's library folder, and marking the node ready.
 * The tree's node agent calls {@link io.fanload.writer.image.NodeImages#prepare} on what it
 * received; one node or a test without a tree calls {@link io.fanload.writer.image.NodeImages#install}.
 */
package io.fanload.writer.image;
