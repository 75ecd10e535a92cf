/**
 * Documentation made from the commands themselves: the man pages of {@code launch} and
 * {@code fanload-cache}, written from their picocli models when the release is built (dist/).
 */
package io.fanload.launch.doc;
