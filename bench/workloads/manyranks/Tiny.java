/** A rank's main for bench/scripts/many-ranks.sh: appends when it reached main, in epoch microseconds. */
public class Tiny {
    public static void main(String[] args) throws Exception {
        java.time.Instant now = java.time.Instant.now();
        long micros = now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
        java.nio.file.Files.writeString(java.nio.file.Path.of(args[0]), micros + "\n",
                java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
    }
}
