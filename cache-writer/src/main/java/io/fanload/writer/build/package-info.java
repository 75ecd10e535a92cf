/**
 * Building an archive from a pilot directory: merge the ranks' records, read every named entry
 * from every class-path element (so getResources can answer every hit in class-path order),
 * check it against what the pilot got, and write it in first-use order.
 */
package io.fanload.writer.build;
