package io.aeserve.registry;

import jakarta.validation.constraints.Size;
import java.util.Map;

/** New description and tags; absent fields keep their value. */
record UpdateModelRequest(@Size(max = 2000) String description, Map<String, String> tags) {}
