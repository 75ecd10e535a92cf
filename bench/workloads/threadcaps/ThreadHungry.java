import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;

/**
 * A rank that does what real JVM ranks do to a shared node: parallel streams on the common
 * ForkJoin pool (sized to the processors the JVM sees) and enough allocation to keep the GC's
 * worker threads (also sized to the processors) busy. Prints a checksum so the work is not elided.
 */
public class ThreadHungry {
    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 40;
        long checksum = 0;
        for (int round = 0; round < rounds; round++) {
            checksum += LongStream.range(0, 2_000_000).parallel().map(i -> (i * 31) ^ (i >>> 3)).sum();
            List<long[]> garbage = new ArrayList<>();
            for (int i = 0; i < 2_000; i++) {
                garbage.add(new long[512]);
            }
            checksum += garbage.size();
        }
        System.out.println("checksum " + checksum);
    }
}
