package io.aeserve.model.block;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/** A block's parameters as bytes in DJL's own format, and back. */
public final class Parameters {

    private Parameters() {}

    public static byte[] save(Block block) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            block.saveParameters(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /**
     * The PyTorch-style name of a parameter: DJL's {@code 01encoder_04Linear_weight} (children numbered from 1)
     * becomes {@code encoder.3.weight}, the index of that layer in an equivalent {@code nn.Sequential}.
     */
    public static String exportName(String djlName) {
        String[] parts = djlName.split("_");
        StringBuilder name = new StringBuilder(parts[0].replaceFirst("^\\d+", ""));
        for (int i = 1; i < parts.length - 1; i++) {
            java.util.regex.Matcher child = java.util.regex.Pattern.compile("^(\\d+)\\w*$").matcher(parts[i]);
            name.append('.').append(child.matches() ? Integer.parseInt(child.group(1)) - 1 : parts[i]);
        }
        return name.append('.').append(parts[parts.length - 1]).toString();
    }

    /** Loads parameters into an initialised block of the same structure. */
    public static void load(Block block, NDManager manager, byte[] parameters) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(parameters))) {
            block.loadParameters(manager, in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (MalformedModelException e) {
            throw new IllegalStateException("The stored parameters do not fit the model's structure", e);
        }
    }
}
