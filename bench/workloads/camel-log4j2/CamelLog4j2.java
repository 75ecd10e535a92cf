import java.util.concurrent.atomic.AtomicInteger;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.main.Main;

/**
 * The contention benchmark's log4j2 preset (bench/scripts/contention.sh --preset log4j2): Apache
 * Camel started the way a standalone Camel application starts (camel-main), logging through SLF4J
 * to log4j2 (log4j-slf4j2-impl, log4j-core; log4j2.properties beside this file, on the class path
 * in the driver jar). One route: a timer that fires once, without delay, a Simple expression, the log
 * component and a processor that counts. camel-main stops the context after that one message; the driver
 * then prints one deterministic line on stdout (the log goes to stderr).
 */
public class CamelLog4j2 {
    public static void main(String[] args) throws Exception {
        AtomicInteger seen = new AtomicInteger();
        Main main = new Main();
        main.configure().addRoutesBuilder(new RouteBuilder() {
            @Override
            public void configure() {
                from("timer:fanload?delay=0&repeatCount=1&includeMetadata=true").routeId("fanload")
                    .setBody(simple("timer fired ${header.CamelTimerCounter} time(s)"))
                    .to("log:fanload.route?level=INFO&showExchangePattern=false&showBodyType=false")
                    .process(exchange -> seen.incrementAndGet());
            }
        });
        main.configure().setDurationMaxMessages(1);
        int status = main.run(args);
        System.out.println("camel-log4j2 done " + seen.get());
        System.exit(status);
    }
}
