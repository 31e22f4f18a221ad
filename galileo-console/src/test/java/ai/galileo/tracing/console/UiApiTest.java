package ai.galileo.tracing.console;

import static ai.galileo.tracing.console.Api.ok;
import static ai.galileo.tracing.console.Records.span;
import static ai.galileo.tracing.console.Records.spansIngest;
import static ai.galileo.tracing.console.Records.trace;
import static ai.galileo.tracing.console.Records.tracesIngest;
import static ai.galileo.tracing.console.Records.withSpans;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The web view's JSON API: the filtered trace list, one trace with its spans, the projects. */
class UiApiTest {
  @RegisterExtension
  final RunningConsole console = RunningConsole.inMemory();

  Api api;
  Api ui;
  UUID shop;
  UUID shopProd;
  UUID shopDev;
  UUID bank;
  UUID first = UUID.randomUUID();
  UUID second = UUID.randomUUID();
  UUID third = UUID.randomUUID();

  @BeforeEach
  void setUp() {
    api = console.v2();
    ui = console.bare();
    shop = api.project("shop");
    shopProd = api.logStream(shop, "prod");
    shopDev = api.logStream(shop, "dev");
    bank = api.project("bank");
    UUID bankProd = api.logStream(bank, "prod");
    ObjectNode t1 = trace(first, "checkout");
    t1.put("created_at", "2026-01-01T10:00:00Z");
    ObjectNode t2 = trace(second, "search products");
    t2.put("created_at", "2026-01-01T11:00:00Z");
    t2.put("status_code", 500);
    t2.withObjectProperty("metrics").put("duration_ns", 2_500_000);
    ObjectNode t3 = trace(third, "transfer");
    t3.put("created_at", "2026-01-01T12:00:00Z");
    ok(api.post("/projects/" + shop + "/traces", tracesIngest(shopProd, true,
        withSpans(t1, span("llm", UUID.randomUUID(), "pay with card", "payments")))));
    ok(api.post("/projects/" + shop + "/traces", tracesIngest(shopDev, false, t2)));
    ok(api.post("/projects/" + shop + "/spans", spansIngest(shopDev, second, second,
        span("retriever", UUID.randomUUID(), "catalog lookup", "catalog"))));
    ok(api.post("/projects/" + bank + "/traces", tracesIngest(bankProd, true, t3)));
  }

  List<String> names(String query) {
    List<String> out = new ArrayList<>();
    ok(ui.get("/api/traces" + query)).path("traces").forEach(t -> out.add(t.path("name").asText()));
    return out;
  }

  @Test
  void theListIsNewestFirstWithWhatTheTableShows() {
    assertThat(names("")).containsExactly("transfer", "search products", "checkout");
    JsonNode search = ok(ui.get("/api/traces")).path("traces").get(1);
    assertThat(search.path("id").asText()).isEqualTo(second.toString());
    assertThat(search.path("project_name").asText()).isEqualTo("shop");
    assertThat(search.path("log_stream_name").asText()).isEqualTo("dev");
    assertThat(search.path("created_at").asText()).isEqualTo("2026-01-01T11:00:00Z");
    assertThat(search.path("duration_ns").asLong()).isEqualTo(2_500_000);
    assertThat(search.path("status_code").asInt()).isEqualTo(500);
    assertThat(search.path("is_complete").asBoolean()).isFalse();
    assertThat(search.path("span_count").asInt()).isEqualTo(1);
    assertThat(search.path("services")).extracting(JsonNode::asText)
        .containsExactly("catalog", "orchestrator");
  }

  @Test
  void theListFiltersByProjectLogStreamAndText() {
    assertThat(names("?project=" + shop)).containsExactly("search products", "checkout");
    assertThat(names("?project=" + bank)).containsExactly("transfer");
    assertThat(names("?project=" + shop + "&log_stream=" + shopProd)).containsExactly("checkout");
    assertThat(names("?q=SEARCH")).containsExactly("search products");
    assertThat(names("?q=card")).as("a span's name matches its trace").containsExactly("checkout");
    assertThat(names("?q=catalog")).as("a service matches").containsExactly("search products");
    assertThat(names("?q=" + third.toString().substring(0, 8))).containsExactly("transfer");
    assertThat(names("?q=%25")).as("% is a character, not a wildcard").isEmpty();
    assertThat(names("?limit=1")).containsExactly("transfer");
    assertThat(ui.get("/api/traces?project=nope").status()).isEqualTo(422);
    assertThat(ui.get("/api/traces?limit=many").status()).isEqualTo(422);
  }

  @Test
  void aTraceComesWithAllItsSpansFlatWithParentIds() {
    JsonNode d = ok(ui.get("/api/traces/" + second)).json();
    assertThat(d.path("trace").path("name").asText()).isEqualTo("search products");
    assertThat(d.path("trace").path("record").path("input").asText()).isEqualTo("question");
    JsonNode s = d.path("spans").get(0);
    assertThat(s.path("parent_id").asText()).isEqualTo(second.toString());
    assertThat(s.path("type").asText()).isEqualTo("retriever");
    assertThat(s.path("service_name").asText()).isEqualTo("catalog");
    assertThat(s.path("log_stream_name").asText()).isEqualTo("dev");
    assertThat(s.path("record").path("name").asText()).isEqualTo("catalog lookup");
    assertThat(ui.get("/api/traces/" + UUID.randomUUID()).status()).isEqualTo(404);
    assertThat(ui.get("/api/traces/xyz").status()).isEqualTo(422);
  }

  @Test
  void projectsComeWithTheirLogStreams() {
    JsonNode projects = ok(ui.get("/api/projects")).path("projects");
    assertThat(projects).hasSize(2);
    JsonNode s = projects.get(0);
    assertThat(s.path("name").asText()).isEqualTo("shop");
    assertThat(s.path("log_streams")).extracting(n -> n.path("name").asText()).containsExactly("prod", "dev");
  }

  @Test
  void theUiApiIsReadOnly() {
    assertThat(ui.post("/api/traces", Api.obj()).status()).isEqualTo(405);
    assertThat(ui.get("/api/nothing").status()).isEqualTo(404);
  }
}
