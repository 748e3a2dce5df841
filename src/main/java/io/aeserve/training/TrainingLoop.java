package io.aeserve.training;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.Trainer;
import ai.djl.training.initializer.XavierInitializer;
import io.aeserve.data.DataMatrix;
import io.aeserve.engine.EngineRuntime;
import io.aeserve.model.EpochRecord;
import io.aeserve.model.ModelBlocks;
import io.aeserve.model.Normalization;
import io.aeserve.model.TrainedModel;
import io.aeserve.model.block.AutoencoderBlock;
import io.aeserve.model.block.Parameters;
import io.aeserve.model.loss.AutoencoderObjective;
import io.aeserve.model.spec.ModelSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.BooleanSupplier;

/**
 * Trains one autoencoder on rows held in memory: prepare the rows, build the block and trainer, run epochs with
 * validation until the last or until early stopping, then fit the version's scores. The model, the trainer and
 * the optimizer's state are closed when the run ends, whatever happens.
 */
public final class TrainingLoop {

    /** Told after every epoch. */
    public interface Listener {
        void epochFinished(EpochRecord record, int epochs);
    }

    /** Weights and normalisation to start from (fine-tuning), or none. */
    public record StartingPoint(byte[] parameters, Normalization normalization) {}

    private final EngineRuntime runtime;

    public TrainingLoop(EngineRuntime runtime) {
        this.runtime = runtime;
    }

    public TrainedModel train(ModelSpec spec, DataMatrix data, TrainingSettings settings, StartingPoint start,
            Listener listener, BooleanSupplier cancelled) {
        Random random = random(settings);
        TrainingRows rows = TrainingRows.prepare(spec, data, start != null ? start.normalization() : null,
                settings.validationSplit(), random);
        AutoencoderObjective objective = new AutoencoderObjective(spec);
        Device device = runtime.device();
        try (Model model = Model.newInstance("training", device, runtime.engine().getEngineName());
                RunOptimizer optimizer = new RunOptimizer(settings)) {
            AutoencoderBlock block = block(model, spec, start);
            try (Trainer trainer = model.newTrainer(config(objective, optimizer, device))) {
                Shape rowShape = ModelBlocks.rowShape(spec);
                trainer.initialize(new Shape(1).addAll(rowShape));
                Evaluation evaluation = new Evaluation(trainer, objective, spec, rowShape, rows, settings.batchSize());
                Double initialValidationLoss = rows.hasValidation() ? evaluation.loss(rows.validation()).total() : null;
                EarlyStopping stopping = new EarlyStopping(settings, block);
                TrainingEpoch epoch = new TrainingEpoch(trainer, objective, rows.corruption(spec), rows, rowShape,
                        settings.batchSize(), random, cancelled);
                List<EpochRecord> history = new ArrayList<>();
                for (int number = 1; number <= settings.epochs(); number++) {
                    EpochRecord record = runEpoch(number, epoch, evaluation, rows);
                    history.add(record);
                    listener.epochFinished(record, settings.epochs());
                    if (stopping.stopAfter(number, monitored(record))) {
                        break;
                    }
                }
                byte[] parameters = stopping.keep(model.getNDManager());
                return new TrainedModel(spec, parameters, rows.normalization(), history,
                        evaluation.scores(rows.all()), initialValidationLoss, stopping.bestEpoch(history.size()),
                        rows.training().length, rows.validation().length);
            }
        }
    }

    /** The run's random source; a seed also seeds the engine, so initialisation, noise and sampling repeat. */
    private Random random(TrainingSettings settings) {
        if (settings.seed() == null) {
            return new Random();
        }
        runtime.engine().setRandomSeed(settings.seed().intValue());
        return new Random(settings.seed());
    }

    private static AutoencoderBlock block(Model model, ModelSpec spec, StartingPoint start) {
        AutoencoderBlock block = ModelBlocks.build(model, spec, new XavierInitializer());
        if (start != null) {
            Parameters.load(block, model.getNDManager(), start.parameters());
        }
        return block;
    }

    private static DefaultTrainingConfig config(AutoencoderObjective objective, RunOptimizer optimizer,
            Device device) {
        return new DefaultTrainingConfig(new ObjectiveLoss(objective))
                .optOptimizer(optimizer.optimizer())
                .optDevices(new Device[] {device});
    }

    /** Trains one epoch, then validates; the record times both, and its throughput the training alone. */
    private static EpochRecord runEpoch(int number, TrainingEpoch epoch, Evaluation evaluation, TrainingRows rows) {
        long begin = System.nanoTime();
        TrainingEpoch.Result trained = epoch.run();
        double trainSeconds = (System.nanoTime() - begin) / 1e9;
        Evaluation.Result validated = rows.hasValidation() ? evaluation.loss(rows.validation()) : null;
        double seconds = (System.nanoTime() - begin) / 1e9;
        int trainingRows = rows.training().length;
        return new EpochRecord(number, trained.loss(), validated != null ? validated.total() : null, seconds,
                trainingRows / trainSeconds, trained.terms(), validated != null ? validated.terms() : null);
    }

    /** The loss early stopping follows: validation when there is some, else training; never NaN or infinite. */
    private static double monitored(EpochRecord record) {
        double monitored = record.validationLoss() != null ? record.validationLoss() : record.trainLoss();
        if (!Double.isFinite(monitored)) {
            throw new IllegalStateException("the loss became " + monitored + " in epoch " + record.epoch()
                    + "; lower the learning rate");
        }
        return monitored;
    }
}
