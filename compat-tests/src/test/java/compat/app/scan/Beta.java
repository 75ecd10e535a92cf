package compat.app.scan;

/** Marked, in a second jar: found only by a scan that reads every class-path element. */
@Marked("second")
public final class Beta {
}
