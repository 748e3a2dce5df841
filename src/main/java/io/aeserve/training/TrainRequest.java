package io.aeserve.training;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Positive;
import java.util.List;

/**
 * A training run: the data (a dataset, or inline rows) and the optimisation settings. Absent settings take the
 * defaults shown.
 */
@Schema(example = """
        {"dataset": "fashion-mnist", "split": "train", "classes": [0], "epochs": 10, "batchSize": 256,
         "optimizer": "adam", "learningRate": 0.001, "validationSplit": 0.1,
         "earlyStopping": {"patience": 3, "minDelta": 0.0001}, "seed": 42}""")
record TrainRequest(
        @Schema(description = "a dataset id, or fashion-mnist; exactly one of dataset and data") String dataset,
        @Schema(description = "train or test (built-in datasets); default train") String split,
        @Schema(description = "keep only rows with these labels") List<Integer> classes,
        @Schema(type = "array", example = "[[0.1, 0.2]]", description = """
                inline rows, each a flat array of the model's input size; for convolutional models also nested \
                [C][H][W] arrays""") InlineRows data,
        @Schema(defaultValue = "10", description = "at most aeserve.limits.max-epochs (10000 by default)") @Min(1)
                Integer epochs,
        @Schema(defaultValue = "256") @Min(1) @Max(65_536) Integer batchSize,
        @Schema(defaultValue = "adam") OptimizerKind optimizer,
        @Schema(defaultValue = "0.001") @Positive @DecimalMax("10") Double learningRate,
        @Schema(defaultValue = "0.9", description = "sgd only") @DecimalMin("0") @DecimalMax("0.999") Double momentum,
        @Schema(defaultValue = "0") @DecimalMin("0") Double weightDecay,
        @Schema(defaultValue = "0.1", description = "fraction of rows held out to measure validation loss")
                @DecimalMin("0") @DecimalMax("0.5") Double validationSplit,
        @Valid EarlyStopping earlyStopping,
        @Schema(description = "makes a run on the CPU reproducible") Long seed,
        @Schema(description = "start from this version's weights and normalisation (fine-tuning)") @Min(1)
                Integer fromVersion) {

    /**
     * Stop when the monitored loss (validation, else training) has not improved by {@code minDelta} for
     * {@code patience} epochs, and keep the best epoch's weights.
     */
    record EarlyStopping(@Min(1) @Max(1000) Integer patience, @DecimalMin("0") Double minDelta) {}

    TrainingSettings settings() {
        return new TrainingSettings(
                epochs != null ? epochs : 10,
                batchSize != null ? batchSize : 256,
                optimizer != null ? optimizer : OptimizerKind.ADAM,
                learningRate != null ? learningRate : 0.001,
                momentum != null ? momentum : 0.9,
                weightDecay != null ? weightDecay : 0.0,
                validationSplit != null ? validationSplit : 0.1,
                earlyStopping != null ? (earlyStopping.patience() != null ? earlyStopping.patience() : 3) : 0,
                earlyStopping != null && earlyStopping.minDelta() != null ? earlyStopping.minDelta() : 0.0,
                seed);
    }
}
