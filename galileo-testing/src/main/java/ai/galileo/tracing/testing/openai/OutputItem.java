package ai.galileo.tracing.testing.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Objects;

/**
 * A Responses API output item other than the answer's message and function calls: the model's
 * reasoning, or a tool OpenAI ran for the model (web search, file search, code interpreter, a
 * remote MCP server's tool, the listing of an MCP server's tools). Added to an answer with
 * {@link Reply#withItems}; chat completions have no such items and leave them out. Immutable.
 *
 * <pre>{@code
 * fake.enqueue(Reply.text("Sunny.").withItems(
 *     OutputItem.reasoning("The user wants the weather.", null),
 *     OutputItem.webSearch("weather in Pisa"),
 *     OutputItem.mcpCall("weather", "forecast", "{\"city\":\"Pisa\"}", "sunny, 24C")));
 * }</pre>
 *
 * <p>Each is written as the real API writes it, its id ({@code rs_}, {@code ws_}, {@code fs_},
 * {@code ci_}, {@code mcp_}, {@code mcpl_} and a number) given when it is served; streamed, it
 * comes with the events the real API sends for it ({@code response.output_item.added}, its own
 * progress events, the reasoning's text as deltas, {@code response.output_item.done}).
 *
 * @since 0.1.0
 */
public final class OutputItem {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  /** A tool of an MCP server, as {@code mcp_list_tools} lists it. */
  public record McpTool(String name, String description, String inputSchemaJson) {
    public McpTool {
      Objects.requireNonNull(name, "name");
    }
  }

  private final String type;
  private final String idPrefix;
  /** The fields the item has when done, without {@code id}, {@code type} and {@code status}. */
  private final ObjectNode fields;
  /** Its final {@code status}, or null for items that have none. */
  private final String status;
  /** The fields that are empty (null) while it is in progress. */
  private final List<String> resultFields;

  private OutputItem(String type, String idPrefix, ObjectNode fields, String status, List<String> resultFields) {
    this.type = type;
    this.idPrefix = idPrefix;
    this.fields = fields;
    this.status = status;
    this.resultFields = resultFields;
  }

  /**
   * A {@code reasoning} item: its summary ({@code summary[].text}, {@code summary_text}) and its
   * full text ({@code content[].text}, {@code reasoning_text}), either of which may be null (OpenAI's
   * own reasoning models send only a summary, open-weight ones the text).
   */
  public static OutputItem reasoning(String summary, String content) {
    ObjectNode f = MAPPER.createObjectNode();
    ArrayNode s = f.putArray("summary");
    if (summary != null) {
      s.addObject().put("type", "summary_text").put("text", summary);
    }
    if (content != null) {
      f.putArray("content").addObject().put("type", "reasoning_text").put("text", content);
    }
    return new OutputItem("reasoning", "rs_", f, null, List.of());
  }

  /** A {@code web_search_call} whose action searched for this query. */
  public static OutputItem webSearch(String query) {
    ObjectNode f = MAPPER.createObjectNode();
    f.putObject("action").put("type", "search").put("query", Objects.requireNonNull(query, "query"));
    return new OutputItem("web_search_call", "ws_", f, "completed", List.of());
  }

  /** A {@code file_search_call} for this query, each text a result found (none: {@code results: null}). */
  public static OutputItem fileSearch(String query, String... results) {
    ObjectNode f = MAPPER.createObjectNode();
    f.putArray("queries").add(Objects.requireNonNull(query, "query"));
    if (results.length == 0) {
      f.putNull("results");
    } else {
      ArrayNode r = f.putArray("results");
      for (int i = 0; i < results.length; i++) {
        ObjectNode result = r.addObject();
        result.putObject("attributes");
        result.put("file_id", "file-fake" + (i + 1)).put("filename", "file" + (i + 1) + ".txt")
            .put("score", 1.0 - i * 0.1).put("text", results[i]);
      }
    }
    return new OutputItem("file_search_call", "fs_", f, "completed", List.of("results"));
  }

  /** A {@code code_interpreter_call} that ran this code and logged this output. */
  public static OutputItem codeInterpreter(String code, String logs) {
    ObjectNode f = MAPPER.createObjectNode();
    f.put("code", Objects.requireNonNull(code, "code"));
    f.put("container_id", "cntr_fake");
    f.putArray("outputs").addObject().put("type", "logs").put("logs", Objects.requireNonNull(logs, "logs"));
    return new OutputItem("code_interpreter_call", "ci_", f, "completed", List.of("outputs"));
  }

  /** An {@code mcp_call} of a remote MCP server's tool that answered {@code output}. */
  public static OutputItem mcpCall(String serverLabel, String tool, String arguments, String output) {
    ObjectNode f = mcpCallFields(serverLabel, tool, arguments);
    f.put("output", Objects.requireNonNull(output, "output"));
    f.putNull("error");
    return new OutputItem("mcp_call", "mcp_", f, "completed", List.of("output"));
  }

  /**
   * An {@code mcp_call} that failed: {@code status: "failed"}, no output, and {@code error} as the
   * API reports a tool's failure, {@code {"type":"mcp_tool_execution_error","content":[{"type":"text","text":...}]}}.
   */
  public static OutputItem mcpCallFailed(String serverLabel, String tool, String arguments, String error) {
    ObjectNode f = mcpCallFields(serverLabel, tool, arguments);
    f.putNull("output");
    ObjectNode e = f.putObject("error").put("type", "mcp_tool_execution_error");
    e.putArray("content").addObject().put("type", "text").put("text", Objects.requireNonNull(error, "error"));
    return new OutputItem("mcp_call", "mcp_", f, "failed", List.of("error"));
  }

  /** An {@code mcp_list_tools}: the tools a remote MCP server offered. */
  public static OutputItem mcpListTools(String serverLabel, McpTool... tools) {
    ObjectNode f = MAPPER.createObjectNode();
    f.put("server_label", Objects.requireNonNull(serverLabel, "serverLabel"));
    ArrayNode list = f.putArray("tools");
    for (McpTool t : tools) {
      ObjectNode tool = list.addObject();
      tool.put("name", t.name());
      tool.put("description", t.description());
      tool.set("input_schema", schema(t.inputSchemaJson()));
      tool.putNull("annotations");
    }
    f.putNull("error");
    return new OutputItem("mcp_list_tools", "mcpl_", f, null, List.of("tools"));
  }

  private static ObjectNode mcpCallFields(String serverLabel, String tool, String arguments) {
    ObjectNode f = MAPPER.createObjectNode();
    f.put("server_label", Objects.requireNonNull(serverLabel, "serverLabel"));
    f.put("name", Objects.requireNonNull(tool, "tool"));
    f.put("arguments", Objects.requireNonNull(arguments, "arguments"));
    f.putNull("approval_request_id");
    return f;
  }

  private static JsonNode schema(String json) {
    if (json == null) {
      return MAPPER.createObjectNode().put("type", "object");
    }
    try {
      return MAPPER.readTree(json);
    } catch (Exception e) {
      throw new IllegalArgumentException("an MCP tool's input schema is a JSON object: " + json, e);
    }
  }

  /** The item's {@code type}, such as {@code web_search_call}. */
  public String type() {
    return type;
  }

  /** The prefix of its id, such as {@code ws_}. */
  public String idPrefix() {
    return idPrefix;
  }

  /** Its final {@code status}, such as {@code completed} or {@code failed}; null for items with none. */
  public String status() {
    return status;
  }

  /** Whether it ended in failure ({@code mcp_call} with an error). */
  public boolean failed() {
    return "failed".equals(status);
  }

  /** The item as the API writes it once done, with this id. */
  public ObjectNode done(String id) {
    return render(id, status, false);
  }

  /** The item as {@code response.output_item.added} announces it: in progress, with no results yet. */
  public ObjectNode inProgress(String id) {
    return render(id, status == null ? null : "in_progress", true);
  }

  private ObjectNode render(String id, String status, boolean inProgress) {
    ObjectNode item = MAPPER.createObjectNode();
    item.put("id", id);
    item.put("type", type);
    if (status != null) {
      item.put("status", status);
    }
    fields.fields().forEachRemaining(e -> {
      if (inProgress && type.equals("reasoning") && e.getKey().equals("summary")) {
        item.putArray("summary");
      } else if (inProgress && type.equals("reasoning") && e.getKey().equals("content")) {
        item.putArray("content");
      } else if (inProgress && resultFields.contains(e.getKey())) {
        item.set(e.getKey(), e.getValue().isArray() && type.equals("mcp_list_tools")
            ? MAPPER.createArrayNode() : MAPPER.getNodeFactory().nullNode());
      } else {
        item.set(e.getKey(), e.getValue().deepCopy());
      }
    });
    return item;
  }

  /** The reasoning's summary text, or null. */
  public String summaryText() {
    JsonNode s = fields.path("summary");
    return s.size() == 0 ? null : s.get(0).path("text").asText(null);
  }

  /** The reasoning's full text, or null. */
  public String reasoningText() {
    JsonNode c = fields.path("content");
    return c.size() == 0 ? null : c.get(0).path("text").asText(null);
  }

  /** What an {@code mcp_call} or {@code code_interpreter_call} gets as input: its arguments or code. */
  public String input() {
    return fields.has("arguments") ? fields.path("arguments").asText(null) : fields.path("code").asText(null);
  }

  @Override
  public String toString() {
    return "OutputItem[" + type + " " + fields + "]";
  }
}
