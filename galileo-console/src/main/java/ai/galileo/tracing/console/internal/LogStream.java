package ai.galileo.tracing.console.internal;

import java.time.Instant;
import java.util.UUID;

/** A log stream of a project; its name is unique within the project. */
public record LogStream(UUID id, UUID projectId, String name, Instant createdAt, Instant updatedAt) {}
