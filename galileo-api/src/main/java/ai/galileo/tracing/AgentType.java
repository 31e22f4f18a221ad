package ai.galileo.tracing;

/**
 * What kind of agent an {@link SpanType#AGENT} span stands for, with the names of Galileo's
 * {@code AgentType}. Galileo's agent views group and chart agents by it.
 *
 * @since 0.1.0
 */
public enum AgentType {
  /** An agent of no particular pattern; what Galileo assumes when none is given. */
  DEFAULT("default"),
  /** Makes a plan of steps before acting, as a plan-and-execute agent or a sequence of agents. */
  PLANNER("planner"),
  /** Reasons and acts in turns: a model that calls tools until it can answer. */
  REACT("react"),
  /** Criticises and revises its own output, as a loop until a condition holds. */
  REFLECTION("reflection"),
  /** Sends the request to one of several agents or routes. */
  ROUTER("router"),
  /** Labels its input. */
  CLASSIFIER("classifier"),
  /** Delegates to, and coordinates, other agents. */
  SUPERVISOR("supervisor"),
  /** Judges or scores other agents' work. */
  JUDGE("judge");

  private final String wireName;

  AgentType(String wireName) {
    this.wireName = wireName;
  }

  /** The name Galileo's API uses, such as {@code "react"}. */
  public String wireName() {
    return wireName;
  }

  /** The type with this wire name, ignoring case; {@link #DEFAULT} for null or an unknown name. */
  public static AgentType fromWireName(String name) {
    if (name != null) {
      for (AgentType t : values()) {
        if (t.wireName.equalsIgnoreCase(name.trim())) {
          return t;
        }
      }
    }
    return DEFAULT;
  }
}
