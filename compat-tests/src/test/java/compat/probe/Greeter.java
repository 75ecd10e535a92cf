package compat.probe;

/** A service interface, implemented in another jar and found through ServiceLoader. */
public interface Greeter {
    String greet();
}
