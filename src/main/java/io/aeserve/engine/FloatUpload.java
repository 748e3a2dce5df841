package io.aeserve.engine;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Floats from the Java heap into engine arrays that own their memory. The engine's own way, creating an array from a
 * heap buffer, copies the floats into a new direct buffer that the array then shares; that memory goes back only
 * when the garbage collector finds the buffer, so a steady stream of batches (training steps, forward passes) left
 * hundreds of megabytes waiting outside the heap, and the resident size followed the collector's rhythm rather
 * than the work. Here the floats pass through a few direct staging buffers that are kept and reused, and the engine
 * copies each into an array of its own, freed as soon as the array is closed. Arrays larger than the largest
 * staging buffer take the engine's way.
 */
public final class FloatUpload {

    /** Staging buffers up to this size are kept for reuse; larger uploads take the engine's way. */
    static final int MAX_STAGING_BYTES = 16 << 20;
    /** At most this many staging buffers are kept: as many as uploads that overlap, which is about the cores. */
    static final int MAX_KEPT_BUFFERS = 8;

    private static final ConcurrentLinkedQueue<ByteBuffer> KEPT = new ConcurrentLinkedQueue<>();
    private static final AtomicInteger KEPT_COUNT = new AtomicInteger();

    private FloatUpload() {}

    /** {@code length} floats of {@code values} from {@code offset}, as a float32 array of the given shape. */
    public static NDArray of(NDManager manager, float[] values, int offset, int length, Shape shape) {
        if (shape.size() != length) {
            throw new IllegalArgumentException("shape " + shape + " holds " + shape.size() + " values, not " + length);
        }
        long bytes = (long) length * Float.BYTES;
        if (bytes > MAX_STAGING_BYTES) {
            return manager.create(FloatBuffer.wrap(values, offset, length), shape);
        }
        ByteBuffer staging = take((int) bytes);
        try {
            staging.asFloatBuffer().put(values, offset, length);
            // an array made from a direct buffer shares its memory (so does setting one from it): copy it out
            try (NDArray shared = manager.create(staging, shape, DataType.FLOAT32)) {
                return shared.duplicate();
            }
        } finally {
            give(staging);
        }
    }

    /** A kept buffer of at least {@code bytes}, positioned at 0 with {@code bytes} remaining. */
    private static ByteBuffer take(int bytes) {
        ByteBuffer buffer = KEPT.poll();
        if (buffer != null) {
            KEPT_COUNT.decrementAndGet();
        }
        if (buffer == null || buffer.capacity() < bytes) {
            // a buffer too small is dropped and replaced by one large enough for this upload
            buffer = ByteBuffer.allocateDirect(Math.max(bytes, buffer != null ? buffer.capacity() : 0))
                    .order(ByteOrder.nativeOrder());
        }
        buffer.clear().limit(bytes);
        return buffer;
    }

    private static void give(ByteBuffer buffer) {
        if (KEPT_COUNT.incrementAndGet() <= MAX_KEPT_BUFFERS) {
            KEPT.offer(buffer);
        } else {
            KEPT_COUNT.decrementAndGet();
        }
    }
}
