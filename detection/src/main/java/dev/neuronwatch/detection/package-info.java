/**
 * The detection benchmark: labelled trainings of the reference network (pathologies with the alert
 * they must raise, and healthy configurations that must raise none), each watched by a real agent
 * pushing over HTTP to an in-process server; per rule it reports recall, false alerts on healthy
 * runs, lead time and flapping.
 *
 * <p>{@link dev.neuronwatch.detection.RunCatalog} lists the runs, {@link
 * dev.neuronwatch.detection.ReferencePass} and {@link dev.neuronwatch.detection.MonitoredRun} train
 * them, {@link dev.neuronwatch.detection.RunAnalysis} and {@link
 * dev.neuronwatch.detection.RuleScores} judge them without any I/O, {@link
 * dev.neuronwatch.detection.MarkdownReport} writes the tables.
 */
package dev.neuronwatch.detection;
