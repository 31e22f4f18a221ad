package ai.galileo.tracing.core.internal.redaction;

import ai.galileo.tracing.Content;
import ai.galileo.tracing.Document;
import ai.galileo.tracing.LlmEvent;
import ai.galileo.tracing.Message;
import ai.galileo.tracing.ToolCall;
import ai.galileo.tracing.core.GalileoConfig;
import ai.galileo.tracing.core.SpanData;
import ai.galileo.tracing.core.internal.Metadata;
import ai.galileo.tracing.core.internal.NamedProviders;
import ai.galileo.tracing.core.redaction.RedactionMode;
import ai.galileo.tracing.core.redaction.Redactor;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Logger;

/**
 * What {@code GALILEO_REDACTION} does to a span on its way out: applied by the export worker to
 * each snapshot before any exporter sees it, so the application's threads pay nothing and every
 * exporter (Galileo's API, {@code otlp}, {@code logging}, a user's) gets the same redacted span.
 *
 * <p>The chosen built-in redactors run as one {@link BuiltInScanner} pass, then the user's
 * redactors in the order named. A value a redactor fails on (throws, or returns null) is replaced
 * by {@value #FAILED}: in {@code mask} mode the original must never leave unmasked. Failures are
 * counted and the first is logged, without the value.
 *
 * <p>Internal: not part of the public API and may change without notice.
 */
public final class Redaction {
  /** off, fields or mask. */
  public static final String MODE_SETTING = "GALILEO_REDACTION";
  /** The redactors to use, comma-separated, in order. */
  public static final String REDACTORS_SETTING = "GALILEO_REDACTORS";
  /** The name that stands for every built-in redactor, and the default. */
  public static final String BUILTIN = "builtin";
  /** What replaces a value a redactor failed on. */
  public static final String FAILED = "[REDACTION_FAILED]";
  /** The built-in redactors' names, in the order they are documented. */
  public static final List<String> BUILTIN_NAMES =
      List.of("email", "phone", "card", "iban", "ip", "api-key", "bearer", "jwt");

  private static final Logger LOG = Logger.getLogger(Redaction.class.getName());
  private static final Redaction OFF = new Redaction(RedactionMode.OFF, List.of());

  private final RedactionMode mode;
  private final BuiltInScanner builtIns;
  private final Redactor[] users;
  private final List<String> names;
  private final AtomicLong failures = new AtomicLong();
  private final AtomicBoolean failureLogged = new AtomicBoolean();

  private Redaction(RedactionMode mode, List<Redactor> redactors) {
    this.mode = Objects.requireNonNull(mode, "mode");
    int kinds = 0;
    List<Redactor> others = new ArrayList<>();
    List<String> all = new ArrayList<>();
    for (Redactor r : redactors) {
      all.add(r.name());
      if (r instanceof BuiltInRedactor b) {
        kinds |= b.kind();
      } else {
        others.add(r);
      }
    }
    this.builtIns = new BuiltInScanner(kinds);
    this.users = others.toArray(new Redactor[0]);
    this.names = List.copyOf(all);
  }

  /** No redaction: spans pass as they are. */
  public static Redaction off() {
    return OFF;
  }

  /** The given redactors in this mode; for tests and for code that builds its own. */
  public static Redaction of(RedactionMode mode, List<? extends Redactor> redactors) {
    return mode == RedactionMode.OFF ? OFF : new Redaction(mode, List.copyOf(redactors));
  }

  /**
   * The redaction the configuration asks for: {@code GALILEO_REDACTION}, with the redactors
   * {@code GALILEO_REDACTORS} names, found through {@link java.util.ServiceLoader}. Nothing is
   * loaded when redaction is off.
   *
   * @throws IllegalArgumentException if a name has no redactor; the message lists those installed
   */
  public static Redaction fromConfig(GalileoConfig config, ClassLoader loader) {
    if (config.redaction() == RedactionMode.OFF) {
      return OFF;
    }
    Map<String, Redactor> available = available(loader);
    List<Redactor> chosen = new ArrayList<>();
    for (String name : expand(config.redactors())) {
      Redactor r = available.get(name);
      if (r == null) {
        throw new IllegalArgumentException("Unknown redactor '" + name + "' in "
            + REDACTORS_SETTING + "=" + String.join(",", config.redactors()) + ". Available: "
            + String.join(", ", available.keySet()) + " (and " + BUILTIN + " for all the"
            + " built-in ones). Add the artifact that provides '" + name + "' to the class path"
            + " (its jar lists a " + Redactor.class.getName() + " in META-INF/services).");
      }
      chosen.add(r);
    }
    return new Redaction(config.redaction(), chosen);
  }

  /** The redactors the class loader can provide, by name, sorted. */
  public static Map<String, Redactor> available(ClassLoader loader) {
    return NamedProviders.load(Redactor.class, loader, Redactor::name);
  }

  private static List<String> expand(List<String> names) {
    List<String> out = new ArrayList<>();
    for (String name : names) {
      for (String each : BUILTIN.equals(name) ? BUILTIN_NAMES : List.of(name)) {
        if (!out.contains(each)) {
          out.add(each);
        }
      }
    }
    return out;
  }

  public RedactionMode mode() {
    return mode;
  }

  /** The names of the redactors in use, in order. */
  public List<String> names() {
    return names;
  }

  /** Values replaced by {@value #FAILED} because a redactor failed on them. */
  public long failures() {
    return failures.get();
  }

  /** Redacts each snapshot of the batch in place. */
  public void applyAll(List<SpanData> batch) {
    if (mode == RedactionMode.OFF) {
      return;
    }
    for (int i = 0, n = batch.size(); i < n; i++) {
      SpanData s = batch.get(i);
      SpanData r = apply(s);
      if (r != s) {
        batch.set(i, r);
      }
    }
  }

  /** The snapshot as this mode sends it; the same instance when nothing changed. */
  public SpanData apply(SpanData s) {
    switch (mode) {
      case FIELDS -> {
        Content ri = s.redactedInput() != null ? s.redactedInput() : changedOrNull(s.input());
        Content ro = s.redactedOutput() != null ? s.redactedOutput() : changedOrNull(s.output());
        if (ri == s.redactedInput() && ro == s.redactedOutput()) {
          return s;
        }
        return copy(s, s.input(), s.output(), s.metadata(), s.llm(), ri, ro);
      }
      case MASK -> {
        Content in = s.redactedInput() != null ? s.redactedInput() : content(s.input());
        Content out = s.redactedOutput() != null ? s.redactedOutput() : content(s.output());
        Map<String, String> meta = metadata(s.metadata());
        SpanData.LlmData llm = llm(s.llm());
        if (in == s.input() && out == s.output() && meta == s.metadata() && llm == s.llm()
            && s.redactedInput() == null && s.redactedOutput() == null) {
          return s;
        }
        // The masked values are what is sent: no copy beside them.
        return copy(s, in, out, meta, llm, null, null);
      }
      default -> {
        return s;
      }
    }
  }

  private static SpanData copy(SpanData s, Content in, Content out, Map<String, String> meta,
      SpanData.LlmData llm, Content redactedIn, Content redactedOut) {
    return new SpanData(s.type(), s.name(), s.traceId(), s.spanId(), s.parentId(),
        s.remoteParent(), s.sessionId(), in, out, meta, s.tags(), s.statusCode(),
        s.startEpochNanos(), s.durationNanos(), s.state(), llm, s.agentType(), s.toolCallId(),
        redactedIn, redactedOut);
  }

  private Content changedOrNull(Content c) {
    Content r = content(c);
    return r == c ? null : r;
  }

  /** The content with every text in it redacted; the same instance when nothing changed. */
  public Content content(Content c) {
    if (c == null) {
      return null;
    }
    if (c instanceof Content.Text t) {
      String r = text(t.text());
      return r == t.text() ? c : Content.text(r);
    }
    if (c instanceof Content.SingleMessage m) {
      Message r = message(m.message());
      return r == m.message() ? c : Content.message(r);
    }
    if (c instanceof Content.Messages ms) {
      List<Message> all = ms.messages();
      List<Message> changed = null;
      for (int i = 0, n = all.size(); i < n; i++) {
        Message m = all.get(i);
        Message r = message(m);
        if (r != m && changed == null) {
          changed = new ArrayList<>(all.subList(0, i));
        }
        if (changed != null) {
          changed.add(r);
        }
      }
      return changed == null ? c : Content.messages(changed);
    }
    if (c instanceof Content.Documents ds) {
      List<Document> all = ds.documents();
      List<Document> changed = null;
      for (int i = 0, n = all.size(); i < n; i++) {
        Document d = all.get(i);
        Document r = document(d);
        if (r != d && changed == null) {
          changed = new ArrayList<>(all.subList(0, i));
        }
        if (changed != null) {
          changed.add(r);
        }
      }
      return changed == null ? c : Content.documents(changed);
    }
    return c;
  }

  private Message message(Message m) {
    String content = text(m.content());
    List<ToolCall> calls = m.toolCalls();
    List<ToolCall> changed = null;
    for (int i = 0, n = calls.size(); i < n; i++) {
      ToolCall call = calls.get(i);
      String args = text(call.arguments());
      if (args != call.arguments() && changed == null) {
        changed = new ArrayList<>(calls.subList(0, i));
      }
      if (changed != null) {
        changed.add(args == call.arguments() ? call : new ToolCall(call.id(), call.name(), args));
      }
    }
    if (content == m.content() && changed == null) {
      return m;
    }
    return new Message(m.role(), content, m.toolCallId(), changed == null ? calls : changed);
  }

  private Document document(Document d) {
    String content = text(d.content());
    Map<String, Object> meta = d.metadata();
    Map<String, Object> changed = null;
    for (Map.Entry<String, Object> e : meta.entrySet()) {
      if (e.getValue() instanceof String v) {
        String r = text(v);
        if (r != v) {
          if (changed == null) {
            changed = new LinkedHashMap<>(meta);
          }
          changed.put(e.getKey(), r);
        }
      }
    }
    if (content == d.content() && changed == null) {
      return d;
    }
    return new Document(content, changed == null ? meta : changed);
  }

  private Map<String, String> metadata(Map<String, String> meta) {
    if (meta == null || meta.isEmpty()) {
      return meta;
    }
    Map<String, String> changed = null;
    if (meta instanceof Metadata m) { // the tracer's own: read in place, no iterator
      for (int i = 0, n = m.size(); i < n; i++) {
        String v = m.valueAt(i);
        String r = v == null ? null : text(v);
        if (r != v) {
          if (changed == null) {
            changed = new LinkedHashMap<>(meta);
          }
          changed.put(m.keyAt(i), r);
        }
      }
    } else {
      for (Map.Entry<String, String> e : meta.entrySet()) {
        String v = e.getValue();
        String r = v == null ? null : text(v);
        if (r != v) {
          if (changed == null) {
            changed = new LinkedHashMap<>(meta);
          }
          changed.put(e.getKey(), r);
        }
      }
    }
    return changed == null ? meta : Collections.unmodifiableMap(changed);
  }

  /** An LLM span's events with their text redacted; JSON that no longer parses is sent as text. */
  private SpanData.LlmData llm(SpanData.LlmData llm) {
    if (llm == null || llm.events().isEmpty()) {
      return llm;
    }
    List<LlmEvent> events = llm.events();
    List<LlmEvent> changed = null;
    for (int i = 0, n = events.size(); i < n; i++) {
      LlmEvent e = events.get(i);
      LlmEvent r = event(e);
      if (r != e && changed == null) {
        changed = new ArrayList<>(events.subList(0, i));
      }
      if (changed != null) {
        changed.add(r);
      }
    }
    if (changed == null) {
      return llm;
    }
    return new SpanData.LlmData(llm.model(), llm.temperature(), llm.inputTokens(),
        llm.outputTokens(), llm.totalTokens(), llm.timeToFirstTokenNanos(), llm.finishReason(),
        llm.tools(), changed, llm.imageInputTokens(), llm.imageOutputTokens(),
        llm.audioInputTokens(), llm.audioOutputTokens());
  }

  private LlmEvent event(LlmEvent e) {
    if (e instanceof LlmEvent.Reasoning r) {
      String content = text(r.content());
      String summary = text(r.summary());
      return content == r.content() && summary == r.summary() ? e
          : new LlmEvent.Reasoning(r.id(), content, summary, r.status());
    }
    if (e instanceof LlmEvent.InternalToolCall c) {
      String in = text(c.inputJson());
      String out = text(c.outputJson());
      return in == c.inputJson() && out == c.outputJson() ? e
          : new LlmEvent.InternalToolCall(c.id(), c.name(), in, out, c.status());
    }
    if (e instanceof LlmEvent.McpCall c) {
      String args = text(c.argumentsJson());
      String result = text(c.resultJson());
      String error = text(c.errorMessage());
      return args == c.argumentsJson() && result == c.resultJson() && error == c.errorMessage()
          ? e
          : new LlmEvent.McpCall(c.id(), c.serverName(), c.toolName(), args, result, error,
              c.status());
    }
    return e;
  }

  /**
   * The text with the built-ins' and then each user redactor's findings replaced; the same
   * instance when nothing was found. A redactor that fails turns the whole value into {@value
   * #FAILED}.
   */
  public String text(String t) {
    if (t == null || t.isEmpty()) {
      return t;
    }
    String r;
    try {
      r = builtIns.redact(t);
    } catch (RuntimeException | StackOverflowError e) {
      return failed("built-in", e);
    }
    for (Redactor u : users) {
      String next;
      try {
        next = u.redact(r);
      } catch (RuntimeException | LinkageError | StackOverflowError e) {
        return failed(u.name(), e);
      }
      if (next == null) {
        return failed(u.name(), null);
      }
      r = next;
    }
    return r;
  }

  private String failed(String redactor, Throwable e) {
    failures.incrementAndGet();
    if (failureLogged.compareAndSet(false, true)) {
      // The exception's message may quote the value: only its class is logged.
      LOG.warning("Redactor '" + redactor + "' failed on a value ("
          + (e == null ? "it returned null" : e.getClass().getName()) + "); the value was sent as "
          + FAILED + " instead. Further failures are counted, not logged.");
    }
    return FAILED;
  }

  @Override
  public String toString() {
    return "Redaction{" + mode.configValue() + ", " + names + "}";
  }
}
