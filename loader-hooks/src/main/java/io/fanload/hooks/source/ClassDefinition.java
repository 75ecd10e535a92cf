package io.fanload.hooks.source;

import java.net.URL;
import java.nio.ByteBuffer;
import java.security.CodeSource;
import java.util.jar.Manifest;

/**
 * What {@code defineClass} needs: the bytes (a slice of the mapped image when served, no copy),
 * the code source with its signers, and the manifest and seal base of the jar for the package.
 */
public record ClassDefinition(ByteBuffer bytes, CodeSource codeSource, Manifest manifest, URL sealBase) {
}
