package io.aeserve.training;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.initializer.XavierInitializer;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import io.aeserve.data.DataMatrix;
import io.aeserve.engine.EngineRuntime;
import io.aeserve.model.EpochRecord;
import io.aeserve.model.ModelBlocks;
import io.aeserve.model.Normalization;
import io.aeserve.model.ForwardOutput;
import io.aeserve.model.ForwardPass;
import io.aeserve.model.ForwardResult;
import io.aeserve.model.TrainedModel;
import io.aeserve.model.block.AutoencoderBlock;
import io.aeserve.model.block.Parameters;
import io.aeserve.model.loss.AutoencoderObjective;
import io.aeserve.model.loss.LossTerms;
import io.aeserve.model.spec.ModelSpec;
import io.aeserve.score.VersionScores;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;

/**
 * Trains one autoencoder on rows held in memory. Every batch's arrays live in a child manager closed after the
 * step; the model and trainer are closed when the run ends, whatever happens.
 */
public final class TrainingLoop {

    /** Told after every epoch. */
    public interface Listener {
        void epochFinished(EpochRecord record, int epochs);
    }

    /** Weights and normalisation to start from (fine-tuning), or none. */
    public record StartingPoint(byte[] parameters, Normalization normalization) {}

    /** Rows evaluated at once at most; fewer for big models, see {@link #evaluationBatch}. */
    private static final int EVALUATION_BATCH = 1024;

    private final EngineRuntime runtime;

    public TrainingLoop(EngineRuntime runtime) {
        this.runtime = runtime;
    }

    public TrainedModel train(ModelSpec spec, DataMatrix data, TrainingSettings settings, StartingPoint start,
            Listener listener, BooleanSupplier cancelled) {
        Random random = settings.seed() != null ? new Random(settings.seed()) : new Random();
        if (settings.seed() != null) {
            runtime.engine().setRandomSeed(settings.seed().intValue());
        }
        int width = spec.inputSize();
        Normalization normalization = start != null ? start.normalization()
                : Normalization.fit(spec.normalization(), data.values(), data.rows(), width);
        float[] rows = normalization.apply(data.values());
        int[] order = shuffled(data.rows(), random);
        int validationRows = validationRows(data.rows(), settings.validationSplit());
        int[] validation = Arrays.copyOfRange(order, 0, validationRows);
        int[] training = Arrays.copyOfRange(order, validationRows, order.length);
        float[] range = range(rows);
        Device device = runtime.device();
        Shape rowShape = ModelBlocks.rowShape(spec);
        AutoencoderObjective objective = new AutoencoderObjective(spec);
        Corruption corruption = spec.noise() != null ? new Corruption(spec.noise(), range[0], range[1]) : null;

        try (Model model = Model.newInstance("training", device, runtime.engine().getEngineName())) {
            AutoencoderBlock block = ModelBlocks.build(model, spec, new XavierInitializer());
            if (start != null) {
                Parameters.load(block, model.getNDManager(), start.parameters());
            }
            DefaultTrainingConfig config = new DefaultTrainingConfig(new ObjectiveLoss(objective))
                    .optOptimizer(optimizer(settings))
                    .optDevices(new Device[] {device});
            try (Trainer trainer = model.newTrainer(config)) {
                trainer.initialize(new Shape(1).addAll(rowShape));
                Evaluation evaluation = new Evaluation(trainer, objective, spec, rowShape, rows, width,
                        evaluationBatch(settings.batchSize()));
                Double initialValidationLoss = validationRows > 0 ? evaluation.loss(validation).total : null;
                List<EpochRecord> history = new ArrayList<>();
                byte[] best = Parameters.save(block);
                double bestLoss = Double.POSITIVE_INFINITY;
                int bestEpoch = 0;
                int sinceBest = 0;
                int batchSize = Math.min(settings.batchSize(), training.length);
                float[] buffer = new float[batchSize * width];
                for (int epoch = 1; epoch <= settings.epochs(); epoch++) {
                    long begin = System.nanoTime();
                    shuffle(training, random);
                    Map<String, Double> termSums = new LinkedHashMap<>();
                    double lossSum = 0;
                    for (int from = 0; from < training.length; from += batchSize) {
                        if (cancelled.getAsBoolean()) {
                            throw new CancellationException("cancelled");
                        }
                        int n = Math.min(batchSize, training.length - from);
                        gather(rows, width, training, from, n, buffer);
                        try (NDManager batchManager = trainer.getManager().newSubManager()) {
                            NDArray clean = batchManager.create(FloatBuffer.wrap(buffer, 0, n * width),
                                    new Shape(n).addAll(rowShape));
                            NDArray input = corruption != null ? corruption.apply(clean) : clean;
                            LossTerms terms;
                            try (GradientCollector collector = trainer.newGradientCollector()) {
                                NDList outputs = trainer.forward(new NDList(input));
                                terms = objective.compute(clean, outputs);
                                collector.backward(terms.total());
                            }
                            trainer.step();
                            lossSum += terms.total().getFloat() * n;
                            terms.values().forEach((name, value) -> termSums.merge(name, value * n, Double::sum));
                        }
                    }
                    double trainSeconds = (System.nanoTime() - begin) / 1e9;
                    termSums.replaceAll((name, sum) -> sum / training.length);
                    Evaluation.Result validationResult = validationRows > 0 ? evaluation.loss(validation) : null;
                    double seconds = (System.nanoTime() - begin) / 1e9;
                    EpochRecord record = new EpochRecord(epoch, lossSum / training.length,
                            validationResult != null ? validationResult.total : null, seconds,
                            training.length / trainSeconds, termSums,
                            validationResult != null ? validationResult.terms : null);
                    history.add(record);
                    listener.epochFinished(record, settings.epochs());
                    double monitored = validationResult != null ? validationResult.total : record.trainLoss();
                    if (!Double.isFinite(monitored)) {
                        throw new IllegalStateException("the loss became " + monitored + " in epoch " + epoch
                                + "; lower the learning rate");
                    }
                    if (monitored < bestLoss - settings.minDelta()) {
                        bestLoss = monitored;
                        bestEpoch = epoch;
                        sinceBest = 0;
                        if (settings.earlyStopping()) {
                            best = Parameters.save(block);
                        }
                    } else if (settings.earlyStopping() && ++sinceBest >= settings.patience()) {
                        break;
                    }
                }
                if (settings.earlyStopping()) {
                    Parameters.load(block, model.getNDManager(), best);
                } else {
                    best = Parameters.save(block);
                    bestEpoch = history.size();
                }
                VersionScores scores = evaluation.scores(allRows(data.rows()));
                return new TrainedModel(spec, best, normalization, history, scores, initialValidationLoss,
                        bestEpoch, training.length, validationRows);
            }
        }
    }

    /**
     * A forward pass without gradients keeps about a third of what a training step keeps per row, so evaluating
     * three training batches' rows at once stays within the memory a training batch was allowed.
     */
    static int evaluationBatch(int batchSize) {
        return (int) Math.min(EVALUATION_BATCH, 3L * batchSize);
    }

    static int validationRows(int rows, double split) {
        if (split <= 0 || rows < 2) {
            return 0;
        }
        return (int) Math.min(rows - 1, Math.max(1, Math.round(rows * split)));
    }

    private static Optimizer optimizer(TrainingSettings settings) {
        Tracker rate = Tracker.fixed((float) settings.learningRate());
        return switch (settings.optimizer()) {
            case ADAM -> Optimizer.adam().optLearningRateTracker(rate)
                    .optWeightDecays((float) settings.weightDecay()).build();
            case SGD -> Optimizer.sgd().setLearningRateTracker(rate).optMomentum((float) settings.momentum())
                    .optWeightDecays((float) settings.weightDecay()).build();
        };
    }

    private static void gather(float[] rows, int width, int[] indices, int from, int n, float[] buffer) {
        for (int i = 0; i < n; i++) {
            System.arraycopy(rows, indices[from + i] * width, buffer, i * width, width);
        }
    }

    private static float[] range(float[] values) {
        float low = Float.POSITIVE_INFINITY;
        float high = Float.NEGATIVE_INFINITY;
        for (float v : values) {
            low = Math.min(low, v);
            high = Math.max(high, v);
        }
        return new float[] {low, high};
    }

    private static int[] allRows(int count) {
        int[] all = new int[count];
        Arrays.setAll(all, i -> i);
        return all;
    }

    private static int[] shuffled(int count, Random random) {
        int[] order = allRows(count);
        shuffle(order, random);
        return order;
    }

    private static void shuffle(int[] values, Random random) {
        for (int i = values.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int swap = values[i];
            values[i] = values[j];
            values[j] = swap;
        }
    }

    /** Forward passes without gradients over chosen rows, batch by batch. */
    private static final class Evaluation {

        record Result(double total, Map<String, Double> terms) {}

        private final Trainer trainer;
        private final AutoencoderObjective objective;
        private final ModelSpec spec;
        private final Shape rowShape;
        private final float[] rows;
        private final int width;
        private final int batch;

        Evaluation(Trainer trainer, AutoencoderObjective objective, ModelSpec spec, Shape rowShape, float[] rows,
                int width, int batch) {
            this.trainer = trainer;
            this.objective = objective;
            this.spec = spec;
            this.rowShape = rowShape;
            this.rows = rows;
            this.width = width;
            this.batch = batch;
        }

        /** What to do with one evaluated batch: its first index, its rows, the input and the outputs. */
        private interface BatchVisitor {
            void visit(int from, int count, NDArray input, NDList outputs);
        }

        private void forEachBatch(int[] indices, BatchVisitor visitor) {
            float[] buffer = new float[Math.min(batch, indices.length) * width];
            for (int from = 0; from < indices.length; from += batch) {
                int n = Math.min(batch, indices.length - from);
                gather(rows, width, indices, from, n, buffer);
                try (NDManager manager = trainer.getManager().newSubManager()) {
                    NDArray input = manager.create(FloatBuffer.wrap(buffer, 0, n * width), new Shape(n).addAll(rowShape));
                    visitor.visit(from, n, input, trainer.evaluate(new NDList(input)));
                }
            }
        }

        Result loss(int[] indices) {
            double[] total = new double[1];
            Map<String, Double> terms = new LinkedHashMap<>();
            forEachBatch(indices, (from, n, input, outputs) -> {
                LossTerms batch = objective.compute(input, outputs);
                total[0] += batch.total().getFloat() * n;
                batch.values().forEach((name, value) -> terms.merge(name, value * n, Double::sum));
            });
            terms.replaceAll((name, sum) -> sum / indices.length);
            return new Result(total[0] / indices.length, terms);
        }

        /** The forward outputs of the rows that the model's scores need, fitted into its scores. */
        VersionScores scores(int[] indices) {
            Set<ForwardOutput> needs = VersionScores.fitNeeds(spec);
            List<ForwardResult> parts = new ArrayList<>();
            forEachBatch(indices, (from, n, input, outputs) ->
                    parts.add(ForwardPass.read(spec, input, outputs, n, needs, null)));
            return VersionScores.fit(spec, ForwardResult.concat(parts));
        }
    }
}
