package io.aeserve.training;

import io.aeserve.model.EpochRecord;
import io.aeserve.score.ScoreCatalog;
import io.aeserve.model.TrainedModel;
import java.util.LinkedHashMap;
import java.util.Map;

/** The final metrics stored with a version. */
final class VersionMetrics {

    private VersionMetrics() {}

    static Map<String, Object> of(TrainedModel trained, TrainingSettings settings) {
        Map<String, Object> metrics = new LinkedHashMap<>();
        EpochRecord best = trained.history().get(Math.max(0, trained.bestEpoch() - 1));
        metrics.put("trainLoss", best.trainLoss());
        if (best.validationLoss() != null) {
            metrics.put("validationLoss", best.validationLoss());
        }
        if (trained.initialValidationLoss() != null) {
            metrics.put("initialValidationLoss", trained.initialValidationLoss());
        }
        metrics.put("terms", best.validationTerms() != null ? best.validationTerms() : best.terms());
        metrics.put("bestEpoch", trained.bestEpoch());
        metrics.put("epochsRun", trained.history().size());
        metrics.put("trainingRows", trained.trainingRows());
        metrics.put("validationRows", trained.validationRows());
        double seconds = trained.history().stream().mapToDouble(EpochRecord::seconds).sum();
        metrics.put("trainingSeconds", seconds);
        metrics.put("samplesPerSecond", trained.history().stream().mapToDouble(EpochRecord::samplesPerSecond)
                .average().orElse(0));
        float[] errors = trained.scores().training(ScoreCatalog.DEFAULT_SCORE);
        if (errors.length > 0) {
            metrics.put("reconstructionErrorMedian", errors[errors.length / 2]);
            metrics.put("reconstructionErrorP99", errors[(int) Math.min(errors.length - 1, errors.length * 0.99)]);
        }
        metrics.put("batchSize", settings.batchSize());
        metrics.put("optimizer", settings.optimizer().name().toLowerCase());
        metrics.put("learningRate", settings.learningRate());
        if (settings.seed() != null) {
            metrics.put("seed", settings.seed());
        }
        return metrics;
    }
}
