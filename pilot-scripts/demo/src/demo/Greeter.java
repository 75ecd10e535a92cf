package demo;

/** A service interface, found through ServiceLoader as real applications find plugins. */
public interface Greeter {
    String greet(String who);
}
