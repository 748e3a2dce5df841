package io.aeserve.benchmark;

import io.aeserve.data.DataMatrix;
import io.aeserve.data.FashionMnist;
import io.aeserve.support.Auroc;
import io.aeserve.support.HttpJson;
import io.aeserve.support.NpyClient;
import io.aeserve.support.Requirements;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One-class anomaly detection on Fashion-MNIST through the public HTTP API of a running service: for each class,
 * train on that class's training images only, score the 10,000 test images, and report the AUROC of every score
 * with that class as normal. With {@code -Dquality.protocol=validation} it never touches the test set: it trains on
 * 90% of the class's training images and scores the held-out 10% against as many other-class training images, the
 * data settings are chosen on. Prints a table and writes the numbers as JSON.
 *
 * <pre>
 * java -jar target/aeserve-*.jar &amp;
 * ./mvnw test -Pbenchmark -Dtest=QualityBenchmark -Dquality.url=http://localhost:8080 \
 *     [-Dquality.protocol=test|validation] [-Dquality.classes=0,1,...] [-Dquality.epochs=20] [-Dquality.spec=...]
 * </pre>
 */
@Tag("benchmark")
class QualityBenchmark {

    static final String DEFAULT_SPEC = "{\"variant\": \"dense\", \"inputShape\": [784], \"hiddenLayers\": [256],"
            + " \"latentDim\": 64}";
    static final List<String> SCORES = List.of("reconstruction", "latent", "combined", "knn");
    /** Scored too when the model is convolutional. */
    static final String IMAGE_SCORE = "structural";
    static final String[] NAMES = {"T-shirt", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker",
        "Bag", "Boot"};

    final HttpJson http = new HttpJson(System.getProperty("quality.url", "http://localhost:8080"));
    final NpyClient npy = new NpyClient(http);
    final JsonMapper mapper = JsonMapper.builder().build();

    @Test
    void oneClassAnomalyDetection() throws Exception {
        Requirements.fashionMnist();
        boolean validation = "validation".equals(System.getProperty("quality.protocol", "test"));
        String spec = System.getProperty("quality.spec", DEFAULT_SPEC);
        int epochs = Integer.getInteger("quality.epochs", 20);
        String training = System.getProperty("quality.training",
                "\"batchSize\": 128, \"learningRate\": 0.001, \"validationSplit\": 0.05, \"seed\": 1");
        int[] classes = Arrays.stream(System.getProperty("quality.classes", "0,1,2,3,4,5,6,7,8,9").split(","))
                .mapToInt(Integer::parseInt).toArray();
        FashionMnist fashionMnist = new FashionMnist(Requirements.FASHION_MNIST);
        DataMatrix train = fashionMnist.split("train");
        DataMatrix test = fashionMnist.split("test");
        String run = Long.toString(System.currentTimeMillis() % 100_000);

        Map<String, Object> report = new LinkedHashMap<>();
        report.put("protocol", validation ? "validation (held-out training images)" : "test");
        report.put("spec", mapper.readTree(spec));
        report.put("epochs", epochs);
        report.put("training", training);
        List<Map<String, Object>> rows = new ArrayList<>();
        List<String> scores = new ArrayList<>(SCORES);
        JsonNode specJson = mapper.readTree(spec);
        if (specJson.path("variant").asString().equals("convolutional")
                || specJson.path("architecture").asString().equals("convolutional")) {
            scores.add(IMAGE_SCORE);
        }
        StringBuilder header = new StringBuilder(String.format("%-10s", "class"));
        scores.forEach(score -> header.append(String.format(" %14s", score)));
        System.out.println(header.append(String.format(" %9s", "train s")));
        double[] sums = new double[scores.size()];
        for (int c : classes) {
            String model = "quality-" + run + "-" + c;
            DataMatrix scored;
            boolean[] normal;
            String dataset;
            if (validation) {
                int[][] split = validationSplit(train, c, 7 + c);
                dataset = upload(train.select(split[0]));
                scored = train.select(split[1]);
                normal = new boolean[scored.rows()];
                for (int i = 0; i < scored.rows(); i++) {
                    normal[i] = scored.labels()[i] == c;
                }
            } else {
                dataset = null;
                scored = test;
                normal = new boolean[test.rows()];
                for (int i = 0; i < test.rows(); i++) {
                    normal[i] = test.labels()[i] == c;
                }
            }
            String data = dataset != null ? "\"dataset\": \"" + dataset + "\""
                    : "\"dataset\": \"fashion-mnist\", \"split\": \"train\", \"classes\": [" + c + "]";
            double seconds = createAndTrain(model, spec, "{" + data + ", \"epochs\": " + epochs + ", " + training + "}");
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("class", c);
            row.put("name", NAMES[c]);
            row.put("trainingSeconds", seconds);
            StringBuilder line = new StringBuilder(String.format("%-10s", NAMES[c]));
            for (int s = 0; s < scores.size(); s++) {
                double auroc = Auroc.of(npy.scores(model, scored.values(), scored.rows(), 784, scores.get(s)), normal);
                row.put(scores.get(s), auroc);
                sums[s] += auroc;
                line.append(String.format(" %14.4f", auroc));
            }
            rows.add(row);
            System.out.println(line.append(String.format(" %9.1f", seconds)));
            http.delete("/api/v1/models/" + model);
            if (dataset != null) {
                http.delete("/api/v1/datasets/" + dataset);
            }
        }
        Map<String, Object> mean = new LinkedHashMap<>();
        StringBuilder line = new StringBuilder(String.format("%-10s", "mean"));
        for (int s = 0; s < scores.size(); s++) {
            mean.put(scores.get(s), sums[s] / classes.length);
            line.append(String.format(" %14.4f", sums[s] / classes.length));
        }
        System.out.println(line);
        report.put("classes", rows);
        report.put("mean", mean);
        write(validation ? "validation" : "test", report);
    }

    /**
     * Denoising as in the Keras tutorial: test images plus gaussian noise of standard deviation 0.5, clipped to
     * [0, 1], with a fixed seed; mean PSNR of the noisy and of the denoised images against the clean ones.
     */
    @Test
    void denoising() throws Exception {
        Requirements.fashionMnist();
        String spec = System.getProperty("quality.denoiserSpec", "{\"variant\": \"denoising\", \"architecture\":"
                + " \"convolutional\", \"inputShape\": [1, 28, 28], \"hiddenLayers\": [32, 32], \"latentDim\": 128,"
                + " \"normalization\": \"none\", \"outputActivation\": \"sigmoid\", \"loss\": \"mse\","
                + " \"noise\": {\"type\": \"gaussian\", \"level\": 0.5}}");
        int epochs = Integer.getInteger("quality.denoiserEpochs", 8);
        String model = "denoiser-" + System.currentTimeMillis() % 100_000;
        double seconds = createAndTrain(model, spec, "{\"dataset\": \"fashion-mnist\", \"epochs\": " + epochs
                + ", \"batchSize\": 128, \"validationSplit\": 0.05, \"seed\": 1}");
        DataMatrix test = new FashionMnist(Requirements.FASHION_MNIST).split("test");
        float[] noisy = test.values().clone();
        Random random = new Random(2024);
        for (int i = 0; i < noisy.length; i++) {
            noisy[i] = (float) Math.min(1, Math.max(0, noisy[i] + 0.5 * random.nextGaussian()));
        }
        float[] denoised = npy.outputs(model, "denoise", noisy, test.rows(), List.of(1, 28, 28));
        double noisyPsnr = meanPsnr(noisy, test.values(), test.rows());
        double denoisedPsnr = meanPsnr(denoised, test.values(), test.rows());
        System.out.printf("denoising: noisy %.2f dB, denoised %.2f dB, %d epochs in %.0f s%n", noisyPsnr,
                denoisedPsnr, epochs, seconds);
        write("denoising", Map.of("noisyPsnr", noisyPsnr, "denoisedPsnr", denoisedPsnr, "trainingSeconds", seconds,
                "epochs", epochs, "spec", mapper.readTree(spec)));
    }

    /** A 32-value code against 32-component PCA fitted on the same training images: test mean squared error. */
    @Test
    void compression() throws Exception {
        Requirements.fashionMnist();
        String spec = System.getProperty("quality.compressionSpec", "{\"variant\": \"dense\", \"inputShape\": [784],"
                + " \"hiddenLayers\": [392, 196], \"latentDim\": 32, \"normalization\": \"none\","
                + " \"outputActivation\": \"sigmoid\"}");
        int epochs = Integer.getInteger("quality.compressionEpochs", 20);
        FashionMnist fashionMnist = new FashionMnist(Requirements.FASHION_MNIST);
        DataMatrix train = fashionMnist.split("train");
        DataMatrix test = fashionMnist.split("test");
        String model = "compressor-" + System.currentTimeMillis() % 100_000;
        double seconds = createAndTrain(model, spec, "{\"dataset\": \"fashion-mnist\", \"epochs\": " + epochs
                + ", \"batchSize\": 256, \"validationSplit\": 0.05, \"seed\": 1}");
        float[] outputs = npy.outputs(model, "reconstruct", test.values(), test.rows(), List.of(784));
        double autoencoder = 0;
        for (int i = 0; i < outputs.length; i++) {
            autoencoder += (outputs[i] - test.values()[i]) * (outputs[i] - test.values()[i]);
        }
        autoencoder /= outputs.length;
        double pca = Pca.fit(train.values(), train.rows(), 784, 32).testError(test.values(), test.rows());
        System.out.printf("compression to 32 values: autoencoder test MSE %.5f, PCA %.5f, ratio %.2fx (%.0f s training)%n",
                autoencoder, pca, pca / autoencoder, seconds);
        write("compression", Map.of("autoencoderMse", autoencoder, "pcaMse", pca, "ratio", pca / autoencoder,
                "trainingSeconds", seconds, "epochs", epochs, "spec", mapper.readTree(spec)));
    }

    static double meanPsnr(float[] images, float[] clean, int count) {
        double sum = 0;
        for (int r = 0; r < count; r++) {
            double mse = 0;
            for (int i = r * 784; i < (r + 1) * 784; i++) {
                mse += (images[i] - clean[i]) * (images[i] - clean[i]);
            }
            sum += 10 * Math.log10(1 / Math.max(mse / 784, 1e-10));
        }
        return sum / count;
    }

    void write(String name, Map<String, Object> report) throws IOException {
        Path out = Path.of("target", "quality-" + name + ".json");
        Files.createDirectories(out.getParent());
        Files.writeString(out, mapper.writerWithDefaultPrettyPrinter().writeValueAsString(report));
        System.out.println("written to " + out);
    }

    /** {indices to train on (90% of class c), indices to score (the other 10% and as many other-class images)}. */
    static int[][] validationSplit(DataMatrix train, int c, long seed) {
        Random random = new Random(seed);
        List<Integer> own = new ArrayList<>();
        List<Integer> others = new ArrayList<>();
        for (int i = 0; i < train.rows(); i++) {
            (train.labels()[i] == c ? own : others).add(i);
        }
        java.util.Collections.shuffle(own, random);
        java.util.Collections.shuffle(others, random);
        int held = own.size() / 10;
        int[] fit = own.subList(held, own.size()).stream().mapToInt(Integer::intValue).toArray();
        int[] scored = IntStream.concat(own.subList(0, held).stream().mapToInt(Integer::intValue),
                others.subList(0, held).stream().mapToInt(Integer::intValue)).toArray();
        return new int[][] {fit, scored};
    }

    /** Uploads images as an IDX file (unsigned bytes, as Fashion-MNIST's own) and returns the dataset id. */
    String upload(DataMatrix images) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(0x0803);
            out.writeInt(images.rows());
            out.writeInt(28);
            out.writeInt(28);
            for (float v : images.values()) {
                out.writeByte(Math.round(v * 255));
            }
        }
        return check(http.postMultipart("/api/v1/datasets", new Object[] {"file", "images.idx", bytes.toByteArray()}),
                201).json().get("id").asString();
    }

    /** Creates a model, trains it with the given request and returns the seconds from submission to success. */
    double createAndTrain(String model, String spec, String trainRequest) {
        check(http.post("/api/v1/models", "{\"name\": \"" + model + "\", \"spec\": " + spec + "}"), 201);
        long begin = System.nanoTime();
        String id = check(http.post("/api/v1/models/" + model + "/train", trainRequest), 202).json().get("id").asString();
        JsonNode job = http.awaitJob(id, Duration.ofMinutes(60));
        if (!"succeeded".equals(job.get("state").asString())) {
            throw new AssertionError("training failed: " + job);
        }
        return (System.nanoTime() - begin) / 1e9;
    }

    static HttpJson.Reply check(HttpJson.Reply reply, int status) {
        if (reply.status() != status) {
            throw new AssertionError(reply.status() + " " + reply.body());
        }
        return reply;
    }

}
