/** Helpers for loader-hooks' tests: real jars and folders written in a test's temporary folder. */
package io.fanload.hooks.testing;
