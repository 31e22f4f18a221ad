package ai.galileo.tracing.console.internal;

import java.time.Instant;
import java.util.UUID;

/** A project, by which traces are grouped; its name is unique. */
public record Project(UUID id, String name, String type, Instant createdAt, Instant updatedAt) {}
