package io.fanload.launch.launcher;

import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/**
 * Reads what fanload needs from a launcher's own options, as the user wrote them on the job's line
 * ({@code srun -n 64 --ntasks-per-node=16}, {@code mpirun -np 64 --map-by ppr:16:node}): the
 * forms {@code -n 64}, {@code -n64}, {@code --ntasks=64} and {@code --ntasks 64}.
 */
final class LauncherOptions {

    private final List<String> words;

    LauncherOptions(List<String> words) {
        this.words = List.copyOf(words);
    }

    /** The last value of any of {@code names} (a later option wins, as in the launchers) as a number. */
    OptionalInt number(String... names) {
        OptionalInt found = OptionalInt.empty();
        for (int i = 0; i < words.size(); i++) {
            String word = words.get(i);
            for (String name : names) {
                String value = null;
                if (word.equals(name) && i + 1 < words.size()) {
                    value = words.get(i + 1);
                } else if (name.startsWith("--") && word.startsWith(name + "=")) {
                    value = word.substring(name.length() + 1);
                } else if (!name.startsWith("--") && name.length() == 2 && word.startsWith(name) && word.length() > 2
                        && Character.isDigit(word.charAt(2))) {
                    value = word.substring(2);
                }
                OptionalInt parsed = leadingNumber(value);
                if (parsed.isPresent()) {
                    found = parsed;
                }
            }
        }
        return found;
    }

    /** The value of {@code name} ({@code --map-by ppr:16:node}, {@code --map-by=...}), or null. */
    String text(String name) {
        String found = null;
        for (int i = 0; i < words.size(); i++) {
            String word = words.get(i);
            if (word.equals(name) && i + 1 < words.size()) {
                found = words.get(i + 1);
            } else if (word.startsWith(name + "=")) {
                found = word.substring(name.length() + 1);
            }
        }
        return found;
    }

    /** A count from the environment (SLURM_NTASKS, ...), if it holds one. */
    static OptionalInt environment(Map<String, String> env, String variable) {
        return leadingNumber(env.get(variable));
    }

    /** "64", "2-4" (srun's node range: its minimum), "16(x4)" (Slurm's per-node lists): the first number. */
    static OptionalInt leadingNumber(String value) {
        if (value == null) {
            return OptionalInt.empty();
        }
        int end = 0;
        while (end < value.length() && Character.isDigit(value.charAt(end))) {
            end++;
        }
        if (end == 0 || end > 9) {
            return OptionalInt.empty();
        }
        return OptionalInt.of(Integer.parseInt(value.substring(0, end)));
    }
}
