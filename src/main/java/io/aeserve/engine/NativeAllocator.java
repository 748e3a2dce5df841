package io.aeserve.engine;

import java.util.Optional;

/**
 * glibc's allocator settings, which the engine's tensors are allocated with. With glibc's defaults, the memory a
 * training batch frees goes back to the system (large blocks are unmapped, the heap's top is trimmed) and the next
 * batch faults every page of it in again; on virtual machines where page faults are costly that made
 * convolutional training several times slower. The container image and the Maven goals set {@link #RECOMMENDED};
 * a service started another way says at start-up how to set it. Settings only take effect from the environment
 * the process starts with.
 */
final class NativeAllocator {

    /** One arena, and blocks up to 1 GiB kept by the allocator for reuse instead of handed back to the system. */
    static final String RECOMMENDED = "glibc.malloc.arena_max=1:glibc.malloc.mmap_threshold=1073741824"
            + ":glibc.malloc.trim_threshold=1073741824";

    private NativeAllocator() {}

    /** What to tell the operator about the {@code GLIBC_TUNABLES} the process started with (null when unset). */
    static Optional<String> advice(String tunables) {
        if (tunables != null && tunables.contains("glibc.malloc.trim_threshold=")
                && tunables.contains("glibc.malloc.mmap_threshold=")) {
            return Optional.empty();
        }
        return Optional.of("GLIBC_TUNABLES sets no malloc thresholds, so memory freed by each training batch goes back"
                + " to the system and is faulted in again (convolutional training ran 2.4x slower so on a virtual"
                + " machine); the container image starts with GLIBC_TUNABLES=" + RECOMMENDED);
    }
}
