package demo;

/** The one Greeter, registered in META-INF/services. */
public class PoliteGreeter implements Greeter {
    @Override
    public String greet(String who) {
        return "hello, " + who;
    }
}
