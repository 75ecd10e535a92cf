package io.fanload.server.protocol;

import io.fanload.server.counters.RankTotals;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * The Counters payload: {@code i32 finished | i32 withCounters | i32 fallbackRanks | i32 failingRank |
 * i32 failingStatus | u16 n | n × (string key | i64 sum) | u16 m | m × (string name | i32 ranks)}.
 * The sums come first; missed names follow, most missed first, as many as fit in
 * {@link Frames#MAX_COUNTERS_PAYLOAD} (launch names only the most missed ones).
 */
final class CountersCodec {

    /** Room kept for the frame's type byte and the counts. */
    private static final int SLACK = 64;

    private CountersCodec() {
    }

    static void write(Message.Counters m, ByteBuf b, BiFunction<ByteBuf, String, ByteBuf> string) {
        RankTotals t = m.totals();
        int start = b.writerIndex();
        b.writeInt(t.finished()).writeInt(t.withCounters()).writeInt(t.fallbackRanks()).writeInt(t.failingRank())
                .writeInt(t.failingStatus());
        int budget = Frames.MAX_COUNTERS_PAYLOAD - SLACK;
        int sumsAt = b.writerIndex();
        b.writeShort(0);
        int sums = 0;
        for (Map.Entry<String, Long> e : new TreeMap<>(t.sums()).entrySet()) {
            if (fits(b, start, budget, e.getKey(), 8) && sums < 0xFFFF) {
                string.apply(b, e.getKey()).writeLong(e.getValue());
                sums++;
            }
        }
        b.setShort(sumsAt, sums);
        int namesAt = b.writerIndex();
        b.writeShort(0);
        int names = 0;
        for (Map.Entry<String, Integer> e : t.missedBy().entrySet().stream()
                .sorted(Map.Entry.<String, Integer>comparingByValue(Comparator.reverseOrder())
                        .thenComparing(Map.Entry.comparingByKey())).toList()) {
            if (!fits(b, start, budget, e.getKey(), 4) || names == 0xFFFF) {
                break;
            }
            string.apply(b, e.getKey()).writeInt(e.getValue());
            names++;
        }
        b.setShort(namesAt, names);
    }

    /** Whether {@code key} and a value of {@code valueBytes} still fit; an over-long key never does. */
    private static boolean fits(ByteBuf b, int start, int budget, String key, int valueBytes) {
        int n = ByteBufUtil.utf8Bytes(key);
        return n <= Frames.MAX_STRING_BYTES && b.writerIndex() - start + 2 + n + valueBytes <= budget;
    }

    static Message.Counters read(ByteBuf b, Function<ByteBuf, String> string) {
        int finished = b.readInt();
        int withCounters = b.readInt();
        int fallbackRanks = b.readInt();
        int failingRank = b.readInt();
        int failingStatus = b.readInt();
        Map<String, Long> sums = new LinkedHashMap<>();
        for (int i = b.readUnsignedShort(); i > 0; i--) {
            sums.put(string.apply(b), b.readLong());
        }
        Map<String, Integer> missed = new LinkedHashMap<>();
        for (int i = b.readUnsignedShort(); i > 0; i--) {
            missed.put(string.apply(b), b.readInt());
        }
        return new Message.Counters(new RankTotals(finished, withCounters, fallbackRanks, failingRank, failingStatus,
                sums, missed));
    }
}
