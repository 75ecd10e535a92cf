package compat.app.scan;

/** In the scanned package but not marked: must not be listed. */
public final class Unmarked {
}
