package ai.galileo.tracing.conformance;

/** What a test server answered: the status and the body. */
record Reply(int status, String body) {}
