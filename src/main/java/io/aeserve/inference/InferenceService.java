package io.aeserve.inference;

import io.aeserve.error.ConflictException;
import io.aeserve.error.InvalidInputException;
import io.aeserve.error.NotFoundException;
import io.aeserve.model.ForwardOutput;
import io.aeserve.model.ForwardResult;
import io.aeserve.model.LoadedModel;
import io.aeserve.model.spec.ModelSpec;
import io.aeserve.registry.ModelRegistry;
import io.aeserve.registry.VersionThreshold;
import io.aeserve.score.ScoreCatalog;
import io.aeserve.score.VersionScores;
import io.aeserve.table.TableEncoding;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.Random;
import java.util.function.Function;

/**
 * Runs requests on the right version: the one asked for, else the served one. Inputs are checked against the
 * version's spec before anything runs; forward passes go through the version's batcher.
 */
public class InferenceService {

    private final ModelRegistry registry;
    private final VersionCache cache;
    private final InferenceMetrics metrics;
    private final int maxRows;
    private final RowsInFlight inFlight;

    InferenceService(ModelRegistry registry, VersionCache cache, InferenceMetrics metrics, int maxRows,
            RowsInFlight inFlight) {
        this.registry = registry;
        this.cache = cache;
        this.metrics = metrics;
        this.maxRows = maxRows;
        this.inFlight = inFlight;
    }

    /** The shape of a model version's input rows, for clients that send images or binary rows. */
    List<Integer> inputShape(String model) {
        return registry.find(model).orElseThrow(() -> new NotFoundException("model", model)).spec().inputShape();
    }

    InferenceResponses.Encoded encode(String model, Integer version, InputRows inputs) {
        return run(model, version, "encode", inputs.rows(), served -> {
            InputRows rows = modelInputs(served, inputs, "inputs");
            LoadedModel.Encoded encoded = served.loaded().encode(rows.values(), rows.rows());
            int latent = served.loaded().latentSize();
            return new InferenceResponses.Encoded(model, served.version(), split(encoded.codes(), latent),
                    encoded.logVariance() != null ? split(encoded.logVariance(), latent) : null);
        });
    }

    InferenceResponses.Outputs decode(String model, Integer version, InputRows codes) {
        return run(model, version, "decode", codes.rows(), served -> {
            int latent = served.loaded().latentSize();
            checkCount(codes.rows(), "codes");
            if (codes.rowShape().size() != 1 || codes.width() != latent) {
                throw new InvalidInputException("codes", "rows have shape " + codes.rowShape() + "; version "
                        + served.version() + " of '" + model + "' decodes codes of " + latent + " values");
            }
            float[] outputs = served.loaded().decode(codes.values(), codes.rows());
            return new InferenceResponses.Outputs(model, served.version(), split(outputs, outputs.length / codes.rows()));
        });
    }

    InferenceResponses.Reconstructed reconstruct(String model, Integer version, InputRows inputs) {
        return run(model, version, "reconstruct", inputs.rows(), served -> {
            InputRows rows = modelInputs(served, inputs, "inputs");
            ForwardResult result = served.forward(rows.values(), rows.rows(),
                    Set.of(ForwardOutput.OUTPUTS, ForwardOutput.ERRORS));
            return new InferenceResponses.Reconstructed(model, served.version(),
                    split(result.get(ForwardOutput.OUTPUTS), rows.width()), result.get(ForwardOutput.ERRORS));
        });
    }

    InferenceResponses.Outputs denoise(String model, Integer version, InputRows inputs) {
        return run(model, version, "denoise", inputs.rows(), served -> {
            InputRows rows = modelInputs(served, inputs, "inputs");
            float[] outputs = served.forward(rows.values(), rows.rows(), Set.of(ForwardOutput.OUTPUTS))
                    .get(ForwardOutput.OUTPUTS);
            return new InferenceResponses.Outputs(model, served.version(), split(outputs, rows.width()));
        });
    }

    /** Flat reconstructions of rows, for callers that answer in a binary or image format. */
    float[] reconstructFlat(String model, Integer version, InputRows inputs, String endpoint) {
        return run(model, version, endpoint, inputs.rows(), served -> {
            InputRows rows = modelInputs(served, inputs, "inputs");
            return served.forward(rows.values(), rows.rows(), Set.of(ForwardOutput.OUTPUTS))
                    .get(ForwardOutput.OUTPUTS);
        });
    }

    InferenceResponses.AnomalyScores anomalyScore(String model, Integer version, InferenceRequests.AnomalyScore request) {
        InputRows inputs = request.inputs();
        boolean perFeature = Boolean.TRUE.equals(request.perFeature());
        String score = scoreName(request.score());
        long weight = (long) inputs.rows() * ScoreCatalog.standard().rowCost(score);
        return run(model, version, "anomaly-score", inputs.rows(), weight, served -> {
            InputRows rows = modelInputs(served, inputs, "inputs");
            InferenceRequests.Threshold rule = request.threshold();
            Scoring scoring = scoring(served, score, rule != null ? rule.rule() : null,
                    rule != null ? rule.value() : null);
            Set<ForwardOutput> wanted = EnumSet.copyOf(scoring.needs());
            if (perFeature) {
                wanted.add(ForwardOutput.FEATURE_ERRORS);
            }
            ForwardResult result = served.forward(rows.values(), rows.rows(), wanted);
            Scored scored = scoring.score(result);
            metrics.anomalies(model, scored.flagged());
            float[][] featureErrors = null;
            List<String> features = null;
            if (perFeature) {
                float[] errors = result.get(ForwardOutput.FEATURE_ERRORS);
                TableEncoding columns = served.columns();
                features = columns != null ? columns.inputColumns() : null;
                featureErrors = columns != null
                        ? split(columns.perColumn(errors, rows.rows()), features.size()) : split(errors, rows.width());
            }
            return new InferenceResponses.AnomalyScores(model, served.version(), score, scored.scores(),
                    scored.threshold(), scored.anomalies(), scored.percentiles(), featureErrors, features);
        });
    }

    /**
     * What a protocol surface (the Open Inference Protocol over REST or gRPC) asks of one batch of rows, computed
     * the way the endpoints above compute it.
     *
     * @param outputs the forward pass's outputs to return
     * @param score the anomaly score to compute (null for none; blank for the default one)
     * @param rule the threshold rule of the score (null for the default)
     * @param thresholdValue the rule's parameter (null for the rule's default)
     * @param logVariance whether to return the posterior log-variance (variational models only)
     */
    public record RowQuery(Set<ForwardOutput> outputs, String score, ThresholdRule rule, Double thresholdValue,
            boolean logVariance) {}

    /** What a query gave: the version that ran it, the forward outputs, and the score and log-variance if asked. */
    public record RowAnswer(int version, ForwardResult forward, Scored scored, float[] logVariance) {}

    /** Each row's anomaly score, the threshold, the flags and each row's percentile rank among training rows. */
    public record Scored(String score, float[] scores, AnomalyThreshold threshold, boolean[] anomalies,
            double[] percentiles) {

        int flagged() {
            int flagged = 0;
            for (boolean anomaly : anomalies) {
                flagged += anomaly ? 1 : 0;
            }
            return flagged;
        }
    }

    /**
     * Runs a protocol query on the chosen version (the served one when {@code version} is null). The forward pass
     * goes through the version's batcher; the log-variance, as for encode, comes from the encoder alone.
     */
    public RowAnswer query(String model, Integer version, InputRows inputs, RowQuery query, String endpoint) {
        String score = query.score() != null ? scoreName(query.score()) : null;
        long weight = (long) inputs.rows() * (score != null ? ScoreCatalog.standard().rowCost(score) : 1);
        return run(model, version, endpoint, inputs.rows(), weight, served -> {
            InputRows rows = modelInputs(served, inputs, "inputs");
            if (query.logVariance() && !served.loaded().spec().isVariational()) {
                throw new InvalidInputException("outputs", "log_variance needs a variational model; '" + model
                        + "' is " + served.loaded().spec().variant().name().toLowerCase(java.util.Locale.ROOT));
            }
            Scoring scoring = score != null ? scoring(served, score, query.rule(), query.thresholdValue()) : null;
            Set<ForwardOutput> wanted = EnumSet.noneOf(ForwardOutput.class);
            wanted.addAll(query.outputs());
            if (scoring != null) {
                wanted.addAll(scoring.needs());
            }
            ForwardResult result = wanted.isEmpty() ? new ForwardResult(rows.rows(), java.util.Map.of())
                    : served.forward(rows.values(), rows.rows(), wanted);
            Scored scored = scoring != null ? scoring.score(result) : null;
            if (scored != null) {
                metrics.anomalies(model, scored.flagged());
            }
            float[] logVariance = query.logVariance()
                    ? served.loaded().encode(rows.values(), rows.rows()).logVariance() : null;
            return new RowAnswer(served.version(), result, scored, logVariance);
        });
    }

    /**
     * The training rows' scores of every score the version has, each sorted, by score name: what a view needs to
     * draw their distribution. The version must exist.
     */
    public java.util.SortedMap<String, float[]> trainingScores(String model, int version) {
        registry.manifest(model, version);
        try (VersionCache.Lease lease = cache.lease(model, version)) {
            VersionScores scores = lease.served().scores();
            java.util.SortedMap<String, float[]> training = new java.util.TreeMap<>();
            scores.names().forEach(name -> training.put(name, scores.training(name)));
            return training;
        }
    }

    /**
     * Rows scored by several scores from one forward pass, for evaluation: the scores named, or every score the
     * version has when {@code names} is null or empty. The map keeps the catalog's order.
     */
    public Map<String, float[]> scoreAll(String model, int version, InputRows inputs, List<String> names,
            String endpoint) {
        List<String> asked = names == null || names.isEmpty() ? null
                : names.stream().map(InferenceService::scoreName).toList();
        ScoreCatalog catalog = ScoreCatalog.standard();
        long weight = (long) inputs.rows() * (asked != null ? asked : catalog.names()).stream()
                .mapToInt(catalog::rowCost).sum();
        return run(model, version, endpoint, inputs.rows(), weight, served -> {
            InputRows rows = modelInputs(served, inputs, "inputs");
            VersionScores scores = served.scores();
            List<String> chosen = asked != null ? asked : List.copyOf(scores.names());
            Set<ForwardOutput> wanted = EnumSet.noneOf(ForwardOutput.class);
            for (String score : chosen) {
                checkScore(served, score);
                wanted.addAll(scores.needs(score));
            }
            ForwardResult result = served.forward(rows.values(), rows.rows(), wanted);
            Map<String, float[]> scored = new LinkedHashMap<>();
            chosen.forEach(score -> scored.put(score, scores.score(score, result)));
            return scored;
        });
    }

    private static String scoreName(String score) {
        return score != null && !score.isBlank() ? score.strip().toLowerCase(java.util.Locale.ROOT)
                : ScoreCatalog.DEFAULT_SCORE;
    }

    /** A score checked against a version, with its threshold resolved against the training rows' scores. */
    private record Scoring(String name, VersionScores scores, float[] training, AnomalyThreshold threshold) {

        Set<ForwardOutput> needs() {
            return scores.needs(name);
        }

        Scored score(ForwardResult result) {
            float[] values = scores.score(name, result);
            boolean[] anomalies = new boolean[values.length];
            double[] percentiles = new double[values.length];
            for (int i = 0; i < values.length; i++) {
                anomalies[i] = values[i] > threshold.score();
                percentiles[i] = AnomalyThreshold.percentileRank(training, values[i]);
            }
            return new Scored(name, values, threshold, anomalies, percentiles);
        }
    }

    private static void checkScore(ServedVersion served, String score) {
        String missing = served.scores().missing(score, "version " + served.version() + " of '" + served.model()
                + "'");
        if (missing != null) {
            throw new InvalidInputException("score", missing);
        }
    }

    /**
     * The score with its threshold: the rule and value asked for, else the default stored with the version for this
     * score, else the 99th percentile.
     */
    private Scoring scoring(ServedVersion served, String score, ThresholdRule rule, Double value) {
        checkScore(served, score);
        VersionScores scores = served.scores();
        float[] training = scores.training(score);
        if (rule == null && value == null) {
            VersionThreshold stored = registry.thresholds(served.model(), served.version()).get(score);
            ThresholdRule storedRule = stored != null ? storedRule(stored) : null;
            if (storedRule != null) {
                rule = storedRule;
                value = stored.value();
            }
        }
        return new Scoring(score, scores, training, AnomalyThreshold.resolve(rule, value, training));
    }

    /** The rule of a stored threshold; null, so the defaults apply, for a name this release does not know. */
    private static ThresholdRule storedRule(VersionThreshold stored) {
        try {
            return ThresholdRule.valueOf(stored.rule().toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /**
     * Checks a threshold rule and value against the version's training scores and stores it as the default of the
     * score on that version; returns what it resolves to.
     */
    InferenceResponses.DefaultThreshold setDefaultThreshold(String model, int version, String score,
            ThresholdRule rule, Double value) {
        String name = scoreName(score);
        if (rule == null) {
            throw new InvalidInputException("rule", "is required: calibrated, fpr, percentile, sigma, contamination"
                    + " or fixed");
        }
        registry.manifest(model, version);
        AnomalyThreshold resolved;
        try (VersionCache.Lease lease = cache.lease(model, version)) {
            resolved = scoring(lease.served(), name, rule, value).threshold();
        }
        VersionThreshold stored = new VersionThreshold(rule.key(), resolved.value(), java.time.Instant.now());
        registry.setThreshold(model, version, name, stored);
        return new InferenceResponses.DefaultThreshold(model, version, name, resolved, stored.setAt());
    }

    /** Removes the default threshold of a score from a version; nothing happens when there is none. */
    void clearDefaultThreshold(String model, int version, String score) {
        registry.manifest(model, version);
        registry.setThreshold(model, version, scoreName(score), null);
    }

    InferenceResponses.Outputs generate(String model, Integer version, int count, Long seed) {
        return run(model, version, "generate", count, served -> {
            ModelSpec spec = served.loaded().spec();
            if (!spec.isVariational()) {
                throw new InvalidInputException("model", "generate needs a variational model; '" + model
                        + "' is " + spec.variant().name().toLowerCase());
            }
            checkCount(count, "count");
            int latent = served.loaded().latentSize();
            Random random = seed != null ? new Random(seed) : new Random();
            float[] prior = new float[count * latent];
            for (int i = 0; i < prior.length; i++) {
                prior[i] = (float) random.nextGaussian();
            }
            float[] outputs = served.loaded().decode(prior, count);
            return new InferenceResponses.Outputs(model, served.version(), split(outputs, spec.inputSize()));
        });
    }

    private <T> T run(String model, Integer version, String endpoint, int rows, Function<ServedVersion, T> work) {
        return run(model, version, endpoint, rows, rows, work);
    }

    /** Runs the work on the chosen version while holding {@code weight} rows of the service's rows in flight. */
    private <T> T run(String model, Integer version, String endpoint, int rows, long weight,
            Function<ServedVersion, T> work) {
        registry.find(model).orElseThrow(() -> new NotFoundException("model", model));
        int chosen;
        if (version != null) {
            registry.manifest(model, version);
            chosen = version;
        } else {
            chosen = registry.servingVersion(model).orElseThrow(() -> new ConflictException(
                    "model '" + model + "' has no trained version yet; train it with POST /api/v1/models/" + model
                            + "/train"));
        }
        long begin = System.nanoTime();
        try (RowsInFlight.Permit permit = inFlight.acquire(weight);
                VersionCache.Lease lease = cache.lease(model, chosen)) {
            T result = work.apply(lease.served());
            InferenceMetrics.EndpointMeters meters = metrics.endpoint(model, endpoint);
            meters.latency().record(System.nanoTime() - begin, java.util.concurrent.TimeUnit.NANOSECONDS);
            meters.rows().increment(rows);
            return result;
        }
    }

    /**
     * The rows as the version's model takes them, checked against its input shape: rows of numbers as they are, rows
     * by column name encoded by the version's table encoding.
     */
    private InputRows modelInputs(ServedVersion served, InputRows inputs, String field) {
        checkCount(inputs.rows(), field);
        if (!inputs.isNamed() && inputs.table() == null) {
            checkRows(served, inputs, field);
            return inputs;
        }
        TableEncoding columns = served.columns();
        if (columns == null) {
            throw new InvalidInputException(field, (inputs.isNamed() ? "rows are objects by column name"
                    : "the rows are a table's") + "; version " + served.version() + " of '" + served.model()
                    + "' was trained on numbers and takes arrays of " + served.loaded().spec().inputSize()
                    + " values");
        }
        float[] values;
        if (inputs.isNamed()) {
            values = columns.encodeRecords(inputs.named(), field);
        } else {
            if (!columns.fits(inputs.table())) {
                throw new InvalidInputException(field, "the table has the columns "
                        + inputs.table().stream().map(io.aeserve.table.TableColumn::name).toList() + "; version "
                        + served.version() + " of '" + served.model() + "' was trained on a table with the columns "
                        + columns.columnNames());
            }
            values = columns.encode(inputs.table(), inputs.values(), inputs.rows());
        }
        InputRows encoded = new InputRows(values, inputs.rows(), List.of(columns.width()));
        checkRows(served, encoded, field);
        return encoded;
    }

    private void checkRows(ServedVersion served, InputRows inputs, String field) {
        ModelSpec spec = served.loaded().spec();
        List<Integer> shape = inputs.rowShape();
        boolean fits = shape.equals(spec.inputShape())
                || (shape.size() == 1 && shape.get(0) == spec.inputSize());
        if (!fits) {
            throw new InvalidInputException(field, "rows have shape " + shape + "; version " + served.version()
                    + " of '" + served.model() + "' takes " + spec.inputShape()
                    + (spec.inputShape().size() > 1 ? " or flat rows of " + spec.inputSize() : "") + " values");
        }
    }

    private void checkCount(int rows, String field) {
        if (rows == 0) {
            throw new InvalidInputException(field, "holds no rows");
        }
        if (rows > maxRows) {
            throw new InvalidInputException(field, "holds " + rows + " rows; at most " + maxRows
                    + " are allowed per request (aeserve.limits.max-rows)");
        }
    }

    static float[][] split(float[] values, int width) {
        float[][] rows = new float[values.length / width][];
        for (int r = 0; r < rows.length; r++) {
            rows[r] = Arrays.copyOfRange(values, r * width, (r + 1) * width);
        }
        return rows;
    }
}
