package dev.neuronwatch.trainer;

/**
 * A periodic report of a running training: losses and accuracies over the whole training and
 * validation sets, evaluated without dropout. Accuracy is null for regression; for binary and
 * multi-label data it is the share of correctly predicted labels. Validation values are null
 * without a validation set.
 *
 * <pre>{@code
 * ProgressListener print = p -> log.log(INFO, "step {0}: loss {1}", p.step(), p.trainLoss());
 * }</pre>
 */
public record Progress(
    long step,
    double trainLoss,
    Double trainAccuracy,
    Double validationLoss,
    Double validationAccuracy) {}
