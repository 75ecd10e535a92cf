/**
 * The per-job secret and the mutual challenge-response every connection starts with. A secret is
 * made by the coordinator, handed to agents through an environment variable or a 0600 file, and
 * never printed, logged or put on a command line. Proofs are HMAC-SHA256 over both sides' fresh
 * nonces, with a different label per direction so that no proof can be reflected.
 */
package io.fanload.server.auth;
