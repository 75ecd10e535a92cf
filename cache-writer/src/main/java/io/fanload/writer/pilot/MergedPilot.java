package io.fanload.writer.pilot;

import java.util.List;
import java.util.Map;

/**
 * The merge of every pilot rank's record.
 *
 * @param feature    the JDK feature release all ranks ran
 * @param ranks      rank numbers, in merge order (ascending)
 * @param nodes      distinct node names
 * @param origins    the class path as absolute paths, in class-path order
 * @param names      every name, in global first-use order
 * @param natives    every shared object, in global first-use order
 * @param provenance provenance from the lowest rank, plus merge facts
 * @param differences how the ranks differed, as printable lines
 * @param openArchives jars and zips off the class path that some rank held open at exit, sorted
 */
public record MergedPilot(int feature, List<Integer> ranks, List<String> nodes, List<String> origins,
                          List<MergedName> names, List<MergedNative> natives, Map<String, String> provenance,
                          List<String> differences, List<String> openArchives) {
}
