/**
 * Merging the pilot ranks' records into one plan: the union of everything any rank loaded, in
 * global first-use order, and a report of how the ranks differed. DLFM assumed every rank loads
 * the same things; fanload reports it instead.
 */
package io.fanload.writer.pilot;
