package ai.galileo.tracing.core.propagation;

import ai.galileo.tracing.Context;
import ai.galileo.tracing.Propagator;
import ai.galileo.tracing.SpanContext;
import ai.galileo.tracing.core.internal.LogOnce;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.logging.Logger;

/**
 * Several propagators as one: made by {@link Propagators#composite(List)}.
 *
 * <p>Injection runs every member, in order. Extraction takes the first member that finds a parent
 * (a valid span context other than the incoming one). The members after it still run, on that
 * result, and a result that names the very same parent replaces it: that is how the W3C member
 * keeps its tracestate and original trace-id when the Galileo headers came first. A member that
 * throws is skipped, and logged once.
 */
final class CompositePropagator implements Propagator {
  private static final Logger LOGGER = Logger.getLogger(CompositePropagator.class.getName());

  private final Propagator[] members;
  private final List<String> fields;
  private final LogOnce log = new LogOnce(LOGGER);

  CompositePropagator(List<Propagator> members) {
    this.members = members.toArray(new Propagator[0]);
    Set<String> union = new LinkedHashSet<>();
    for (Propagator member : this.members) {
      Objects.requireNonNull(member, "member");
      union.addAll(member.fields());
    }
    this.fields = List.copyOf(union);
  }

  @Override
  public Collection<String> fields() {
    return fields;
  }

  @Override
  public <C> void inject(Context context, C carrier, Setter<C> setter) {
    for (int i = 0; i < members.length; i++) {
      try {
        members[i].inject(context, carrier, setter);
      } catch (RuntimeException e) {
        logFailure(i, e);
      }
    }
  }

  @Override
  public <C> Context extract(Context context, C carrier, Getter<C> getter) {
    Context base = context == null ? Context.root() : context;
    SpanContext incoming = base.span().context();
    Context found = null;
    for (int i = 0; i < members.length; i++) {
      Context result;
      try {
        result = members[i].extract(found == null ? base : found, carrier, getter);
      } catch (RuntimeException e) {
        logFailure(i, e);
        continue;
      }
      if (result == null) {
        continue;
      }
      SpanContext parent = result.span().context();
      if (found == null) {
        if (parent.isValid() && !parent.equals(incoming)) {
          found = result;
        }
      } else if (parent.equals(found.span().context())) {
        found = result;
      }
    }
    return found == null ? base : found;
  }

  private void logFailure(int member, RuntimeException e) {
    log.fine(member, e, () -> "Skipping propagator " + members[member] + ": it threw");
  }

  /** The members, for {@link Propagators#composite(List)} to flatten nested composites. */
  List<Propagator> members() {
    return List.of(members);
  }

  @Override
  public String toString() {
    List<String> names = new ArrayList<>(members.length);
    for (Propagator member : members) {
      names.add(String.valueOf(member));
    }
    return "CompositePropagator" + names;
  }
}
