// The build must have failed in dependencyConvergence, on jackson-core: the SDK's version (nearest)
// against LangChain4j's. Any other failure (a missing artifact, a typo) is not the proof wanted.
String log = new File(basedir, 'build.log').text
String core = 'Dependency convergence error for com.fasterxml.jackson.core:jackson-core:jar:' + sdkJacksonVersion
assert log.contains(core) : "no convergence error for jackson-core ${sdkJacksonVersion} in build.log"
assert log.contains('+-com.fasterxml.jackson.core:jackson-core:jar:' + langchain4jJacksonVersion) :
    "LangChain4j's jackson-core ${langchain4jJacksonVersion} is not named in build.log"
return true
