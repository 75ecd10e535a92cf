package compat.app.scan;

/** Marked, in the main's jar. */
@Marked("first")
public final class Alpha {
}
