/**
 * cache-writer's test fixtures: real jars, shared objects and pilot records built in a temporary
 * folder, and archives edited behind their checksums.
 */
package io.fanload.writer.testing;
