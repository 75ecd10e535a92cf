/**
 * The node-local image folder: where a node keeps the archive it received, the expanded image
 * that its ranks map, the native library folder, and the readiness marker. One place names every
 * path, so that the node agent (cache-server) and the ranks (this module) agree.
 */
package io.fanload.hooks.image;
