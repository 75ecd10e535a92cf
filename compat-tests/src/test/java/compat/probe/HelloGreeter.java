package compat.probe;

public final class HelloGreeter implements Greeter {
    @Override
    public String greet() {
        return "hello from " + getClass().getSimpleName();
    }
}
