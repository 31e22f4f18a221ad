package ai.galileo.tracing.galileoapifake;

import com.networknt.schema.ExecutionContext;
import com.networknt.schema.Format;
import java.util.regex.Pattern;

/**
 * The {@code uuid4} format of Galileo's schemas, which JSON Schema does not define: a canonical
 * 8-4-4-4-12 hex UUID (either case) of version 4 with the RFC 4122 variant, as pydantic's
 * {@code UUID4} accepts. The nil UUID and other versions are refused.
 */
final class Uuid4Format implements Format {
  private static final Pattern UUID4 = Pattern.compile(
      "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-4[0-9a-fA-F]{3}-[89abAB][0-9a-fA-F]{3}-[0-9a-fA-F]{12}");

  @Override
  public String getName() {
    return "uuid4";
  }

  @Override
  public boolean matches(ExecutionContext executionContext, String value) {
    return UUID4.matcher(value).matches();
  }
}
