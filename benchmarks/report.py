#!/usr/bin/env python3
"""Pools JMH JSON results of several runs and writes benchmarks/RESULTS.md.

Usage: report.py OUT.md SETTINGS RUNS RESULT1.json [RESULT2.json ...]

Every number is the median of the measurement iterations of all runs pooled; the error is half
the spread (max - min) of those iterations. Ratios are ours over the peer's, from the medians.
"""
import datetime
import glob
import json
import os
import platform
import statistics
import subprocess
import sys

PKG = "ai.galileo.tracing.benchmarks."


def load(paths):
    """benchmark name (Class.method) -> {metric: [iteration values pooled over runs]}"""
    pooled = {}
    meta = {}
    for path in paths:
        with open(path) as f:
            for b in json.load(f):
                name = b["benchmark"][len(PKG):] if b["benchmark"].startswith(PKG) else b["benchmark"]
                metrics = pooled.setdefault(name, {})
                prim = b["primaryMetric"]
                metrics.setdefault("score", []).extend(v for fork in prim["rawData"] for v in fork)
                metrics["unit"] = prim["scoreUnit"]
                for key, m in b.get("secondaryMetrics", {}).items():
                    metrics.setdefault(key, []).extend(v for fork in m["rawData"] for v in fork)
                meta = {"jdk": b.get("jdkVersion"), "vm": b.get("vmName"), "vmVersion": b.get("vmVersion"),
                        "jmh": b.get("jmhVersion")}
    return pooled, meta


class Stat:
    def __init__(self, values, unit=""):
        self.values = values or []
        self.unit = unit

    @property
    def ok(self):
        return bool(self.values)

    @property
    def median(self):
        return statistics.median(self.values) if self.values else float("nan")

    @property
    def error(self):
        return (max(self.values) - min(self.values)) / 2 if self.values else float("nan")


def stat(pooled, name, metric="score"):
    m = pooled.get(name)
    if not m or metric not in m:
        return Stat([])
    return Stat(m[metric], m.get("unit", "") if metric == "score" else "")


def fmt(x, digits=None):
    if x != x:  # NaN
        return "n/a"
    if digits is None:
        digits = 0 if abs(x) >= 100 else (1 if abs(x) >= 10 else 2)
    return f"{x:,.{digits}f}"


def signed(x, digits=None):
    text = fmt(x, digits)
    return text if text == "n/a" or text.startswith("-") else "+" + text


def cell(s):
    return f"{fmt(s.median)} ± {fmt(s.error)}" if s.ok else "n/a"


def ratio(a, b):
    if not a.ok or not b.ok or b.median == 0:
        return float("nan")
    return a.median / b.median


def alloc(pooled, name):
    s = stat(pooled, name, "gc.alloc.rate.norm")
    return fmt(s.median, 0) if s.ok else "n/a"


def cpu_model():
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def cores():
    try:
        return subprocess.check_output(["nproc"], text=True).strip()
    except (OSError, subprocess.CalledProcessError):
        return "?"


# operation label, benchmark prefix, our implementation, unit note
OPERATIONS = [
    ("1. Span start+end, bare (a new root)", "SpanBenchmarks.bare", "galileo"),
    ("1. Span start+end, 3 attributes (batch mode)", "SpanBenchmarks.attrs3", "galileo"),
    ("1. Span start+end, 3 attributes (distributed mode)", "SpanBenchmarks.attrs3", "galileoDistributed"),
    ("1. Span start+end, child of the current span", "SpanBenchmarks.child", "galileo"),
    ("1. Child of a remote parent, made current, 3 attributes", "SpanBenchmarks.remoteChild", "galileo"),
    ("1. Child of a remote parent, made current, 3 attributes (distributed mode)", "SpanBenchmarks.remoteChild",
     "galileoDistributed"),
    ("1. The api alone, no implementation installed, 3 attributes", "SpanBenchmarks.noopApi", "galileo"),
    ("2. Make a context current and close the scope", "ContextBenchmarks.makeCurrent", "galileo"),
    ("3. Inject into a map (ours: Galileo headers)", "PropagationBenchmarks.inject", "galileo"),
    ("3. Inject into a map (ours: W3C)", "PropagationBenchmarks.inject", "galileoW3C"),
    ("3. Extract from a map (ours: Galileo headers)", "PropagationBenchmarks.extract", "galileo"),
    ("3. Extract from a map (ours: W3C)", "PropagationBenchmarks.extract", "galileoW3C"),
    ("3. Inject + extract (ours: Galileo headers)", "PropagationBenchmarks.roundTrip", "galileo"),
    ("3. Inject + extract (ours: W3C)", "PropagationBenchmarks.roundTrip", "galileoW3C"),
    ("4. Serialize 512 finished spans, per span (ours: Galileo JSON; OTel: OTLP/JSON)",
     "SerializationBenchmarks.serialize512", "galileo"),
    ("4. Serialize 512 finished spans to OTLP protobuf, per span (ours: galileo-exporter-otlp; OTel: its OTLP exporter's marshaler)",
     "SerializationBenchmarks.otlpProtobuf512", "galileo"),
    ("4. Serialize 512 finished spans to OTLP/JSON, per span (ours: galileo-exporter-otlp; OTel: its OTLP exporter's marshaler)",
     "SerializationBenchmarks.otlpJson512", "galileo"),
    ("4. Encode 100 RAG traces (500 spans) to OTLP protobuf, per span (ours: the otlp exporter's direct encoder; OTel: TraceRequestMarshaler, same attributes)",
     "OtlpEncodingBenchmarks.otlpProtobuf500", "galileo"),
    ("4. The same 500 spans to OTLP/JSON, per span (ours: transcoded from the protobuf)",
     "OtlpEncodingBenchmarks.otlpJson500", "galileo"),
    ("5. Pipeline producer, 1 thread, per span", "PipelineBenchmarks.producers1", "galileo"),
    ("5. Pipeline producer, 2 threads, per span", "PipelineBenchmarks.producers2", "galileo"),
    ("5. Pipeline producer, 1 thread, sink stalled, per span", "PipelineBenchmarks.stalled1", "galileo"),
    ("6. HTTP GET on loopback (us)", "HttpBenchmarks.call", "galileo"),
    ("6. HTTP GET on loopback, ours with Galileo's headers only (us)", "HttpBenchmarks.call", "galileoHeadersOnly"),
    ("6. HTTP GET on loopback, ours in distributed mode (us)", "HttpBenchmarks.call", "galileoDistributed"),
    ("7. LangChain4j chat call with the listener, stubbed model (OTel: OpenInference-shaped listener)",
     "LangChain4jBenchmarks.chat", "galileo"),
    ("7. LangChain4j AI Service tool execution, the listener alone (no peer)",
     "LangChain4jBenchmarks.toolCall", "galileoListener"),
    ("7. LangChain4j AI Service tool execution, the tool-span hook and the listener (no peer)",
     "LangChain4jBenchmarks.toolCall", "galileoHook"),
    ("4. Galileo JSON, an LLM span as today, per span (no peer)",
     "AgentSerializationBenchmarks.llmSpan", "today"),
    ("4. Galileo JSON, the same LLM span with 10 tools offered and a reasoning block, per span (no peer)",
     "AgentSerializationBenchmarks.llmSpan", "toolsAndReasoning"),
    ("8. OpenAI SDK chat completion, wrapped by galileo-openai, stubbed transport (no peer)",
     "OpenAiBenchmarks.chat", "galileo"),
    ("9. An OTel span under a Galileo span, exported to Galileo (galileo-opentelemetry; OTel: under an OTel span, OTel alone)",
     "OpenTelemetryBridgeBenchmarks.otelChild", "galileo"),
    ("9. A Galileo span under an OTel span, scope included (galileo-opentelemetry; no peer)",
     "OpenTelemetryBridgeBenchmarks.galileoChild", "galileo"),
    ("12. @Traced method through the Spring aspect (no peer; hand-written span and the bare proxy below)",
     "AnnotationBenchmarks.tracedCall", "springAspect"),
    ("12. @Traced method through galileo-cdi's interceptor on Weld SE (no peer)",
     "AnnotationBenchmarks.tracedCall", "cdiInterceptor"),
    ("12. @Traced: the engine's TracedMethod called directly, as the interceptors call it (no peer)",
     "AnnotationBenchmarks.tracedCall", "engine"),
    ("13. Redaction, mask mode, all built-ins: a span with a 2 kB input, nothing to mask (no peer)",
     "RedactionBenchmarks.maskSpan2kBNoMatch", ""),
    ("13. Redaction, mask mode, all built-ins: the same span with four things to mask (no peer)",
     "RedactionBenchmarks.maskSpan2kBFewMatches", ""),
    ("11. Google ADK model call: the plugin's before and after callbacks with ADK's own objects (no peer)",
     "AdkBenchmarks.modelCall", "galileo"),
    ("11. Google ADK tool call: the plugin's before and after callbacks with ADK's own objects (no peer)",
     "AdkBenchmarks.toolCall", "galileo"),
    ("11. Google ADK turn on the in-memory Runner, one tool call and two model calls, with the plugin (no peer)",
     "AdkBenchmarks.turn", "galileo"),
]


def operations_table(pooled):
    rows = ["| operation | ours | OTel | Brave | ours/OTel | ours/Brave | B/op ours | B/op OTel | B/op Brave |",
            "|---|---|---|---|---|---|---|---|---|"]
    for label, prefix, ours in OPERATIONS:
        name = f"{prefix}_{ours}" if ours else prefix
        g = stat(pooled, name)
        o = stat(pooled, f"{prefix}_otel")
        b = stat(pooled, f"{prefix}_brave")
        unit = g.unit or o.unit
        rows.append("| {} [{}] | {} | {} | {} | {} | {} | {} | {} | {} |".format(
            label, unit, cell(g), cell(o), cell(b),
            fmt(ratio(g, o), 2), fmt(ratio(g, b), 2),
            alloc(pooled, name), alloc(pooled, f"{prefix}_otel"),
            alloc(pooled, f"{prefix}_brave")))
    u = stat(pooled, "HttpBenchmarks.call_untraced")
    rows.append("| 6. HTTP GET on loopback, untraced [us/op] | {} | | | | | {} | | |".format(
        cell(u), alloc(pooled, "HttpBenchmarks.call_untraced")))
    c = stat(pooled, "LangChain4jBenchmarks.chat_untraced")
    rows.append("| 7. LangChain4j chat call, no listener [ns/op] | {} | | | | | {} | | |".format(
        cell(c), alloc(pooled, "LangChain4jBenchmarks.chat_untraced")))
    a = stat(pooled, "OpenAiBenchmarks.chat_untraced")
    rows.append("| 8. OpenAI SDK chat completion, not wrapped [ns/op] | {} | | | | | {} | | |".format(
        cell(a), alloc(pooled, "OpenAiBenchmarks.chat_untraced")))
    b = stat(pooled, "OpenTelemetryBridgeBenchmarks.galileoChild_plain")
    rows.append("| 9. A Galileo span under a Galileo span, scope included, no bridge [ns/op] | {} | | | | | {} | | |".format(
        cell(b), alloc(pooled, "OpenTelemetryBridgeBenchmarks.galileoChild_plain")))
    for op, label in (("handWritten", "the same span written by hand"),
                      ("springProxyOnly", "Spring's proxy with an advice that only proceeds, no span"),
                      ("springResolvedAdvice", "the starter's advice with the method's handle resolved up front (no per-call look-up)"),
                      ("cdiProxyOnly", "Weld's interception with an interceptor that only proceeds, no span"),
                      ("untraced", "the plain method")):
        u = stat(pooled, f"AnnotationBenchmarks.tracedCall_{op}")
        rows.append("| 12. @Traced: {} [ns/op] | {} | | | | | {} | | |".format(
            label, cell(u), alloc(pooled, f"AnnotationBenchmarks.tracedCall_{op}")))
    rows.extend(arc_operation_rows(pooled))
    for op, label in (("modelCall", "model call, a plugin that does nothing"),
                      ("toolCall", "tool call, a plugin that does nothing"),
                      ("turn", "turn on the in-memory Runner, no plugin")):
        u = stat(pooled, f"AdkBenchmarks.{op}_untraced")
        rows.append("| 11. Google ADK {} [ns/op] | {} | | | | | {} | | |".format(
            label, cell(u), alloc(pooled, f"AdkBenchmarks.{op}_untraced")))
    return "\n".join(rows)


def drop_ratios(pooled, name):
    exported = stat(pooled, name, "exportedPerSecond").values
    offered = stat(pooled, name, "offeredPerSecond").values
    return Stat([max(0.0, 1 - e / o) * 100 for e, o in zip(exported, offered) if o > 0])


def pipeline_table(pooled):
    rows = ["| producers | library | exported spans/s | offered spans/s | dropped % | producer ns/span |",
            "|---|---|---|---|---|---|"]
    for label, prefix in (("1", "producers1"), ("2", "producers2"), ("1, sink stalled", "stalled1")):
        for lib in ("galileo", "otel"):
            name = f"PipelineBenchmarks.{prefix}_{lib}"
            e = stat(pooled, name, "exportedPerSecond")
            off = stat(pooled, name, "offeredPerSecond")
            rows.append("| {} | {} | {} | {} | {} | {} |".format(
                label, "ours" if lib == "galileo" else "OTel", cell(e), cell(off),
                fmt(drop_ratios(pooled, name).median, 1), cell(stat(pooled, name))))
    return "\n".join(rows)


def http_table(pooled):
    u = stat(pooled, "HttpBenchmarks.call_untraced")
    rows = ["| client and server | us per call | added us | added % |", "|---|---|---|---|",
            f"| untraced | {cell(u)} | | |"]
    for lib, label in (("untracedWithHeaders", "untraced, sending three constant headers of our headers' names and lengths"),
                       ("galileo", "ours (transport-http client with client spans; transport-jdkhttp filter)"),
                       ("galileoHeadersOnly", "ours, Galileo's two headers only (no traceparent/tracestate)"),
                       ("galileoDistributed", "ours in distributed mode (completion hold, X-Galileo-Span-ID)"),
                       ("otel", "OTel (library instrumentation of HttpClient 5; a server filter in the benchmark)")):
        s = stat(pooled, f"HttpBenchmarks.call_{lib}")
        added = s.median - u.median if s.ok and u.ok else float("nan")
        pct = 100 * added / u.median if s.ok and u.ok else float("nan")
        rows.append(f"| {label} | {cell(s)} | {signed(added)} | {signed(pct, 1)} |")
    return "\n".join(rows)


# Two-sided 95 % quantiles of Student's t, by degrees of freedom (beyond the table: 1.96).
T95 = {1: 12.71, 2: 4.30, 3: 3.18, 4: 2.78, 5: 2.57, 6: 2.45, 7: 2.36, 8: 2.31, 9: 2.26, 10: 2.23,
       11: 2.20, 12: 2.18, 13: 2.16, 14: 2.14, 15: 2.13, 16: 2.12, 17: 2.11, 18: 2.10, 19: 2.09,
       20: 2.09, 25: 2.06, 30: 2.04, 40: 2.02, 60: 2.00, 120: 1.98}


def t95(df):
    for k in sorted(T95):
        if df <= k:
            return T95[k]
    return 1.96


class Paired:
    """Per-iteration paired differences: their mean and the half-width of its 95 % interval."""

    def __init__(self, values):
        self.values = values

    @property
    def ok(self):
        return len(self.values) >= 2

    @property
    def mean(self):
        return statistics.fmean(self.values) if self.values else float("nan")

    @property
    def half(self):
        if not self.ok:
            return float("nan")
        return t95(len(self.values) - 1) * statistics.stdev(self.values) / len(self.values) ** 0.5

    @property
    def low(self):
        return self.mean - self.half

    @property
    def high(self):
        return self.mean + self.half


INTERLEAVED = "HttpBenchmarks.interleaved"
INTERLEAVED_JETTY = "HttpBenchmarks.interleavedJetty"


def interleaved_us(pooled, row, bench=INTERLEAVED):
    """Each iteration's mean call of one row of the interleaved benchmark, in us."""
    m = pooled.get(bench, {})
    nanos, rounds = m.get(row + "Nanos", []), m.get("rounds", [])
    return [n / r / 1000 for n, r in zip(nanos, rounds) if r]


def paired(pooled, row, base, bench=INTERLEAVED):
    a, b = interleaved_us(pooled, row, bench), interleaved_us(pooled, base, bench)
    return Paired([x - y for x, y in zip(a, b)])


def paired_cell(d):
    return f"{signed(d.mean)} ± {fmt(d.half)}" if d.ok else "n/a"


def interleaved_table(pooled, bench=INTERLEAVED, server="transport-jdkhttp filter"):
    u = interleaved_us(pooled, "untraced", bench)
    if not u:
        return "Not in this run."
    rows = ["| client and server | us per call (median of iterations) | added us, mean ± 95 % CI | added % |",
            "|---|---|---|---|",
            f"| untraced | {fmt(statistics.median(u)) if u else 'n/a'} | | |"]
    um = statistics.fmean(u) if u else float("nan")
    for row, label in (("untracedWithHeaders", "untraced, sending three constant headers of our headers' names and lengths"),
                       ("galileo", f"ours (transport-http client with client spans; {server})"),
                       ("galileoDistributed", "ours in distributed mode"),
                       ("otel", "OTel (library instrumentation of HttpClient 5; a server filter in the benchmark)")):
        v = interleaved_us(pooled, row, bench)
        d = paired(pooled, row, "untraced", bench)
        rows.append(f"| {label} | {fmt(statistics.median(v)) if v else 'n/a'} | {paired_cell(d)} | "
                    f"{signed(100 * d.mean / um, 1) if d.ok else 'n/a'} |")
    d = paired(pooled, "galileo", "otel", bench)
    rows.append(f"| ours' added minus OTel's added (ours minus OTel, call by call) | | {paired_cell(d)} | |")
    d = paired(pooled, "galileo", "untracedWithHeaders", bench)
    rows.append(f"| ours beyond our headers' bytes (ours minus the constant-headers row) | | {paired_cell(d)} | |")
    return "\n".join(rows)


def in_process_table(pooled):
    u = stat(pooled, "HttpInstrumentationBenchmarks.inProcess_untraced")
    rows = ["| client and server | ns per call | added ns | B/op |", "|---|---|---|---|",
            f"| untraced | {cell(u)} | | {alloc(pooled, 'HttpInstrumentationBenchmarks.inProcess_untraced')} |"]
    for lib, label in (("galileo", "ours (client spans, default propagators)"),
                       ("galileoDistributed", "ours in distributed mode"),
                       ("otel", "OTel (library instrumentation of HttpClient 5; the benchmark's server filter)")):
        name = f"HttpInstrumentationBenchmarks.inProcess_{lib}"
        s = stat(pooled, name)
        added = s.median - u.median if s.ok and u.ok else float("nan")
        rows.append(f"| {label} | {cell(s)} | {signed(added)} | {alloc(pooled, name)} |")
    return "\n".join(rows)


def yes(ok):
    return "yes" if ok else "no"


def targets_table(pooled):
    rows = ["| operation | ours | peer | ratio | target | met |", "|---|---|---|---|---|---|"]

    def time_row(label, ours_name, peer_name, peer_label, limit, unit="ns"):
        g, p = stat(pooled, ours_name), stat(pooled, peer_name)
        r = ratio(g, p)
        rows.append(f"| {label} | {fmt(g.median)} {unit} | {peer_label} {fmt(p.median)} {unit} | "
                    f"{fmt(r, 2)} | <= {limit} x | {yes(r == r and r <= limit)} |")

    def alloc_row(label, ours_name, limit, peer_name=None, peer_label=""):
        g = stat(pooled, ours_name, "gc.alloc.rate.norm")
        peer = ""
        if peer_name:
            p = stat(pooled, peer_name, "gc.alloc.rate.norm")
            peer = f"{peer_label} {fmt(p.median, 0)} B"
        rows.append(f"| {label} | {fmt(g.median, 0)} B | {peer} | | <= {limit} B | "
                    f"{yes(g.ok and g.median <= limit + 0.5)} |")

    time_row("Span start+end, 3 attributes, into our export queue, vs OTel",
             "SpanBenchmarks.attrs3_galileo", "SpanBenchmarks.attrs3_otel", "OTel", 0.6)
    time_row("Span start+end, 3 attributes, into our export queue, vs Brave",
             "SpanBenchmarks.attrs3_galileo", "SpanBenchmarks.attrs3_brave", "Brave", 0.75)
    alloc_row("Span start+end, 3 attributes, allocation", "SpanBenchmarks.attrs3_galileo", 400,
              "SpanBenchmarks.attrs3_otel", "OTel")
    time_row("Span start+end, 3 attributes, distributed mode vs batch mode (same run)",
             "SpanBenchmarks.attrs3_galileoDistributed", "SpanBenchmarks.attrs3_galileo", "batch", 1.1)
    time_row("Span start+end, 3 attributes, distributed mode vs OTel",
             "SpanBenchmarks.attrs3_galileoDistributed", "SpanBenchmarks.attrs3_otel", "OTel", 1.0)
    time_row("Child of a remote parent, made current, 3 attributes",
             "SpanBenchmarks.remoteChild_galileo", "SpanBenchmarks.remoteChild_otel", "OTel", 0.6)
    time_row("Galileo headers inject vs OTel W3C inject",
             "PropagationBenchmarks.inject_galileo", "PropagationBenchmarks.inject_otel", "OTel", 1.0)
    alloc_row("Galileo headers inject, allocation in steady state",
              "PropagationBenchmarks.inject_galileo", 0, "PropagationBenchmarks.inject_otel", "OTel")
    time_row("Galileo headers extract vs Brave B3 extract",
             "PropagationBenchmarks.extract_galileo", "PropagationBenchmarks.extract_brave", "Brave", 1.0)
    time_row("Our W3C propagator, inject + extract, vs OTel's",
             "PropagationBenchmarks.roundTrip_galileoW3C", "PropagationBenchmarks.roundTrip_otel", "OTel", 1.25)
    time_row("The api with no core installed vs OTel's no-op",
             "SpanBenchmarks.noopApi_galileo", "SpanBenchmarks.noopApi_otel", "OTel", 1.0)
    alloc_row("The api with no core installed, allocation", "SpanBenchmarks.noopApi_galileo", 0,
              "SpanBenchmarks.noopApi_otel", "OTel")

    g = stat(pooled, "SerializationBenchmarks.serialize512_galileo")
    rate = 1e9 / g.median if g.ok else float("nan")
    rows.append(f"| Serialization to Galileo JSON, spans per second on one core | {fmt(rate / 1000, 0)} k/s "
                f"({fmt(g.median)} ns/span) | | | >= 750 k/s | {yes(rate == rate and rate >= 750_000)} |")
    time_row("Serialization per span, Galileo JSON vs OTel OTLP/JSON",
             "SerializationBenchmarks.serialize512_galileo", "SerializationBenchmarks.serialize512_otel",
             "OTel", 0.45)
    alloc_row("Serialization, allocation per span", "SerializationBenchmarks.serialize512_galileo", 64,
              "SerializationBenchmarks.serialize512_otel", "OTel")

    time_row("otlp exporter: OTLP protobuf encoding per span (RAG traces) vs OTel's TraceRequestMarshaler",
             "OtlpEncodingBenchmarks.otlpProtobuf500_galileo", "OtlpEncodingBenchmarks.otlpProtobuf500_otel",
             "OTel", 1.2)
    alloc_row("otlp exporter: OTLP protobuf encoding, allocation per span",
              "OtlpEncodingBenchmarks.otlpProtobuf500_galileo", 600,
              "OtlpEncodingBenchmarks.otlpProtobuf500_otel", "OTel")

    for threads in ("1", "2"):
        g = stat(pooled, f"PipelineBenchmarks.producers{threads}_galileo", "exportedPerSecond")
        o = stat(pooled, f"PipelineBenchmarks.producers{threads}_otel", "exportedPerSecond")
        r = ratio(g, o)
        rows.append(f"| Pipeline, {threads} producer(s): exported spans per second | {fmt(g.median / 1000, 0)} k/s | "
                    f"OTel {fmt(o.median / 1000, 0)} k/s | {fmt(r, 2)} | >= 1.5 x | {yes(r == r and r >= 1.5)} |")
    for threads in ("1", "2"):
        g = drop_ratios(pooled, f"PipelineBenchmarks.producers{threads}_galileo")
        o = drop_ratios(pooled, f"PipelineBenchmarks.producers{threads}_otel")
        rows.append(f"| Pipeline, {threads} producer(s): share of spans dropped | {fmt(g.median, 1)} % | "
                    f"OTel {fmt(o.median, 1)} % | | no worse than OTel | "
                    f"{yes(g.ok and o.ok and g.median <= o.median + 0.5)} |")
    g = stat(pooled, "PipelineBenchmarks.stalled1_galileo")
    n = stat(pooled, "PipelineBenchmarks.producers1_galileo")
    r = ratio(g, n)
    rows.append(f"| Pipeline, producer cost per span while the sink stalls (vs not stalled) | "
                f"{fmt(g.median)} ns | ours unstalled {fmt(n.median)} ns | {fmt(r, 2)} | <= 1.1 x (no slower) | "
                f"{yes(r == r and r <= 1.1)} |")

    u = stat(pooled, "HttpBenchmarks.call_untraced")
    g = stat(pooled, "HttpBenchmarks.call_galileo")
    o = stat(pooled, "HttpBenchmarks.call_otel")
    pct = 100 * (g.median - u.median) / u.median if g.ok and u.ok else float("nan")
    opct = 100 * (o.median - u.median) / u.median if o.ok and u.ok else float("nan")
    rows.append(f"| Loopback HTTP call: what tracing adds to the untraced call | {signed(g.median - u.median)} us "
                f"({signed(pct, 1)} %) | OTel {signed(o.median - u.median)} us ({signed(opct, 1)} %) | | <= 5 % | "
                f"{yes(pct == pct and pct <= 5)} |")
    c = stat(pooled, "LangChain4jBenchmarks.chat_untraced")
    g7 = stat(pooled, "LangChain4jBenchmarks.chat_galileo")
    o7 = stat(pooled, "LangChain4jBenchmarks.chat_otel")
    added = g7.median - c.median if g7.ok and c.ok else float("nan")
    oadded = o7.median - c.median if o7.ok and c.ok else float("nan")
    r7 = added / oadded if oadded == oadded and oadded > 0 else float("nan")
    rows.append(f"| LangChain4j chat call: what the listener adds, ours vs OpenInference-shaped OTel listener | "
                f"{signed(added)} ns | OTel {signed(oadded)} ns | {fmt(r7, 2)} | <= 0.5 x | {yes(r7 == r7 and r7 <= 0.5)} |")
    listener = stat(pooled, "LangChain4jBenchmarks.toolCall_galileoListener")
    hook = stat(pooled, "LangChain4jBenchmarks.toolCall_galileoHook")
    hook_added = hook.median - listener.median if hook.ok and listener.ok else float("nan")
    rows.append(f"| LangChain4j tool execution: what the tool-span hook adds over the listener alone | "
                f"{signed(hook_added)} ns | listener alone {fmt(listener.median)} ns | | <= 300 ns | "
                f"{yes(hook_added == hook_added and hook_added <= 300)} |")
    mu = stat(pooled, "McpBenchmarks.toolCall_untraced")
    mg = stat(pooled, "McpBenchmarks.toolCall_galileo")
    mpct = 100 * (mg.median - mu.median) / mu.median if mg.ok and mu.ok else float("nan")
    rows.append(f"| MCP tools/call over stdio (official Java SDK, tool server in a child JVM): what tracing adds, "
                f"both sides traced | {signed(mg.median - mu.median)} us ({signed(mpct, 1)} %) | untraced "
                f"{fmt(mu.median)} us | | <= 5 % | {yes(mpct == mpct and mpct <= 5)} |")
    for op, what in (("modelCall", "model call"), ("toolCall", "tool call")):
        au = stat(pooled, f"AdkBenchmarks.{op}_untraced")
        ag = stat(pooled, f"AdkBenchmarks.{op}_galileo")
        a_added = ag.median - au.median if ag.ok and au.ok else float("nan")
        rows.append(f"| Google ADK {what}: what galileo-adk's plugin adds (its callbacks against a plugin that "
                    f"does nothing) | {signed(a_added)} ns | without {fmt(au.median)} ns | | < 2000 ns | "
                    f"{yes(a_added == a_added and a_added < 2000)} |")
    tu = stat(pooled, "AdkBenchmarks.turn_untraced")
    tg = stat(pooled, "AdkBenchmarks.turn_galileo")
    t_added = tg.median - tu.median if tg.ok and tu.ok else float("nan")
    rows.append(f"| Google ADK turn (one tool call, two model calls, one agent): what the plugin adds to the "
                f"whole turn | {signed(t_added)} ns | without {fmt(tu.median)} ns | | measured and stated | "
                f"{'stated' if t_added == t_added else 'no data'} |")
    today = stat(pooled, "AgentSerializationBenchmarks.llmSpan_today", "gc.alloc.rate.norm")
    agent = stat(pooled, "AgentSerializationBenchmarks.llmSpan_toolsAndReasoning", "gc.alloc.rate.norm")
    extra = agent.median - today.median if agent.ok and today.ok else float("nan")
    rows.append(f"| Galileo JSON, LLM span with 10 tools and a reasoning block: allocation per span beyond today's | "
                f"{signed(extra, 1)} B | today's span {fmt(today.median, 1)} B | | <= 0 B (within 1 B of noise) | "
                f"{yes(extra == extra and extra <= 1.0)} |")
    hw = stat(pooled, "AnnotationBenchmarks.tracedCall_handWritten")
    po = stat(pooled, "AnnotationBenchmarks.tracedCall_springProxyOnly")
    wo = stat(pooled, "AnnotationBenchmarks.tracedCall_cdiProxyOnly")
    un = stat(pooled, "AnnotationBenchmarks.tracedCall_untraced")
    for name, what in (("springAspect", "the Spring aspect (the starter's advisor on a CGLIB proxy)"),
                       ("cdiInterceptor", "galileo-cdi's interceptor on a Weld SE bean")):
        t = stat(pooled, f"AnnotationBenchmarks.tracedCall_{name}")
        added = t.median - hw.median if t.ok and hw.ok else float("nan")
        note = ""
        if name == "springAspect" and po.ok and un.ok:
            note = f"; Spring's bare proxy alone adds {signed(po.median - un.median)} ns"
        if name == "cdiInterceptor" and wo.ok and un.ok:
            note = f"; Weld's pass-through interceptor alone adds {signed(wo.median - un.median)} ns"
        rows.append(f"| @Traced through {what}: what it adds over the same span written by hand | "
                    f"{signed(added)} ns | hand-written {fmt(hw.median)} ns{note} | | <= 50 ns | "
                    f"{yes(added == added and added <= 50)} |")
    rows.extend(arc_target_rows(pooled))
    r = stat(pooled, "RedactionBenchmarks.maskSpan2kBNoMatch")
    rows.append(f"| Redaction, mask mode, all built-ins, a span with a 2 kB input and nothing to mask | "
                f"{fmt(r.median)} ns | | | <= 2000 ns | {yes(r.ok and r.median <= 2000)} |")
    gi = paired(pooled, "galileo", "untraced")
    oi = paired(pooled, "otel", "untraced")
    go = paired(pooled, "galileo", "otel")
    shown = "no data" if not go.ok else "yes" if go.high <= 0 else "no" if go.low > 0 else "not shown"
    rows.append(f"| Loopback HTTP call, interleaved in one fork: what tracing adds, ours against OTel's "
                f"(call by call; mean ± 95 % CI) | {paired_cell(gi)} us | OTel {paired_cell(oi)} us | "
                f"ours - OTel {paired_cell(go)} us | <= OTel's (the interval at or below 0) | {shown} |")
    jg = paired(pooled, "galileo", "untraced", INTERLEAVED_JETTY)
    jo = paired(pooled, "otel", "untraced", INTERLEAVED_JETTY)
    jgo = paired(pooled, "galileo", "otel", INTERLEAVED_JETTY)
    if jgo.ok:
        jshown = "yes" if jgo.high <= 0 else "no" if jgo.low > 0 else "not shown"
        rows.append(f"| The same with Jetty 12 as the server (transport-servlet's filter; interleavedJetty) | "
                    f"{paired_cell(jg)} us | OTel {paired_cell(jo)} us | ours - OTel {paired_cell(jgo)} us | "
                    f"<= OTel's (the interval at or below 0) | {jshown} |")
    iu = stat(pooled, "HttpInstrumentationBenchmarks.inProcess_untraced")
    ig = stat(pooled, "HttpInstrumentationBenchmarks.inProcess_galileo")
    io = stat(pooled, "HttpInstrumentationBenchmarks.inProcess_otel")
    ga = ig.median - iu.median if ig.ok and iu.ok else float("nan")
    oa = io.median - iu.median if io.ok and iu.ok else float("nan")
    r = ga / oa if ga == ga and oa == oa and oa > 0 else float("nan")
    rows.append(f"| HTTP instrumentation's own cost per call, in process (client + server + propagation, "
                f"no network) | {signed(ga)} ns | OTel {signed(oa)} ns | {fmt(r, 2)} | <= 1.0 x | "
                f"{yes(r == r and r <= 1.0)} |")
    d = stat(pooled, "HttpBenchmarks.call_galileoDistributed")
    dpct = 100 * (d.median - u.median) / u.median if d.ok and u.ok else float("nan")
    over_batch = d.median - g.median if d.ok and g.ok else float("nan")
    rows.append(f"| Loopback HTTP call in distributed mode: what tracing adds to the untraced call | "
                f"{signed(d.median - u.median)} us ({signed(dpct, 1)} %) | batch mode {signed(g.median - u.median)} us | | "
                f"measured and stated: {signed(over_batch)} us over batch mode | {'stated' if dpct == dpct else 'no data'} |")
    return "\n".join(rows)


# ArcAnnotationBenchmarks (benchmarks/quarkus/run): @Traced on Quarkus' ArC, run from the Quarkus
# application's own jar, so its JSON is written apart (arc-N.json beside the run-N.json files) and
# read here whenever it is there, like load.md. Its rows sit beside the Weld rows.
ARC = "arc.ArcAnnotationBenchmarks.tracedCall_"


def arc_results(paths):
    """The arc-N.json files beside the given results, and the settings they were run with."""
    folder = os.path.dirname(os.path.abspath(paths[0])) if paths else None
    if not folder:
        return [], None
    found = sorted(p for p in glob.glob(os.path.join(folder, "arc-*.json")) if p not in paths)
    settings_file = os.path.join(folder, "arc-settings")
    settings = open(settings_file).read().strip() if os.path.exists(settings_file) else "?"
    return found, settings


def arc_operation_rows(pooled):
    if not stat(pooled, ARC + "handWritten").ok:
        return []
    rows = []
    for op, label in (("arcInterceptor", "galileo-cdi's interceptor on a @Dependent Quarkus ArC bean"),
                      ("handWritten", "the same span written by hand, in the Quarkus application"),
                      ("arcProxyOnly", "ArC's interception with an interceptor that only proceeds, no span (@Dependent)"),
                      ("untraced", "the plain method, in the Quarkus application"),
                      ("arcInterceptorScoped", "galileo-cdi's interceptor on an @ApplicationScoped ArC bean (client proxy)"),
                      ("handWrittenScoped", "the same span written by hand around a call to an @ApplicationScoped bean"),
                      ("arcProxyOnlyScoped", "ArC's client proxy and an interceptor that only proceeds, no span"),
                      ("untracedScoped", "a call to an @ApplicationScoped bean with no interceptor (client proxy)")):
        u = stat(pooled, ARC + op)
        rows.append("| 12. @Traced on ArC: {} [ns/op] | {} | | | | | {} | | |".format(
            label, cell(u), alloc(pooled, ARC + op)))
    return rows


def arc_target_rows(pooled):
    rows = []
    for suffix, what, beyond in (("", "a @Dependent Quarkus ArC bean", ""),
                                 ("Scoped", "an @ApplicationScoped Quarkus ArC bean (both through its client proxy)",
                                  " beyond the client proxy")):
        t = stat(pooled, ARC + "arcInterceptor" + suffix)
        hw = stat(pooled, ARC + "handWritten" + suffix)
        po = stat(pooled, ARC + "arcProxyOnly" + suffix)
        un = stat(pooled, ARC + "untraced" + suffix)
        if not t.ok and not hw.ok:
            continue
        added = t.median - hw.median if t.ok and hw.ok else float("nan")
        note = f"; ArC's pass-through interceptor alone adds {signed(po.median - un.median)} ns{beyond}" \
            if po.ok and un.ok else ""
        rows.append(f"| @Traced through galileo-cdi's interceptor on {what}: what it adds over the same span "
                    f"written by hand | {signed(added)} ns | hand-written {fmt(hw.median)} ns{note} | | <= 50 ns | "
                    f"{yes(added == added and added <= 50)} |")
    return rows


def main():
    out, settings, runs, paths = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4:]
    pooled, meta = load(paths)
    arc_paths, arc_settings = arc_results(paths)
    if arc_paths:
        pooled.update(load(arc_paths)[0])
    now = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    arc_note = ""
    if arc_paths:
        arc_when = datetime.datetime.fromtimestamp(max(os.path.getmtime(p) for p in arc_paths),
                                                   datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
        arc_note = (f"\n- The rows \"on ArC\" are benchmarks/quarkus/run's (a Quarkus application's jar): "
                    f"`{arc_settings}`, {len(arc_paths)} runs pooled, {arc_when}")
    text = f"""# Benchmark results

Written by `benchmarks/run`; do not edit by hand. See README.md for how to read it.

- Date: {now}
- JDK: {meta.get('jdk')} ({meta.get('vm')} {meta.get('vmVersion')}), JMH {meta.get('jmh')}
- CPU: {cpu_model()}, {cores()} cores
- Settings: `{settings}`, {runs} runs pooled
- Every figure is the median of all measurement iterations of the runs pooled, ± half their
  spread (max - min). Ratios are ours over the peer's medians. B/op is JMH's gc.alloc.rate.norm.{arc_note}

## Targets

{targets_table(pooled)}

## Every operation

{operations_table(pooled)}

## Pipeline (operation 5)

{pipeline_table(pooled)}

## Loopback HTTP call (operation 6)

{http_table(pooled)}

### Interleaved in one fork: every row called in turn, each iteration's differences paired

{interleaved_table(pooled)}

### The same, interleaved, with Jetty 12 as every row's server (HttpBenchmarks.interleavedJetty)

A production server reads a request's head from a buffer; the JDK's `HttpServer` reads it a byte
at a time, which is what our two extra headers cost above.

{interleaved_table(pooled, INTERLEAVED_JETTY, "transport-servlet filter")}

### In process: the instrumentation's own cost, no network (HttpInstrumentationBenchmarks)

{in_process_table(pooled)}
"""
    # benchmarks/load's section (end-to-end export) and benchmarks/console-sustained's, written beside
    # the JMH results when they have run.
    for section in ("load.md", "console-sustained.md"):
        md = os.path.join(os.path.dirname(os.path.abspath(paths[0])), section) if paths else None
        if md and os.path.exists(md):
            with open(md) as f:
                text += "\n" + f.read()
    notes = os.path.join(os.path.dirname(os.path.abspath(out)), "NOTES.md")
    if os.path.exists(notes):
        with open(notes) as f:
            text += "\n" + f.read()
    with open(out, "w") as f:
        f.write(text)


if __name__ == "__main__":
    main()
