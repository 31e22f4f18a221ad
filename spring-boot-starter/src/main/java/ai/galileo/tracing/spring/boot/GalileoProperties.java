package ai.galileo.tracing.spring.boot;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The {@code galileo.*} properties of a Spring Boot application: each one is the Spring spelling of
 * a {@code GALILEO_*} setting ({@code galileo.log-stream} is {@code GALILEO_LOG_STREAM}) and is
 * validated as that setting is. Spring resolves them with its own precedence (command line, system
 * properties, environment variables such as {@code GALILEO_MODE}, then {@code application.properties}
 * or {@code .yaml}); a setting no Spring source gives is read from the working directory's
 * {@code .env} file, then defaults. {@code galileo.service-name} defaults to
 * {@code spring.application.name}.
 *
 * @since 0.1.0
 */
@ConfigurationProperties(prefix = "galileo")
public class GalileoProperties {
  /** Whether Galileo tracing is on; false leaves every Galileo bean out. */
  private boolean enabled = true;

  /** batch (a trace is sent whole when it ends) or distributed (streamed as spans start and end). */
  private String mode;

  /** Galileo API key (never logged). */
  private String apiKey;

  /** Galileo console URL; the API URL is derived from it. */
  private String consoleUrl;

  /** Galileo API URL, when it is not derived from the console URL. */
  private String apiUrl;

  /** Project name (default "default"). */
  private String project;

  /** Project id, instead of its name. */
  private String projectId;

  /** Log stream name (default "default"). */
  private String logStream;

  /** Log stream id, instead of its name. */
  private String logStreamId;

  /** Propagators, in order: galileo, tracecontext, a plug-in's name, or none. */
  private String propagators;

  /** Which spelling the galileo propagator writes: galileo, splunk-ao or both. */
  private String propagatorHeaders;

  /**
   * What is done with what the redactors find: off (the default), fields (the original is sent, and
   * the masked copy as redacted_input/redacted_output) or mask (replaced before it leaves).
   */
  private String redaction;

  /** Redactors, in order: builtin (all built-in ones, the default), email, card, ..., a plug-in's name. */
  private String redactors;

  /** Recorded in every span's metadata; defaults to spring.application.name. */
  private String serviceName;

  /** true records and sends nothing (headers still propagate). */
  private Boolean loggingDisabled;

  /** Where spans go: galileo, logging, none, memory (with galileo-testing); a comma list sends to several. */
  private String exporter;

  /** When set, a Galileo session of this name is created and traces without their own join it. */
  private String sessionName;

  /** What servers do with incoming tracing headers: continue, link or ignore. */
  private String serverTrust;

  /** Whether each outgoing RestClient, RestTemplate or WebClient call gets a WORKFLOW span of its own. */
  private boolean clientSpans;

  /** Distributed mode: the longest a trace's completion waits for the services it called. */
  private Duration completionTimeout;

  /** Distributed mode: each outgoing call waits until its trace and parent spans are in the backend. */
  private Boolean ingestParentsFirst;

  /** Snapshots waiting to be sent; beyond it spans are dropped and counted. */
  private Integer queueSize;

  /** Snapshots handed to the exporter at once. */
  private Integer batchSize;

  /** Requests each exporter keeps in flight at once; one trace's requests still go in order. */
  private Integer exportMaxInFlight;

  /** The longest a snapshot waits for its batch to fill. */
  private Duration exportDelay;

  /** How long closing the tracer waits for delivery. */
  private Duration shutdownTimeout;

  /** One request's time limit. */
  private Duration requestTimeout;

  /** Longer inputs and outputs are cut, with a marker saying how much. */
  private Integer maxFieldChars;

  /** Batch mode: spans held while their trace is open; beyond it they are sent early. */
  private Integer maxBufferedSpans;

  /** Retries on connection errors, 408, 429 and 5xx. */
  private final Retry retry = new Retry();

  /** The Actuator health indicator. */
  private final Health health = new Health();

  /** Reactor (WebFlux, WebClient). */
  private final Reactor reactor = new Reactor();

  /** Requests servers leave untraced. */
  private final Server server = new Server();

  /** Hosts outgoing calls send tracing headers to. */
  private final Client client = new Client();

  /** Called by Spring. */
  public GalileoProperties() {}

  /**
   * Retry settings of the export.
   *
   * @since 0.1.0
   */
  public static class Retry {
    /** Attempts per request, the first included. */
    private Integer maxAttempts;

    /** The first back-off. */
    private Duration initialBackoff;

    /** The longest back-off. */
    private Duration maxBackoff;

    /** The longest a request is retried for. */
    private Duration maxElapsed;

    /** Called by Spring. */
    public Retry() {}

    public Integer getMaxAttempts() {
      return maxAttempts;
    }

    public void setMaxAttempts(Integer maxAttempts) {
      this.maxAttempts = maxAttempts;
    }

    public Duration getInitialBackoff() {
      return initialBackoff;
    }

    public void setInitialBackoff(Duration initialBackoff) {
      this.initialBackoff = initialBackoff;
    }

    public Duration getMaxBackoff() {
      return maxBackoff;
    }

    public void setMaxBackoff(Duration maxBackoff) {
      this.maxBackoff = maxBackoff;
    }

    public Duration getMaxElapsed() {
      return maxElapsed;
    }

    public void setMaxElapsed(Duration maxElapsed) {
      this.maxElapsed = maxElapsed;
    }
  }

  public boolean isEnabled() {
    return enabled;
  }

  public void setEnabled(boolean enabled) {
    this.enabled = enabled;
  }

  public String getMode() {
    return mode;
  }

  public void setMode(String mode) {
    this.mode = mode;
  }

  public String getApiKey() {
    return apiKey;
  }

  public void setApiKey(String apiKey) {
    this.apiKey = apiKey;
  }

  public String getConsoleUrl() {
    return consoleUrl;
  }

  public void setConsoleUrl(String consoleUrl) {
    this.consoleUrl = consoleUrl;
  }

  public String getApiUrl() {
    return apiUrl;
  }

  public void setApiUrl(String apiUrl) {
    this.apiUrl = apiUrl;
  }

  public String getProject() {
    return project;
  }

  public void setProject(String project) {
    this.project = project;
  }

  public String getProjectId() {
    return projectId;
  }

  public void setProjectId(String projectId) {
    this.projectId = projectId;
  }

  public String getLogStream() {
    return logStream;
  }

  public void setLogStream(String logStream) {
    this.logStream = logStream;
  }

  public String getLogStreamId() {
    return logStreamId;
  }

  public void setLogStreamId(String logStreamId) {
    this.logStreamId = logStreamId;
  }

  public String getPropagators() {
    return propagators;
  }

  public void setPropagators(String propagators) {
    this.propagators = propagators;
  }

  public String getRedaction() {
    return redaction;
  }

  public void setRedaction(String redaction) {
    this.redaction = redaction;
  }

  public String getRedactors() {
    return redactors;
  }

  public void setRedactors(String redactors) {
    this.redactors = redactors;
  }

  public String getPropagatorHeaders() {
    return propagatorHeaders;
  }

  public void setPropagatorHeaders(String propagatorHeaders) {
    this.propagatorHeaders = propagatorHeaders;
  }

  public String getServiceName() {
    return serviceName;
  }

  public void setServiceName(String serviceName) {
    this.serviceName = serviceName;
  }

  public Boolean getLoggingDisabled() {
    return loggingDisabled;
  }

  public void setLoggingDisabled(Boolean loggingDisabled) {
    this.loggingDisabled = loggingDisabled;
  }

  public String getExporter() {
    return exporter;
  }

  public void setExporter(String exporter) {
    this.exporter = exporter;
  }

  public String getSessionName() {
    return sessionName;
  }

  public void setSessionName(String sessionName) {
    this.sessionName = sessionName;
  }

  public String getServerTrust() {
    return serverTrust;
  }

  public void setServerTrust(String serverTrust) {
    this.serverTrust = serverTrust;
  }

  public boolean isClientSpans() {
    return clientSpans;
  }

  public void setClientSpans(boolean clientSpans) {
    this.clientSpans = clientSpans;
  }

  public Duration getCompletionTimeout() {
    return completionTimeout;
  }

  public void setCompletionTimeout(Duration completionTimeout) {
    this.completionTimeout = completionTimeout;
  }

  public Boolean getIngestParentsFirst() {
    return ingestParentsFirst;
  }

  public void setIngestParentsFirst(Boolean ingestParentsFirst) {
    this.ingestParentsFirst = ingestParentsFirst;
  }

  public Integer getQueueSize() {
    return queueSize;
  }

  public void setQueueSize(Integer queueSize) {
    this.queueSize = queueSize;
  }

  public Integer getExportMaxInFlight() {
    return exportMaxInFlight;
  }

  public void setExportMaxInFlight(Integer exportMaxInFlight) {
    this.exportMaxInFlight = exportMaxInFlight;
  }

  public Integer getBatchSize() {
    return batchSize;
  }

  public void setBatchSize(Integer batchSize) {
    this.batchSize = batchSize;
  }

  public Duration getExportDelay() {
    return exportDelay;
  }

  public void setExportDelay(Duration exportDelay) {
    this.exportDelay = exportDelay;
  }

  public Duration getShutdownTimeout() {
    return shutdownTimeout;
  }

  public void setShutdownTimeout(Duration shutdownTimeout) {
    this.shutdownTimeout = shutdownTimeout;
  }

  public Duration getRequestTimeout() {
    return requestTimeout;
  }

  public void setRequestTimeout(Duration requestTimeout) {
    this.requestTimeout = requestTimeout;
  }

  public Integer getMaxFieldChars() {
    return maxFieldChars;
  }

  public void setMaxFieldChars(Integer maxFieldChars) {
    this.maxFieldChars = maxFieldChars;
  }

  public Integer getMaxBufferedSpans() {
    return maxBufferedSpans;
  }

  public void setMaxBufferedSpans(Integer maxBufferedSpans) {
    this.maxBufferedSpans = maxBufferedSpans;
  }

  public Retry getRetry() {
    return retry;
  }

  public Health getHealth() {
    return health;
  }

  public Reactor getReactor() {
    return reactor;
  }

  public Server getServer() {
    return server;
  }

  public Client getClient() {
    return client;
  }

  /**
   * Requests the servlet and WebFlux servers leave untraced: no span, no header read.
   *
   * @since 0.1.0
   */
  public static class Server {
    /**
     * Paths to leave untraced (GALILEO_SERVER_EXCLUDE): exact paths (/ping) or prefix globs
     * (/internal/**), matched against the path within the application.
     */
    private List<String> exclude;

    /**
     * Whether Actuator's endpoints (management.endpoints.web.base-path, and every request on a
     * separate management.server.port) and the probe paths /health, /healthz, /livez, /readyz and
     * /ready are left untraced (GALILEO_SERVER_EXCLUDE_DEFAULTS). True when unset.
     */
    private Boolean excludeDefaults;

    /** Called by Spring. */
    public Server() {}

    public List<String> getExclude() {
      return exclude;
    }

    public void setExclude(List<String> exclude) {
      this.exclude = exclude;
    }

    public Boolean getExcludeDefaults() {
      return excludeDefaults;
    }

    public void setExcludeDefaults(Boolean excludeDefaults) {
      this.excludeDefaults = excludeDefaults;
    }
  }

  /**
   * Hosts the RestClient, RestTemplate and WebClient calls send tracing headers to. A host matching
   * no-propagate-hosts gets none; else, when propagate-hosts is set, only a host matching it does.
   *
   * @since 0.1.0
   */
  public static class Client {
    /**
     * The only hosts that get tracing headers (GALILEO_PROPAGATE_HOSTS), such as *.internal,
     * localhost, 127.0.0.1; * stands for any characters. Every host when unset.
     */
    private List<String> propagateHosts;

    /**
     * Hosts that never get tracing headers (GALILEO_NO_PROPAGATE_HOSTS); by default well-known
     * model providers' API hosts (api.openai.com, api.anthropic.com, ...); none for none.
     */
    private List<String> noPropagateHosts;

    /** Called by Spring. */
    public Client() {}

    public List<String> getPropagateHosts() {
      return propagateHosts;
    }

    public void setPropagateHosts(List<String> propagateHosts) {
      this.propagateHosts = propagateHosts;
    }

    public List<String> getNoPropagateHosts() {
      return noPropagateHosts;
    }

    public void setNoPropagateHosts(List<String> noPropagateHosts) {
      this.noPropagateHosts = noPropagateHosts;
    }
  }

  /**
   * How Galileo's context is carried through Reactor.
   *
   * @since 0.1.0
   */
  public static class Reactor {
    /**
     * Whether to turn on Reactor's automatic context propagation
     * (Hooks.enableAutomaticContextPropagation(), for the whole JVM). With false, Context.current()
     * inside operators after publishOn/subscribeOn is no longer the request's unless the
     * application turns it on itself (spring.reactor.context-propagation=auto) or uses
     * contextCapture(); WebClient calls still carry the trace of their subscription.
     */
    private boolean automaticContextPropagation = true;

    /** Called by Spring. */
    public Reactor() {}

    public boolean isAutomaticContextPropagation() {
      return automaticContextPropagation;
    }

    public void setAutomaticContextPropagation(boolean automaticContextPropagation) {
      this.automaticContextPropagation = automaticContextPropagation;
    }
  }

  /**
   * The {@code galileo} health indicator of Actuator.
   *
   * @since 0.1.0
   */
  public static class Health {
    /**
     * Whether the indicator is DOWN when the tracing backend does not answer. Off by default: a
     * tracing outage must not make Kubernetes or a load balancer restart or drain the application;
     * the indicator stays UP with reachable=false and the error in its details.
     */
    private boolean downWhenUnreachable;

    /** Called by Spring. */
    public Health() {}

    public boolean isDownWhenUnreachable() {
      return downWhenUnreachable;
    }

    public void setDownWhenUnreachable(boolean downWhenUnreachable) {
      this.downWhenUnreachable = downWhenUnreachable;
    }
  }
}
