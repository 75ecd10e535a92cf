package e2e;

/** A service interface; its implementation lives in the second jar. */
public interface Plugin {
    String name();
}
