package ai.galileo.tracing.console.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * How what arrives for a record is merged into what is stored, so that records sent in pieces,
 * twice, or out of order end up whole and nothing is lost:
 *
 * <ul>
 *   <li>An ingest merges field by field: a non-null incoming value wins, a null or missing one
 *       leaves the stored value alone; objects ({@code metrics}, {@code user_metadata}) merge
 *       key by key; {@code tags} are the union of both lists.
 *   <li>An update (PATCH) sets only the fields it has, and remembers them: an update describes
 *       a record later than its ingest (an SDK posts a span when it starts and patches it when
 *       it ends), so an ingest that arrives after an update, retried or delayed, does not
 *       overwrite what the update set.
 * </ul>
 *
 * <p>The remembered fields are a set of paths such as {@code output} or
 * {@code metrics.duration_ns}.
 */
public final class RecordMerge {
  private RecordMerge() {}

  /** Merges an ingested record into {@code target}; {@code patched} fields keep their values. */
  public static void ingest(ObjectNode target, ObjectNode incoming, Set<String> patched) {
    merge(target, incoming, patched, "", true);
  }

  /**
   * As {@link #ingest}, for an {@code incoming} record no one else holds (a request's own tree):
   * its values are moved into {@code target} rather than copied.
   */
  public static void ingestOwned(ObjectNode target, ObjectNode incoming, Set<String> patched) {
    merge(target, incoming, patched, "", false);
  }

  private static void merge(ObjectNode target, ObjectNode incoming, Set<String> patched, String prefix,
      boolean copy) {
    for (Iterator<Map.Entry<String, JsonNode>> it = incoming.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      String field = e.getKey();
      JsonNode value = e.getValue();
      if (value == null || value.isNull()) {
        continue;
      }
      JsonNode current = target.get(field);
      String path = prefix + field;
      if (current != null && !current.isNull() && patched.contains(path)) {
        continue;
      }
      if ("tags".equals(path) && value.isArray() && current != null && current.isArray()) {
        target.set(field, union((ArrayNode) current, (ArrayNode) value));
      } else if (value.isObject() && current != null && current.isObject() && !isContent(path)) {
        merge((ObjectNode) current, (ObjectNode) value, patched, path + ".", copy);
      } else {
        target.set(field, copy ? value.deepCopy() : value);
      }
    }
  }

  /**
   * Applies an update's fields to {@code target}: {@code duration_ns} goes to
   * {@code metrics.duration_ns}, {@code tags} are added, anything else is set. Each field set is
   * added to {@code patched}.
   */
  public static void update(ObjectNode target, ObjectNode fields, Set<String> patched) {
    for (Iterator<Map.Entry<String, JsonNode>> it = fields.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      String field = e.getKey();
      JsonNode value = e.getValue();
      if (value == null || value.isNull()) {
        continue;
      }
      switch (field) {
        case "duration_ns" -> {
          JsonNode m = target.get("metrics");
          ObjectNode metrics = m instanceof ObjectNode o ? o : target.putObject("metrics");
          metrics.set("duration_ns", value.deepCopy());
          patched.add("metrics.duration_ns");
        }
        case "tags" -> {
          JsonNode current = target.get("tags");
          target.set("tags", current instanceof ArrayNode a && value.isArray()
              ? union(a, (ArrayNode) value) : value.deepCopy());
        }
        case "metrics", "user_metadata" -> {
          if (value.isObject()) {
            JsonNode current = target.get(field);
            ObjectNode into = current instanceof ObjectNode o ? o : target.putObject(field);
            value.fields().forEachRemaining(m -> {
              into.set(m.getKey(), m.getValue().deepCopy());
              patched.add(field + "." + m.getKey());
            });
          }
        }
        default -> {
          target.set(field, value.deepCopy());
          patched.add(field);
        }
      }
    }
  }

  /** Content is one value: an object sent as output (an LLM message) replaces, never merges. */
  private static boolean isContent(String path) {
    return switch (path) {
      case "input", "output", "redacted_input", "redacted_output" -> true;
      default -> false;
    };
  }

  private static ArrayNode union(ArrayNode a, ArrayNode b) {
    Set<JsonNode> all = new LinkedHashSet<>();
    a.forEach(all::add);
    b.forEach(all::add);
    ArrayNode out = Json.array();
    all.forEach(n -> out.add(n.deepCopy()));
    return out;
  }

  /** The patched paths as stored: sorted, one per line. */
  public static String encode(Set<String> patched) {
    return String.join("\n", new TreeSet<>(patched));
  }

  public static Set<String> decode(String stored) {
    Set<String> out = new LinkedHashSet<>();
    if (stored != null && !stored.isEmpty()) {
      for (String s : stored.split("\n")) {
        out.add(s);
      }
    }
    return out;
  }
}
