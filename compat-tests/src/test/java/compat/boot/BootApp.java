package compat.boot;

import org.springframework.boot.CommandLineRunner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.core.io.ClassPathResource;

import java.nio.charset.StandardCharsets;

/** Component scan of this package inside the nested classes folder; prints what the context made. */
@SpringBootConfiguration
@ComponentScan
public class BootApp {

    public static void main(String[] args) {
        SpringApplication.run(BootApp.class, args).close();
    }

    @Bean
    CommandLineRunner report(Greeting greeting) {
        return args -> {
            String text = new ClassPathResource("greeting.txt").getContentAsString(StandardCharsets.UTF_8).strip();
            System.out.println("boot: " + greeting.greet(text) + ", loaded by " + BootApp.class.getClassLoader().getClass().getName());
        };
    }
}
