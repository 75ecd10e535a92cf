package e2e.plugin;

/** The second jar's service implementation. */
public class FirstPlugin implements e2e.Plugin {
    @Override
    public String name() {
        return "first-plugin";
    }
}
