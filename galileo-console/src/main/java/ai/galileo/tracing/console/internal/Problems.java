package ai.galileo.tracing.console.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * The validation errors of one request, collected as pydantic reports them: each with a location
 * ({@code ["body", "traces", 0, "id"]}), a message and an error type, written as Galileo's
 * {@code HTTPValidationError}: {@code {"detail": [{"loc", "msg", "type", "input"}]}}.
 */
public final class Problems {
  /** More than this many problems are not listed: the first ones say enough. */
  private static final int MAX = 50;
  /** Inputs longer than this are not echoed back. */
  private static final int MAX_ECHO_CHARS = 200;

  private final List<ObjectNode> items = new ArrayList<>();

  public boolean isEmpty() {
    return items.isEmpty();
  }

  public int size() {
    return items.size();
  }

  /**
   * Records a problem.
   *
   * @param loc where: strings (field names) and integers (list indexes)
   * @param input the bad value, echoed back when short; null to leave it out
   */
  public Problems add(Loc loc, String type, String msg, JsonNode input) {
    if (items.size() >= MAX) {
      return this;
    }
    ObjectNode d = Json.object();
    d.set("loc", loc.toJson());
    d.put("msg", msg);
    d.put("type", type);
    if (input != null && (!input.isContainerNode() && input.toString().length() <= MAX_ECHO_CHARS)) {
      d.set("input", input);
    }
    items.add(d);
    return this;
  }

  /** The first problem's message and where it is, or null when there is none. */
  public String firstMessage() {
    if (items.isEmpty()) {
      return null;
    }
    ObjectNode first = items.get(0);
    return first.path("msg").asText() + " (at " + first.path("loc") + ")";
  }

  /** Throws the 422 when there is any problem. */
  public void throwIfAny() {
    if (!items.isEmpty()) {
      throw ApiException.validation(this);
    }
  }

  ObjectNode toHttpValidationError() {
    ObjectNode body = Json.object();
    ArrayNode detail = body.putArray("detail");
    items.forEach(detail::add);
    return body;
  }

  /** A location in the request: an immutable path of field names and list indexes. */
  public static final class Loc {
    private final Loc parent;
    private final Object step;

    private Loc(Loc parent, Object step) {
      this.parent = parent;
      this.step = step;
    }

    public static Loc of(String root) {
      return new Loc(null, root);
    }

    public Loc field(String name) {
      return new Loc(this, name);
    }

    public Loc index(int i) {
      return new Loc(this, i);
    }

    ArrayNode toJson() {
      List<Object> steps = new ArrayList<>();
      for (Loc l = this; l != null; l = l.parent) {
        steps.add(0, l.step);
      }
      ArrayNode a = Json.array();
      for (Object s : steps) {
        if (s instanceof Integer i) {
          a.add(i);
        } else {
          a.add((String) s);
        }
      }
      return a;
    }

    @Override
    public String toString() {
      return toJson().toString();
    }
  }
}
