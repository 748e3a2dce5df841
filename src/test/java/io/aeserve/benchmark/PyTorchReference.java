package io.aeserve.benchmark;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The same workload in PyTorch, run from a benchmark in the same run ({@code src/test/benchmark/pytorch_reference.py}
 * with Debian's {@code python3-torch}), so every figure is printed beside its comparison and their ratio.
 */
final class PyTorchReference {

    private static final Path PYTHON = Path.of("/usr/bin/python3");
    private static final Path SCRIPT = Path.of("src/test/benchmark/pytorch_reference.py");

    private PyTorchReference() {}

    /**
     * The script's {@code result} figures, its other lines echoed; empty when PyTorch is not installed here. The
     * BLAS and OpenMP pools get the script's thread count too, so that PyTorch does not run more threads than cores.
     */
    static Optional<Map<String, Double>> run(String mode, int threads, String... arguments) {
        return run(false, mode, threads, arguments);
    }

    /**
     * As {@link #run}, with glibc's allocator as it comes (no {@code GLIBC_TUNABLES}), as a script started by hand
     * usually runs; {@link #run} passes on this JVM's environment, so PyTorch allocates as the service does.
     */
    static Optional<Map<String, Double>> runWithGlibcDefaults(String mode, int threads, String... arguments) {
        return run(true, mode, threads, arguments);
    }

    private static Optional<Map<String, Double>> run(boolean glibcDefaults, String mode, int threads,
            String... arguments) {
        if (!Files.isExecutable(PYTHON) || !hasTorch()) {
            System.out.println("PyTorch reference skipped: apt-get install python3-torch");
            return Optional.empty();
        }
        List<String> command = new ArrayList<>(List.of(PYTHON.toString(), SCRIPT.toString(), mode,
                Integer.toString(threads)));
        command.addAll(List.of(arguments));
        Map<String, Double> results = new LinkedHashMap<>();
        try {
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
            builder.environment().put("OMP_NUM_THREADS", Integer.toString(threads));
            builder.environment().put("OPENBLAS_NUM_THREADS", Integer.toString(threads));
            if (glibcDefaults) {
                builder.environment().remove("GLIBC_TUNABLES");
            }
            Process process = builder.start();
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                String line;
                while ((line = lines.readLine()) != null) {
                    String[] parts = line.split(" ");
                    if (parts.length == 3 && parts[0].equals("result")) {
                        results.put(parts[1], Double.parseDouble(parts[2]));
                    } else {
                        System.out.println(line);
                    }
                }
            }
            if (process.waitFor() != 0) {
                throw new IllegalStateException("the PyTorch reference failed: " + command);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return Optional.of(results);
    }

    private static boolean hasTorch() {
        try {
            return new ProcessBuilder(PYTHON.toString(), "-c", "import torch").start().waitFor() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
