'use strict';
// What Galileo's agent views read from a span, for the span view: the tools an LLM was offered,
// its reasoning and the other events of the call (built-in tools, MCP), its finish reason, and the
// tool call ids that tie an assistant's tool call to the TOOL span that ran it. Everything here
// comes from the trace, untrusted: it only ever becomes text.
(function () {
  const { el } = window.GC;

  function isObject(v) { return v !== null && typeof v === 'object' && !Array.isArray(v); }
  function str(v) { return typeof v === 'string' ? v : null; }

  function pre(value, cls) {
    return el('pre', { class: cls || 'text', text: value });
  }

  /** JSON as text; a string that holds JSON is shown parsed, any other string as it is. */
  function jsonBlock(value) {
    if (typeof value === 'string') {
      const parsed = parseJson(value);
      return parsed === undefined ? pre(value) : pre(JSON.stringify(parsed, null, 2), 'json');
    }
    return pre(JSON.stringify(value, null, 2), 'json');
  }

  function parseJson(s) {
    try { return JSON.parse(s); } catch (e) { return undefined; }
  }

  function chip(text, cls, title) {
    return el('span', { class: 'chip' + (cls ? ' ' + cls : ''), text, title });
  }

  // --- finish reason and agent type

  const FINISH_KINDS = {
    stop: 'ok', end_turn: 'ok', stop_sequence: 'ok', completed: 'ok',
    tool_calls: 'tool', function_call: 'tool', tool_use: 'tool', tool_execution: 'tool',
    length: 'warn', max_tokens: 'warn', content_filter: 'warn', incomplete: 'warn', refusal: 'warn',
  };

  /** The finish reason as a chip coloured by what it means; unknown reasons as they are. */
  function finishReason(reason) {
    const kind = FINISH_KINDS[String(reason).toLowerCase()] || 'other';
    return chip(String(reason), 'finish finish-' + kind);
  }

  function agentType(type) {
    return chip(String(type), 'agent-type');
  }

  // --- tool calls and the TOOL spans that ran them

  /**
   * Tool call ids across the trace: the TOOL span that ran each, and the LLM span whose answer
   * asked for it.
   */
  function callIndex(spans) {
    const ranBy = new Map();
    const askedBy = new Map();
    for (const s of spans) {
      const r = s.record || {};
      if (s.type === 'tool' && typeof r.tool_call_id === 'string' && r.tool_call_id) {
        if (!ranBy.has(r.tool_call_id)) ranBy.set(r.tool_call_id, s);
      }
      if (s.type === 'llm') {
        for (const m of Array.isArray(r.output) ? r.output : [r.output]) {
          if (!isObject(m) || !Array.isArray(m.tool_calls)) continue;
          for (const c of m.tool_calls) {
            if (isObject(c) && typeof c.id === 'string' && c.id && !askedBy.has(c.id)) askedBy.set(c.id, s);
          }
        }
      }
    }
    return { ranBy, askedBy };
  }

  /** A link that selects another span of the trace. */
  function goto(span, text) {
    return el('a', { class: 'goto', href: '#' + span.id, data: { goto: span.id }, text, title: span.name || span.id });
  }

  /**
   * A tool call id, styled the same wherever it shows (the assistant's call, the tool's result
   * message, the TOOL span), with a link to the span on the other side when there is one.
   */
  function callId(id, other, verb) {
    return el('span', { class: 'call-ref' },
      chip(id, 'call-id', 'tool call id'),
      other ? ' ' : null,
      other ? el('span', { class: 'call-link' }, verb + ' ', goto(other, other.name || '(unnamed)')) : null);
  }

  // --- tools offered

  /** A tool's name, description and parameters, from OpenAI's, Anthropic's or MCP's shape. */
  function toolParts(t) {
    if (!isObject(t)) return { name: null, description: null, params: undefined, kind: null };
    const f = isObject(t.function) ? t.function : t;
    return {
      name: str(f.name) || str(t.name) || str(t.server_label),
      description: str(f.description) || str(t.description),
      params: f.parameters ?? t.parameters ?? t.input_schema ?? t.inputSchema,
      kind: typeof t.type === 'string' && t.type !== 'function' ? t.type : null,
    };
  }

  const MAX_PARAMS = 12;

  /** The parameters of a JSON schema in one line each: name, type, required. */
  function paramList(schema) {
    if (!isObject(schema) || !isObject(schema.properties)) return null;
    const required = new Set(Array.isArray(schema.required) ? schema.required : []);
    const all = Object.keys(schema.properties);
    if (!all.length) return null;
    // A long list stays in the schema below: the card should show the tool at a glance.
    const names = all.slice(0, MAX_PARAMS);
    const more = all.length - names.length;
    return el('ul', { class: 'params' }, ...names.map((n) => {
      const p = isObject(schema.properties[n]) ? schema.properties[n] : {};
      const type = Array.isArray(p.enum) ? p.enum.map((v) => JSON.stringify(v)).join(' | ')
        : Array.isArray(p.type) ? p.type.join(' | ') : str(p.type);
      return el('li', null,
        el('code', { class: 'param-name', text: n }),
        type ? el('span', { class: 'param-type', text: type }) : null,
        required.has(n) ? el('span', { class: 'param-required', text: 'required' }) : null,
        str(p.description) ? el('span', { class: 'param-desc', text: p.description }) : null);
    }), more > 0 ? el('li', { class: 'none', text: '+ ' + more + ' more in the schema' }) : null);
  }

  /** The tools offered to a model; {@code called}: names the model's answer called. */
  function tools(list, called) {
    return el('ol', { class: 'tools' }, ...list.map((given) => {
      // OpenInference sends each tool as JSON text: read it as the object it holds.
      const t = typeof given === 'string' && isObject(parseJson(given)) ? parseJson(given) : given;
      const { name, description, params, kind } = toolParts(t);
      const schema = typeof params === 'string' ? (parseJson(params) ?? params) : params;
      return el('li', { class: 'tool-def', data: { toolName: name || '' } },
        el('div', { class: 'tool-head' },
          el('code', { class: 'tool-def-name', text: name || '(unnamed tool)' }),
          kind ? chip(kind, 'tool-kind') : null,
          name && called && called.has(name) ? chip('called', 'called', 'the model called this tool') : null),
        description ? el('p', { class: 'tool-desc', text: description }) : null,
        paramList(schema),
        schema === undefined || schema === null ? null
          : el('details', { class: 'schema' },
            el('summary', { text: 'Parameters schema' }), jsonBlock(schema)),
        isObject(t) ? null : jsonBlock(t));
    }));
  }

  // --- reasoning

  function summaryText(summary) {
    if (typeof summary === 'string') return summary;
    if (Array.isArray(summary)) {
      return summary.map((s) => (isObject(s) && typeof s.text === 'string' ? s.text : JSON.stringify(s))).join('\n\n');
    }
    return null;
  }

  function status(e) {
    const s = str(e.status);
    return s ? chip(s.replace(/_/g, ' '), 'status status-' + (/^[a-z_]+$/.test(s) ? s : 'other')) : null;
  }

  /** Each reasoning event as a block of its own: the summary, then the reasoning itself. */
  function reasoning(list) {
    return el('div', { class: 'reasoning-list' }, ...list.map((e) => {
      const summary = summaryText(e.summary);
      const content = str(e.content);
      return el('div', { class: 'reasoning' },
        el('div', { class: 'event-head' },
          chip('thinking', 'event-kind kind-reasoning'),
          status(e),
          str(e.id) ? el('code', { class: 'event-id', text: e.id }) : null),
        summary ? el('div', { class: 'reasoning-summary' },
          el('div', { class: 'label', text: 'Summary' }), pre(summary)) : null,
        content ? el('div', { class: 'reasoning-content' },
          el('div', { class: 'label', text: 'Reasoning' }), pre(content)) : null,
        !summary && !content ? el('p', { class: 'none', text: '(no reasoning text: the provider kept it hidden)' }) : null,
        str(e.error_message) ? el('p', { class: 'event-error', text: e.error_message }) : null);
    }));
  }

  // --- the other events of a call

  const KINDS = {
    internal_tool_call: 'built-in tool',
    mcp_call: 'MCP call',
    mcp_list_tools: 'MCP tools listed',
    mcp_approval_request: 'MCP approval',
    web_search_call: 'web search',
    image_generation: 'image generation',
    message: 'message',
  };

  function titleOf(e) {
    switch (e.type) {
      case 'internal_tool_call': return str(e.name);
      case 'mcp_call': return [str(e.server_name), str(e.tool_name)].filter(Boolean).join(' › ') || null;
      case 'mcp_list_tools': return str(e.server_name);
      case 'mcp_approval_request': return str(e.tool_name);
      case 'web_search_call': return isObject(e.action) ? str(e.action.query) : null;
      case 'image_generation': return str(e.model);
      case 'message': return str(e.role);
      default: return null;
    }
  }

  function labelled(label, value) {
    if (value === undefined || value === null) return null;
    return el('div', { class: 'event-field' }, el('div', { class: 'label', text: label }),
      typeof value === 'string' ? pre(value) : jsonBlock(value));
  }

  function eventBody(e) {
    switch (e.type) {
      case 'internal_tool_call': return [labelled('input', e.input), labelled('output', e.output)];
      case 'mcp_call': return [labelled('arguments', e.arguments), labelled('result', e.result)];
      case 'mcp_list_tools': return [Array.isArray(e.tools) && e.tools.length ? tools(e.tools, null) : null];
      case 'mcp_approval_request': return [
        el('p', { class: 'approval', text: e.approved === true ? 'approved' : e.approved === false ? 'refused' : 'awaiting approval' }),
        labelled('invocation', e.tool_invocation)];
      case 'web_search_call': return [isObject(e.action) && e.action.sources !== undefined ? labelled('sources', e.action.sources) : null];
      case 'image_generation': return [labelled('prompt', e.prompt),
        Array.isArray(e.images) ? el('p', { class: 'none', text: e.images.length + ' image(s), in the raw record' }) : null];
      case 'message': return [labelled('content', e.content), labelled('parts', e.content_parts)];
      default: return [jsonBlock(e)];
    }
  }

  /** The events of a call other than reasoning, each with what it was given and gave back. */
  function events(list) {
    return el('ol', { class: 'events' }, ...list.map((e) => {
      const event = isObject(e) ? e : { type: null, value: e };
      const kind = KINDS[event.type] || (typeof event.type === 'string' ? event.type : 'event');
      const title = titleOf(event);
      return el('li', { class: 'event', data: { eventType: typeof event.type === 'string' ? event.type : '' } },
        el('div', { class: 'event-head' },
          chip(kind, 'event-kind kind-' + (/^[a-z_]+$/.test(event.type || '') ? event.type : 'other')),
          title ? el('span', { class: 'event-title', text: title }) : null,
          status(event),
          str(event.id) ? el('code', { class: 'event-id', text: event.id }) : null),
        ...eventBody(event),
        str(event.error_message) ? el('p', { class: 'event-error', text: event.error_message }) : null);
    }));
  }

  /** The tool names an LLM span's answer called. */
  function calledNames(record) {
    const names = new Set();
    for (const m of Array.isArray(record.output) ? record.output : [record.output]) {
      if (!isObject(m) || !Array.isArray(m.tool_calls)) continue;
      for (const c of m.tool_calls) {
        if (isObject(c) && isObject(c.function) && typeof c.function.name === 'string') names.add(c.function.name);
      }
    }
    return names;
  }

  window.GC.agent = { finishReason, agentType, callIndex, callId, tools, calledNames, reasoning, events };
})();
