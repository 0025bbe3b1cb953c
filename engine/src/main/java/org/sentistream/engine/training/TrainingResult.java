package org.sentistream.engine.training;

import java.nio.file.Path;
import org.sentistream.engine.eval.Metrics;
import org.sentistream.engine.internals.HeadDefinition;

/**
 * Outcome of a head training run.
 *
 * @param head the head written
 * @param out file it was written to
 * @param l2 chosen L2 penalty
 * @param validation metrics on the validation rows
 * @param test metrics on the test file, or null when none was given
 */
public record TrainingResult(HeadDefinition head, Path out, double l2, Metrics validation, Metrics test) {
}
