package compat.boot;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/** Found by the component scan; its property comes from application.properties in the jar. */
@Component
public class Greeting {

    private final String greeting;

    public Greeting(@Value("${compat.greeting}") String greeting) {
        this.greeting = greeting;
    }

    String greet(String whom) {
        return greeting + ", " + whom;
    }
}
