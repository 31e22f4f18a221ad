package ai.galileo.tracing.galileoapifake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.JsonMetaSchema;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.PathType;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The request and response schemas of Galileo's ingest API, from the repository's
 * {@code spec/galileo-api/openapi-ingest.yaml} (on the class path as {@value #SPEC}, see
 * tests/galileo-api-fake/pom.xml), as JSON Schema 2020-12 validators, which is what OpenAPI 3.1 uses.
 *
 * <p>Stricter than the spec in two ways, both on purpose: formats are assertions ({@code date-time}
 * and Galileo's {@code uuid4}), and an object schema that declares {@code properties} without
 * saying anything of {@code additionalProperties} accepts no others. The real backend ignores
 * unknown fields, so a misspelt or misplaced field (say, {@code spans} on an LLM span) would be
 * lost without a word; here it is a violation.
 *
 * <p>Loading takes a second, so one instance is shared; it is thread-safe.
 */
public final class OpenApiSchemas {
  /** The spec's class-path resource; galileo-core/pom.xml adds it from spec/ as a test resource. */
  public static final String SPEC = "galileo-api/openapi-ingest.yaml";

  private static final String BASE = "https://galileo.test/openapi-ingest.json";

  private static volatile OpenApiSchemas shared;

  private final JsonNode document;
  private final JsonSchemaFactory factory;
  private final SchemaValidatorsConfig config;
  private final Map<String, JsonSchema> schemas = new ConcurrentHashMap<>();

  private OpenApiSchemas(URL spec) {
    try {
      document = new ObjectMapper(new YAMLFactory()).readTree(spec);
      ObjectNode components = (ObjectNode) document.path("components").path("schemas");
      components.forEach(OpenApiSchemas::closeObjects);
      String json = new ObjectMapper().writeValueAsString(document);
      JsonMetaSchema meta =
          JsonMetaSchema.builder(JsonMetaSchema.getV202012()).format(new Uuid4Format()).build();
      factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012, b -> b
          .metaSchema(meta)
          .defaultMetaSchemaIri(meta.getIri())
          .schemaLoaders(loaders -> loaders.schemas(Map.of(BASE, json))));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the Galileo API spec " + spec, e);
    }
    config = SchemaValidatorsConfig.builder()
        .formatAssertionsEnabled(true)
        .pathType(PathType.JSON_POINTER)
        .build();
  }

  /** The shared instance, loaded on first use. */
  public static OpenApiSchemas get() {
    OpenApiSchemas s = shared;
    if (s == null) {
      synchronized (OpenApiSchemas.class) {
        s = shared;
        if (s == null) {
          s = new OpenApiSchemas(specUrl());
          shared = s;
        }
      }
    }
    return s;
  }

  /** The spec on the class path; never read from outside the repository. */
  public static URL specUrl() {
    URL url = OpenApiSchemas.class.getClassLoader().getResource(SPEC);
    if (url == null) {
      throw new IllegalStateException("the Galileo API spec " + SPEC + " is not on the class path;"
          + " tests/galileo-api-fake/pom.xml adds it from spec/ at the repository root");
    }
    return url;
  }

  /** The spec as read (with objects closed as described above). */
  public JsonNode document() {
    return document;
  }

  /** True if {@code components/schemas} has a schema of that name. */
  public boolean has(String component) {
    return document.path("components").path("schemas").has(component);
  }

  /**
   * What is wrong with {@code value} as an instance of {@code components/schemas/<component>}, one
   * line per problem (the schema, the location, the message); empty when it is valid.
   */
  public List<String> validate(String component, JsonNode value) {
    List<String> problems = new ArrayList<>();
    for (ValidationMessage m : schema(component).validate(value)) {
      problems.add(component + " " + m.getMessage()); // the message starts with the location
    }
    return problems;
  }

  private JsonSchema schema(String component) {
    if (!has(component)) {
      throw new IllegalArgumentException("no schema named " + component + " in the spec");
    }
    return schemas.computeIfAbsent(component, name -> {
      JsonSchema s = factory.getSchema(
          SchemaLocation.of(BASE + "#/components/schemas/" + name), config);
      s.initializeValidators(); // resolve every $ref now, not in the middle of a test
      return s;
    });
  }

  /** Walks a schema; objects with declared properties and nothing said of others get none. */
  private static void closeObjects(JsonNode schema) {
    if (!schema.isObject()) {
      return;
    }
    ObjectNode node = (ObjectNode) schema;
    JsonNode properties = node.get("properties");
    if (properties != null && properties.isObject()) {
      properties.forEach(OpenApiSchemas::closeObjects);
      if (!node.has("additionalProperties") && !node.has("unevaluatedProperties")) {
        node.set("additionalProperties", BooleanNode.FALSE);
      }
    }
    for (String key : List.of("items", "additionalProperties", "not", "contains")) {
      if (node.has(key)) {
        closeObjects(node.get(key));
      }
    }
    for (String key : List.of("anyOf", "oneOf", "allOf", "prefixItems")) {
      JsonNode list = node.get(key);
      if (list != null && list.isArray()) {
        for (Iterator<JsonNode> it = list.elements(); it.hasNext(); ) {
          closeObjects(it.next());
        }
      }
    }
  }
}
