package io.aeserve.views;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.aeserve.data.DataMatrix;
import io.aeserve.data.DataSelection;
import io.aeserve.data.DatasetService;
import io.aeserve.engine.EngineRuntime;
import io.aeserve.engine.FloatUpload;
import io.aeserve.error.InvalidInputException;
import io.aeserve.error.NotFoundException;
import io.aeserve.inference.InferenceService;
import io.aeserve.inference.InputRows;
import io.aeserve.inference.ThresholdRule;
import io.aeserve.model.ForwardOutput;
import io.aeserve.model.ForwardResult;
import io.aeserve.model.spec.ModelSpec;
import io.aeserve.registry.ModelRegistry;
import io.aeserve.score.ScoreCatalog;
import io.aeserve.training.Corruption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;

/**
 * Pictures of what a version learned, computed on rows of a dataset: reconstruction grids, the latent map, score
 * histograms and the worst rows. Read-only; every forward pass goes through the inference service, so views share
 * its batching, its limits and its loaded versions.
 */
class ViewService {

    private static final String ENDPOINT = "views";
    private static final Set<ForwardOutput> NONE = Set.of();

    private final ModelRegistry registry;
    private final DatasetService datasets;
    private final InferenceService inference;
    private final EngineRuntime runtime;

    ViewService(ModelRegistry registry, DatasetService datasets, InferenceService inference, EngineRuntime runtime) {
        this.registry = registry;
        this.datasets = datasets;
        this.inference = inference;
        this.runtime = runtime;
    }

    /**
     * Originals above reconstructions above per-pixel error maps, for {@code count} rows from {@code from}. For a
     * model trained with noise: the rows corrupted by that noise, what the model makes of them, the clean rows, and
     * the difference between denoised and clean.
     */
    byte[] reconstructions(String model, int version, DataSelection selection, int from, int count, int scale) {
        ModelSpec spec = spec(model, version);
        DataMatrix all = rows(spec, selection);
        List<Integer> shape = imageShape(spec, all);
        DataMatrix data = ViewRows.consecutive(all, from, count);
        float[][] ranges = ImageGrid.ranges(data.values(), data.rows());
        List<ImageGrid.Strip> strips;
        if (spec.noise() != null) {
            DataMatrix noisy = corrupt(spec, data, all);
            float[] denoised = forward(model, version, noisy, Set.of(ForwardOutput.OUTPUTS)).get(ForwardOutput.OUTPUTS);
            float[] difference = new float[denoised.length];
            for (int i = 0; i < difference.length; i++) {
                difference[i] = denoised[i] - data.values()[i];
            }
            strips = List.of(new ImageGrid.Strip(noisy.values(), false), new ImageGrid.Strip(denoised, false),
                    new ImageGrid.Strip(data.values(), false), new ImageGrid.Strip(difference, true));
        } else {
            ForwardResult result = forward(model, version, data,
                    Set.of(ForwardOutput.OUTPUTS, ForwardOutput.FEATURE_ERRORS));
            strips = List.of(new ImageGrid.Strip(data.values(), false),
                    new ImageGrid.Strip(result.get(ForwardOutput.OUTPUTS), false),
                    new ImageGrid.Strip(result.get(ForwardOutput.FEATURE_ERRORS), true));
        }
        return ImageGrid.png(strips, data.rows(), shape, ranges, scale);
    }

    /** The rows with the model's training noise, within the range of the dataset's values. */
    private DataMatrix corrupt(ModelSpec spec, DataMatrix rows, DataMatrix dataset) {
        float low = Float.POSITIVE_INFINITY;
        float high = Float.NEGATIVE_INFINITY;
        for (float value : dataset.values()) {
            low = Math.min(low, value);
            high = Math.max(high, value);
        }
        try (NDManager manager = runtime.newManager()) {
            NDArray clean = FloatUpload.of(manager, rows.values(), 0, rows.rows() * rows.width(),
                    new Shape(rows.rows(), rows.width()));
            float[] noisy = new Corruption(spec.noise(), low, high).apply(clean).toFloatArray();
            return new DataMatrix(noisy, rows.rows(), rows.rowShape(), rows.labels());
        }
    }

    ViewResponses.LatentMap latentMap(String model, int version, DataSelection selection, int count) {
        ModelSpec spec = spec(model, version);
        ViewRows.Sample sample = ViewRows.spread(rows(spec, selection), count);
        float[] codes = forward(model, version, sample.data(), Set.of(ForwardOutput.CODES)).get(ForwardOutput.CODES);
        int rows = sample.data().rows();
        int codeSize = codes.length / rows;
        PrincipalComponents.Projection projection = PrincipalComponents.project(codes, rows, codeSize, 2);
        int[] labels = sample.data().labels();
        List<ViewResponses.Point> points = new ArrayList<>(rows);
        for (int i = 0; i < rows; i++) {
            points.add(new ViewResponses.Point(sample.indices()[i], projection.coordinates()[2 * i],
                    projection.coordinates()[2 * i + 1], labels != null ? labels[i] : null));
        }
        return new ViewResponses.LatentMap(model, version, selection.dataset(), selection.split(), "pca", codeSize,
                projection.explained(), points);
    }

    ViewResponses.ScoreHistograms scoreHistograms(String model, int version, DataSelection selection, int count,
            int bins, ThresholdRule rule, Double value) {
        ModelSpec spec = spec(model, version);
        DataMatrix data = ViewRows.spread(rows(spec, selection), count).data();
        InputRows inputs = flat(data);
        List<ViewResponses.ScoreHistogram> histograms = new ArrayList<>();
        List<Map.Entry<String, float[]>> trained = new ArrayList<>(inference.trainingScores(model, version).entrySet());
        // the default score first, the others by name
        trained.sort(Comparator.comparing((Map.Entry<String, float[]> entry) ->
                !entry.getKey().equals(ScoreCatalog.DEFAULT_SCORE)).thenComparing(Map.Entry::getKey));
        for (Map.Entry<String, float[]> training : trained) {
            InferenceService.Scored scored = inference.query(model, version, inputs,
                    new InferenceService.RowQuery(NONE, training.getKey(), rule, value, false), ENDPOINT).scored();
            histograms.add(ScoreHistogram.of(training.getKey(), scored, training.getValue(), bins));
        }
        return new ViewResponses.ScoreHistograms(model, version, selection.dataset(), selection.split(), data.rows(),
                histograms);
    }

    ViewResponses.WorstRows worstRows(String model, int version, DataSelection selection, int count, int worst) {
        ModelSpec spec = spec(model, version);
        ViewRows.Sample sample = ViewRows.spread(rows(spec, selection), count);
        ForwardResult result = forward(model, version, sample.data(),
                Set.of(ForwardOutput.ERRORS, ForwardOutput.FEATURE_ERRORS));
        float[] errors = result.get(ForwardOutput.ERRORS);
        float[] features = result.get(ForwardOutput.FEATURE_ERRORS);
        int width = sample.data().width();
        int[] labels = sample.data().labels();
        List<ViewResponses.WorstRow> rows = IntStream.range(0, errors.length).boxed()
                .sorted(Comparator.comparingDouble((Integer i) -> errors[i]).reversed())
                .limit(worst)
                .map(i -> new ViewResponses.WorstRow(sample.indices()[i], labels != null ? labels[i] : null,
                        errors[i], Arrays.copyOfRange(features, i * width, (i + 1) * width)))
                .toList();
        return new ViewResponses.WorstRows(model, version, selection.dataset(), sample.data().rows(), rows);
    }

    private ModelSpec spec(String model, int version) {
        ModelSpec spec = registry.find(model).orElseThrow(() -> new NotFoundException("model", model)).spec();
        registry.manifest(model, version);
        return spec;
    }

    /** The selected rows, checked to fit the model. */
    private DataMatrix rows(ModelSpec spec, DataSelection selection) {
        if (selection.dataset() == null || selection.dataset().isBlank()) {
            throw new InvalidInputException("dataset", "is required: a dataset id, or fashion-mnist");
        }
        DataMatrix data = datasets.load(selection);
        if (data.width() != spec.inputSize()) {
            throw new InvalidInputException("dataset", "rows of '" + selection.dataset() + "' have "
                    + data.width() + " values; the model takes " + spec.inputSize());
        }
        return data;
    }

    private ForwardResult forward(String model, int version, DataMatrix data, Set<ForwardOutput> outputs) {
        return inference.query(model, version, flat(data),
                new InferenceService.RowQuery(outputs, null, null, null, false), ENDPOINT).forward();
    }

    private static InputRows flat(DataMatrix data) {
        return new InputRows(data.values(), data.rows(), List.of(data.width()));
    }

    /** The model's image shape, or the dataset's when the model takes the same values flat. */
    private static List<Integer> imageShape(ModelSpec spec, DataMatrix data) {
        if (spec.inputShape().size() == 3) {
            return spec.inputShape();
        }
        if (data.rowShape().size() == 3) {
            return data.rowShape();
        }
        throw new InvalidInputException("dataset", "its rows are not images; see the worst-rows view for tabular"
                + " data");
    }
}
