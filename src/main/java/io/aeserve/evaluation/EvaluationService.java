package io.aeserve.evaluation;

import io.aeserve.data.DatasetService;
import io.aeserve.data.RowStream;
import io.aeserve.error.ConflictException;
import io.aeserve.error.InvalidInputException;
import io.aeserve.inference.InferenceService;
import io.aeserve.inference.InputRows;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.IntConsumer;

/**
 * Scores a labelled dataset with every score of a version and measures how well each finds the anomalies. Rows
 * stream through the model in batches; only each row's scores and class stay in memory.
 */
class EvaluationService {

    private final InferenceService inference;
    private final DatasetService datasets;
    private final EvaluationProperties properties;

    EvaluationService(InferenceService inference, DatasetService datasets, EvaluationProperties properties) {
        this.inference = inference;
        this.datasets = datasets;
        this.properties = properties;
    }

    /**
     * Checks an evaluation before it runs: the label classes, the dataset (labelled, not too large) and, on its
     * first row, the version, the scores and the row width. Returns the dataset's number of rows.
     */
    int check(String model, int version, EvaluateRequest request) {
        LabelClasses.of(request.anomalyLabels(), request.normalLabels());
        try (RowStream rows = open(request)) {
            float[] first = new float[rows.width()];
            rows.read(first, null);
            inference.scoreAll(model, version, InputRows.stored(first, 1, first.length,
                    datasets.tableColumns(request.dataset())), request.scores(), "evaluate");
            return rows.rows();
        }
    }

    /** Runs an evaluation, telling {@code progress} how many rows each batch scored. */
    EvaluationReport evaluate(String model, int version, EvaluateRequest request, IntConsumer progress) {
        LabelClasses classes = LabelClasses.of(request.anomalyLabels(), request.normalLabels());
        long begin = System.nanoTime();
        Map<String, float[]> scores = new LinkedHashMap<>();
        boolean[] anomaly;
        try (RowStream rows = open(request)) {
            anomaly = new boolean[rows.rows()];
            int batch = Math.max(1, properties.batchRows());
            float[] buffer = new float[batch * rows.width()];
            int[] labels = new int[batch];
            // flat rows fit any model of the same input size, whatever shape the dataset keeps; a table's rows
            // are encoded by the version
            List<io.aeserve.table.TableColumn> table = datasets.tableColumns(request.dataset());
            int done = 0;
            int count;
            while ((count = rows.read(buffer, labels)) > 0) {
                float[] values = count == batch ? buffer : Arrays.copyOf(buffer, count * rows.width());
                Map<String, float[]> scored = inference.scoreAll(model, version,
                        InputRows.stored(values, count, rows.width(), table), request.scores(), "evaluate");
                for (Map.Entry<String, float[]> entry : scored.entrySet()) {
                    float[] all = scores.computeIfAbsent(entry.getKey(), name -> new float[rows.rows()]);
                    System.arraycopy(entry.getValue(), 0, all, done, count);
                }
                for (int i = 0; i < count; i++) {
                    anomaly[done + i] = classes.isAnomaly(labels[i]);
                }
                done += count;
                progress.accept(count);
            }
        }
        int anomalies = 0;
        for (boolean a : anomaly) {
            anomalies += a ? 1 : 0;
        }
        classes.checkBoth(anomalies, anomaly.length - anomalies);
        Map<String, ScoreEvaluation> evaluations = new LinkedHashMap<>();
        scores.forEach((name, values) -> {
            checkFinite(model, version, name, values);
            evaluations.put(name, ScoreEvaluation.of(values, anomaly, request.fpr()));
        });
        return new EvaluationReport(model, version, request.dataset(), request.split(), anomaly.length, anomalies,
                anomaly.length - anomalies, evaluations, (System.nanoTime() - begin) / 1e9);
    }

    /** A version whose weights diverged scores rows NaN or infinite: nothing to rank or to draw a threshold from. */
    private static void checkFinite(String model, int version, String score, float[] values) {
        long bad = 0;
        for (float value : values) {
            bad += Float.isFinite(value) ? 0 : 1;
        }
        if (bad > 0) {
            throw new ConflictException("version " + version + " of '" + model + "' gives " + bad + " rows a "
                    + score + " score that is not a finite number; it cannot be evaluated (train it again)");
        }
    }

    /** The dataset's rows, when it has labels and is not too large. */
    private RowStream open(EvaluateRequest request) {
        RowStream rows = datasets.stream(request.dataset(), request.split());
        if (!rows.hasLabels()) {
            rows.close();
            throw new InvalidInputException("dataset", "'" + request.dataset() + "' has no labels; upload it"
                    + " with labels to evaluate on it");
        }
        if (rows.rows() > properties.maxRows()) {
            rows.close();
            throw new InvalidInputException("dataset", "'" + request.dataset() + "' has " + rows.rows()
                    + " rows; an evaluation scores at most " + properties.maxRows()
                    + " (aeserve.evaluation.max-rows)");
        }
        return rows;
    }

    /** Which labels mark anomalies: the ones listed, or every one but those listed as normal. */
    private record LabelClasses(Set<Integer> listed, boolean listedAreAnomalies) {

        static LabelClasses of(List<Integer> anomalyLabels, List<Integer> normalLabels) {
            if ((anomalyLabels == null) == (normalLabels == null)) {
                throw new InvalidInputException(anomalyLabels == null ? "anomalyLabels" : "normalLabels",
                        "give exactly one of anomalyLabels and normalLabels");
            }
            return anomalyLabels != null ? new LabelClasses(Set.copyOf(anomalyLabels), true)
                    : new LabelClasses(Set.copyOf(normalLabels), false);
        }

        boolean isAnomaly(int label) {
            return listed.contains(label) == listedAreAnomalies;
        }

        void checkBoth(int anomalies, int normals) {
            String field = listedAreAnomalies ? "anomalyLabels" : "normalLabels";
            if (anomalies == 0 || normals == 0) {
                throw new InvalidInputException(field, "the dataset has " + anomalies + " anomalies and " + normals
                        + " normal rows by these labels; an evaluation needs both");
            }
        }
    }
}
