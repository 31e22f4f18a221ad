package ai.galileo.tracing.benchmarks.load;

import java.util.List;

/**
 * One table of the report: every subject at the same rate, for the same time, into the same receiver.
 *
 * @param name short name ({@code cpu}, {@code backend}, {@code console})
 * @param title what the table shows
 * @param rate spans a second
 * @param seconds how long the load lasts
 * @param latencyMillis how long the sink waits before it answers (the console answers when it has stored)
 * @param console true to send to the real console instead of the sink
 * @param subjects who runs
 * @param baselines true to also run each SDK exporting nothing, and report the export CPU
 * @param warmupSeconds how long each subject first runs at the same rate, not measured (0: none)
 */
record Scenario(String name, String title, int rate, int seconds, long latencyMillis, boolean console,
    List<LoadSubject> subjects, boolean baselines, int warmupSeconds) {}
