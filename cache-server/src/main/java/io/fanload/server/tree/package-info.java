/**
 * The shape of the fan-out tree (chain, binary, k-ary over join order) and the choice of a new
 * parent for an orphan. Pure logic, no I/O: the placement package owns the nodes' state and asks
 * this package.
 */
package io.fanload.server.tree;
