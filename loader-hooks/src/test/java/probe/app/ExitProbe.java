package probe.app;

/**
 * Ends the way its argument says: normally, System.exit(3), an uncaught exception in main, or
 * waiting to be killed with SIGTERM — a pilot record must be written in each case.
 */
public final class ExitProbe {

    private ExitProbe() {
    }

    public static void main(String[] args) throws Exception {
        System.out.println(Probe.class.getClassLoader().getResource("probe/app/shared.txt") != null ? "ready" : "no");
        System.out.flush();
        switch (args.length == 0 ? "normal" : args[0]) {
            case "exit":
                System.exit(3);
                break;
            case "throw":
                throw new IllegalStateException("thrown out of main");
            case "wait":
                Thread.sleep(600_000);
                break;
            default:
                break;
        }
    }
}
