package ai.galileo.tracing.adk;

import com.google.adk.agents.BaseAgent;
import com.google.adk.events.Event;
import com.google.adk.plugins.Plugin;
import com.google.adk.runner.InMemoryRunner;
import com.google.adk.sessions.Session;
import com.google.genai.types.Content;
import com.google.genai.types.Part;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Runs an agent through ADK's real in-memory Runner, as an application does. */
final class Adk {
  static final String APP = "galileo-adk-test";
  static final String USER = "user-1";

  final InMemoryRunner runner;
  final Session session;

  Adk(BaseAgent root, Plugin... plugins) {
    this.runner = new InMemoryRunner(root, APP, List.of(plugins));
    this.session = runner.sessionService().createSession(APP, USER).blockingGet();
  }

  /** Runs one turn to its end on this thread; the events' final text. */
  String ask(String question) {
    List<String> finals = new CopyOnWriteArrayList<>();
    runner.runAsync(USER, session.id(), Content.fromParts(Part.fromText(question)))
        .blockingForEach(e -> finalText(e, finals));
    return String.join("|", finals);
  }

  private static void finalText(Event e, List<String> out) {
    if (e.finalResponse() && e.content().isPresent()) {
      String t = e.content().get().text();
      if (t != null && !t.isEmpty()) {
        out.add(t);
      }
    }
  }
}
