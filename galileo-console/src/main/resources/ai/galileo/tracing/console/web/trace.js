'use strict';
// One trace: its spans as a tree with a timing waterfall, and the selected span's content.
// Spans are told apart by the service that made them (user_metadata["service.name"]).
(function () {
  const { el, getJson, formatDuration, formatTime, epochMs, traceStatus, isUuid, serviceSlots, showError, agent } = window.GC;
  const id = decodeURIComponent(location.pathname.split('/').pop() || '');
  const tree = document.getElementById('tree');
  const detail = document.getElementById('detail');
  // calls: tool call ids across the trace (which TOOL span ran each, which LLM span asked), for links.
  // Spans are loaded a page at a time (by start time): a trace of tens of thousands of spans would
  // hang the page if all were loaded and drawn at once. next: the offset of the next page, or null
  // once every span is loaded; until then live spans not loaded yet are left for that page.
  const PAGE = 2000;
  const state = { trace: null, spans: new Map(), selected: null, next: null, total: 0, calls: { ranBy: new Map(), askedBy: new Map() } };
  const more = document.getElementById('more');

  // --- content, as text

  function isObject(v) { return v !== null && typeof v === 'object' && !Array.isArray(v); }
  function isMessage(v) { return isObject(v) && typeof v.role === 'string' && 'content' in v; }
  function isDocument(v) { return isObject(v) && typeof v.content === 'string' && !('role' in v); }
  function isTextPart(v) { return isObject(v) && v.type === 'text' && typeof v.text === 'string'; }

  const ROLES = new Set(['system', 'user', 'assistant', 'tool', 'function', 'developer', 'agent']);

  function text(value, cls) {
    return el('pre', { class: cls || 'text', text: value });
  }

  function json(value) {
    return text(JSON.stringify(value, null, 2), 'json');
  }

  function parts(content) {
    if (typeof content === 'string') return text(content);
    if (Array.isArray(content)) {
      return el('div', { class: 'parts' }, ...content.map((p) => {
        if (isTextPart(p)) return text(p.text);
        if (isObject(p) && p.type === 'file') return el('p', { class: 'file', text: '[file ' + (p.file_id || p.url || '') + ']' });
        return json(p);
      }));
    }
    return json(content);
  }

  function messages(list) {
    return el('ol', { class: 'messages' }, ...list.map((m) => {
      const role = ROLES.has(m.role) ? m.role : 'other';
      const calls = Array.isArray(m.tool_calls) ? m.tool_calls : [];
      return el('li', { class: 'message role-' + role },
        el('div', { class: 'role', text: m.role }),
        // An assistant turn that only calls tools has no text: show the calls, not an empty box.
        (m.content === '' || m.content === null) && calls.length ? null : parts(m.content),
        calls.length ? el('ul', { class: 'tool-calls' }, ...calls.map((c) => {
          const f = isObject(c) && isObject(c.function) ? c.function : {};
          const id = isObject(c) && typeof c.id === 'string' && c.id ? c.id : null;
          return el('li', { data: id ? { callId: id } : {} },
            el('span', { class: 'tool-name', text: (f.name || '?') + '(' }),
            text(typeof f.arguments === 'string' ? f.arguments : JSON.stringify(f.arguments ?? ''), 'args'),
            el('span', { class: 'tool-name', text: ')' }),
            id ? agent.callId(id, state.calls.ranBy.get(id), 'ran by') : null);
        })) : null,
        typeof m.tool_call_id === 'string' && m.tool_call_id
          ? el('div', { class: 'tool-call-id' }, 'result of ', agent.callId(m.tool_call_id, state.calls.ranBy.get(m.tool_call_id), 'ran by'))
          : null);
    }));
  }

  function keyValues(obj, cls) {
    const entries = Object.entries(obj || {});
    if (!entries.length) return el('p', { class: 'none', text: '—' });
    return el('table', { class: cls || 'kv' }, el('tbody', null, ...entries.map(([k, v]) =>
      el('tr', null, el('th', { text: k }), el('td', null,
        isObject(v) || Array.isArray(v) ? json(v) : text(String(v), 'value'))))));
  }

  function documents(list) {
    return el('ol', { class: 'documents' }, ...list.map((d, i) =>
      el('li', { class: 'document' },
        el('div', { class: 'doc-title', text: 'Document ' + (i + 1) }),
        text(d.content),
        d.metadata && Object.keys(d.metadata).length ? keyValues(d.metadata, 'kv doc-metadata') : null)));
  }

  function content(v) {
    if (v === undefined || v === null || v === '') return el('p', { class: 'none', text: '—' });
    if (typeof v === 'string') return text(v);
    if (isMessage(v)) return messages([v]);
    if (Array.isArray(v) && v.length) {
      if (v.every(isMessage)) return messages(v);
      if (v.every(isDocument)) return documents(v);
      if (v.every(isTextPart)) return text(v.map((p) => p.text).join('\n'));
    }
    return json(v);
  }

  // --- the tree

  function nodes() {
    const t = state.trace;
    const root = {
      id: t.id, type: 'trace', name: t.name || (t.is_stub ? '(trace not received yet)' : '(unnamed)'),
      created_at: t.created_at, duration_ns: t.duration_ns, status_code: t.status_code,
      service_name: (t.record && t.record.user_metadata && t.record.user_metadata['service.name']) || null,
      record: t.record || {}, isTrace: true,
    };
    const children = new Map();
    const spans = [...state.spans.values()];
    const ids = new Set(spans.map((s) => s.id));
    for (const s of spans) {
      const orphan = s.parent_id !== root.id && !ids.has(s.parent_id);
      const parent = orphan ? root.id : s.parent_id;
      if (!children.has(parent)) children.set(parent, []);
      children.get(parent).push({ ...s, orphan });
    }
    for (const list of children.values()) {
      list.sort((a, b) => (epochMs(a.created_at) || 0) - (epochMs(b.created_at) || 0)
        || String(a.name).localeCompare(String(b.name)));
    }
    const out = [];
    const seen = new Set();
    (function walk(node, depth) {
      if (seen.has(node.id)) return;
      seen.add(node.id);
      out.push({ node, depth });
      for (const c of children.get(node.id) || []) walk(c, depth + 1);
    })(root, 0);
    return out;
  }

  function timeline(rows) {
    let t0 = Infinity;
    let t1 = -Infinity;
    for (const { node } of rows) {
      const s = epochMs(node.created_at);
      if (!isFinite(s)) continue;
      t0 = Math.min(t0, s);
      t1 = Math.max(t1, s + (node.duration_ns ? node.duration_ns / 1e6 : 0));
    }
    return { t0, span: isFinite(t0) ? Math.max(t1 - t0, 0.001) : 0 };
  }

  function bar(node, tl) {
    const cell = el('span', { class: 'waterfall' });
    const s = epochMs(node.created_at);
    if (!tl.span || !isFinite(s)) return cell;
    const left = ((s - tl.t0) / tl.span) * 100;
    const open = node.duration_ns === null || node.duration_ns === undefined;
    const width = open ? 100 - left : Math.max((node.duration_ns / 1e6 / tl.span) * 100, 0.4);
    const b = el('span', { class: 'bar' + (open ? ' open' : ''), title: open ? 'still open' : formatDuration(node.duration_ns) });
    b.style.left = Math.min(Math.max(left, 0), 99.6) + '%';
    b.style.width = Math.min(width, 100 - Math.min(left, 99.6)) + '%';
    cell.append(b);
    return cell;
  }

  function renderTree() {
    const focused = document.activeElement && document.activeElement.closest
      ? document.activeElement.closest('li.row') : null;
    const focusedId = focused ? focused.dataset.spanId : null;
    const rows = nodes();
    const tl = timeline(rows);
    const services = new Set(rows.map((r) => r.node.service_name).filter(Boolean));
    const slots = serviceSlots(services);
    renderServices(slots);
    tree.replaceChildren(...rows.map(({ node, depth }) => {
      const slot = node.service_name && slots.has(node.service_name) ? slots.get(node.service_name) : null;
      const li = el('li', {
        class: 'row' + (slot === null ? '' : ' svc-' + slot) + (node.orphan ? ' orphan' : '') + (node.late ? ' late' : ''),
        data: { spanId: node.id, type: node.type, service: node.service_name || '' },
        attrs: { role: 'treeitem', 'aria-level': depth + 1, 'aria-selected': node.id === state.selected, tabindex: 0 },
      },
      el('span', { class: 'label' },
        el('span', { class: 'type type-' + (/^[a-z]+$/.test(node.type) ? node.type : 'other'), text: node.type }),
        el('span', { class: 'span-name', text: node.name || '(unnamed)' }),
        node.service_name ? el('span', { class: 'service', text: node.service_name }) : null,
        node.orphan ? el('span', { class: 'note', text: 'parent not received', title: 'its parent span has not arrived; shown under the trace' }) : null,
        node.late ? el('span', { class: 'badge late', text: 'late', title: node.late_reason }) : null,
        // Galileo refuses a span sent after its trace was complete: say so on the span itself.
        node.late ? el('span', { class: 'late-note', text: node.late_reason }) : null),
      el('span', { class: 'num duration', text: formatDuration(node.duration_ns) }),
      bar(node, tl));
      li.firstChild.style.paddingLeft = (depth * 1.1) + 'rem';
      return li;
    }));
    if (focusedId) {
      const again = [...tree.children].find((li) => li.dataset.spanId === focusedId);
      if (again) again.focus();
    }
  }

  function renderServices(slots) {
    const box = document.getElementById('services');
    box.replaceChildren(...[...slots.entries()].map(([name, slot]) =>
      el('span', { class: 'service svc-' + slot, text: name })));
  }

  function renderHead() {
    const t = state.trace;
    const name = t.name || (t.is_stub ? '(trace not received yet)' : '(unnamed)');
    document.getElementById('trace-name').textContent = name;
    document.getElementById('crumb-trace').textContent = name;
    document.title = name + ' · Galileo console';
    const status = traceStatus(t);
    const meta = [
      ['Project / log stream', (t.project_name || '—') + ' / ' + (t.log_stream_name || '—')],
      ['Start', formatTime(t.created_at)],
      ['Duration', t.duration_ns === null ? (t.is_complete ? '—' : 'open') : formatDuration(t.duration_ns)],
      ['Status', el('span', { class: 'badge ' + status.kind, text: status.text, title: status.title })],
      ['Spans', state.next === null ? String(state.spans.size)
        : state.spans.size.toLocaleString('en') + ' of ' + spanTotal().toLocaleString('en') + ' loaded'],
      lateCount() ? ['Late spans', el('span', { class: 'badge late', attrs: { id: 'late-count' }, text: String(lateCount()) })] : null,
      ['Trace id', el('code', { text: t.id })],
    ];
    document.getElementById('trace-meta').replaceChildren(...meta.filter(Boolean).flatMap(([k, v]) =>
      [el('dt', { text: k }), el('dd', null, v)]));
    const late = lateCount();
    const summary = document.getElementById('late-summary');
    summary.hidden = late === 0;
    summary.textContent = late === 0 ? '' : (late === 1 ? '1 span' : late + ' spans')
      + ' arrived after the trace was complete: Galileo rejects ' + (late === 1 ? 'it' : 'them') + '.';
  }

  function spanTotal() {
    return Math.max(state.total, (state.trace && state.trace.span_count) || 0, state.spans.size);
  }

  function renderMore() {
    more.hidden = state.next === null;
    if (state.next === null) return;
    const left = spanTotal() - state.spans.size;
    document.getElementById('more-text').textContent = 'Showing ' + state.spans.size.toLocaleString('en')
      + ' of ' + spanTotal().toLocaleString('en') + ' spans.';
    document.getElementById('more-button').textContent = 'Load ' + Math.min(PAGE, Math.max(left, 0)).toLocaleString('en') + ' more';
  }

  function lateCount() {
    let n = 0;
    for (const s of state.spans.values()) if (s.late) n++;
    return n;
  }

  // --- the selected span

  function renderDetail() {
    const row = nodes().find((r) => r.node.id === state.selected);
    if (!row) {
      detail.replaceChildren(el('p', { class: 'hint', text: 'Select a span to see its input and output.' }));
      return;
    }
    const n = row.node;
    const r = n.record || {};
    const metrics = isObject(r.metrics) ? r.metrics : {};
    state.calls = agent.callIndex(state.spans.values());
    const has = (k) => metrics[k] !== undefined && metrics[k] !== null;
    const pair = (a, b) => 'in ' + (has(a) ? metrics[a] : '—') + ', out ' + (has(b) ? metrics[b] : '—');
    const facts = [
      ['Type', n.type],
      ['Service', n.service_name || '—'],
      ['Id', n.id],
      n.isTrace ? null : ['Parent', n.parent_id || '—'],
      ['Start', formatTime(n.created_at)],
      ['Duration', formatDuration(n.duration_ns)],
      ['Status code', n.status_code ?? '—'],
      r.model !== undefined ? ['Model', r.model] : null,
      r.temperature !== undefined && r.temperature !== null ? ['Temperature', r.temperature] : null,
      metrics.num_input_tokens !== undefined || metrics.num_output_tokens !== undefined
        ? ['Tokens', 'in ' + (metrics.num_input_tokens ?? '—') + ', out ' + (metrics.num_output_tokens ?? '—')
          + ', total ' + (metrics.num_total_tokens ?? '—')] : null,
      has('num_image_input_tokens') || has('num_image_output_tokens')
        ? ['Image tokens', pair('num_image_input_tokens', 'num_image_output_tokens'), 'detail-image-tokens'] : null,
      has('num_audio_input_tokens') || has('num_audio_output_tokens')
        ? ['Audio tokens', pair('num_audio_input_tokens', 'num_audio_output_tokens'), 'detail-audio-tokens'] : null,
      metrics.time_to_first_token_ns !== undefined && metrics.time_to_first_token_ns !== null
        ? ['First token', formatDuration(metrics.time_to_first_token_ns)] : null,
      typeof r.finish_reason === 'string' && r.finish_reason
        ? ['Finish reason', agent.finishReason(r.finish_reason), 'detail-finish-reason'] : null,
      typeof r.agent_type === 'string' && r.agent_type
        ? ['Agent type', agent.agentType(r.agent_type), 'detail-agent-type'] : null,
      typeof r.tool_call_id === 'string' && r.tool_call_id
        ? ['Tool call', agent.callId(r.tool_call_id, state.calls.askedBy.get(r.tool_call_id), 'asked by'), 'detail-tool-call-id'] : null,
      n.log_stream_name ? ['Log stream', n.log_stream_name] : null,
      n.late ? ['Late since', formatTime(n.late_at)] : null,
    ].filter(Boolean);
    const tags = Array.isArray(r.tags) ? r.tags : [];
    const otherMetrics = Object.fromEntries(Object.entries(metrics).filter(([k]) =>
      !['duration_ns', 'num_input_tokens', 'num_output_tokens', 'num_total_tokens', 'time_to_first_token_ns',
        'num_image_input_tokens', 'num_image_output_tokens', 'num_audio_input_tokens', 'num_audio_output_tokens'].includes(k)));
    const events = Array.isArray(r.events) ? r.events : [];
    const thinking = events.filter((e) => isObject(e) && e.type === 'reasoning');
    const otherEvents = events.filter((e) => !(isObject(e) && e.type === 'reasoning'));
    const tools = r.tools === undefined || r.tools === null ? null
      : Array.isArray(r.tools) ? (r.tools.length ? agent.tools(r.tools, agent.calledNames(r)) : null) : json(r.tools);
    detail.replaceChildren(...[
      el('h2', null, el('span', { class: 'type type-' + (/^[a-z]+$/.test(n.type) ? n.type : 'other'), text: n.type }), ' ',
        el('span', { class: 'span-name', text: n.name || '(unnamed)' })),
      n.late ? el('p', { class: 'late-warning', attrs: { id: 'detail-late' }, text: 'Late: ' + n.late_reason }) : null,
      el('dl', { class: 'facts' }, ...facts.flatMap(([k, v, factId]) => [el('dt', { text: k }),
        el('dd', { attrs: factId ? { id: factId } : {} }, v instanceof Node ? v : String(v))])),
      section('Tags', tags.length ? el('div', { class: 'tags' }, ...tags.map((t) => el('span', { class: 'tag', text: t }))) : null, 'detail-tags'),
      section('Input', content(r.input), 'detail-input'),
      tools ? section('Tools offered' + (Array.isArray(r.tools) ? ' · ' + r.tools.length : ''), tools, 'detail-tools') : null,
      thinking.length ? section('Reasoning', agent.reasoning(thinking), 'detail-reasoning') : null,
      section('Output', content(r.output), 'detail-output'),
      otherEvents.length ? section('Model events · ' + otherEvents.length, agent.events(otherEvents), 'detail-events') : null,
      section('Metadata', keyValues(r.user_metadata), 'detail-metadata'),
      Object.keys(otherMetrics).length ? section('Metrics', keyValues(otherMetrics), 'detail-metrics') : null,
      el('details', { class: 'raw' }, el('summary', { text: 'Raw record' }), json(r)),
    ].filter(Boolean));
  }

  function section(title, body, id) {
    return el('section', { class: 'field', attrs: { id } }, el('h3', { text: title }), body || el('p', { class: 'none', text: '—' }));
  }

  function select(spanId) {
    state.selected = spanId;
    history.replaceState(null, '', '#' + spanId);
    for (const li of tree.children) li.setAttribute('aria-selected', li.dataset.spanId === spanId);
    renderDetail();
  }

  tree.addEventListener('click', (e) => {
    const li = e.target.closest('li.row');
    if (li) select(li.dataset.spanId);
  });
  // A tool call id links the assistant's call and the TOOL span that ran it: follow it.
  detail.addEventListener('click', (e) => {
    const a = e.target.closest('a.goto');
    if (!a || !state.spans.has(a.dataset.goto)) return;
    e.preventDefault();
    select(a.dataset.goto);
    const li = [...tree.children].find((x) => x.dataset.spanId === a.dataset.goto);
    if (li) { li.focus(); li.scrollIntoView({ block: 'nearest' }); }
  });
  tree.addEventListener('keydown', (e) => {
    const li = e.target.closest('li.row');
    if (!li) return;
    if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); select(li.dataset.spanId); }
    if (e.key === 'ArrowDown' && li.nextElementSibling) { e.preventDefault(); li.nextElementSibling.focus(); }
    if (e.key === 'ArrowUp' && li.previousElementSibling) { e.preventDefault(); li.previousElementSibling.focus(); }
  });

  function render() {
    renderHead();
    renderTree();
    renderMore();
    renderDetail();
  }

  // Live spans can come by the thousand: draw at most once a frame.
  let drawing = false;
  function renderSoon() {
    if (drawing) return;
    drawing = true;
    requestAnimationFrame(() => { drawing = false; render(); });
  }

  document.getElementById('more-button').addEventListener('click', async () => {
    if (state.next === null) return;
    try {
      await loadPage(state.next);
      render();
    } catch (e) {
      showError('Could not load more spans: ' + e.message);
    }
  });

  // --- live changes

  /** Whether {@code a} is at least as recent as {@code b} (by the console's updated_at). */
  function asRecent(a, b) {
    return !b || (epochMs(a.updated_at) || 0) >= (epochMs(b.updated_at) || 0);
  }

  function onTrace(summary) {
    if (summary.id !== id || !asRecent(summary, state.trace)) return;
    state.trace = { ...(state.trace || {}), ...summary };
    if (!state.selected) state.selected = id;
    showError(null);
    renderSoon();
  }

  function onSpan(span) {
    if (span.trace_id !== id || !asRecent(span, state.spans.get(span.id))) return;
    if (state.next !== null && !state.spans.has(span.id)) return; // a later page brings it
    state.spans.set(span.id, span);
    if (state.trace) renderSoon();
  }

  /** Loads the trace and a page of its spans from offset; what was pushed meanwhile and is newer stays. */
  async function loadPage(offset) {
    const data = await getJson('/api/traces/' + encodeURIComponent(id) + '?offset=' + offset + '&limit=' + PAGE);
    if (asRecent(data.trace, state.trace)) state.trace = data.trace;
    for (const s of data.spans) {
      if (asRecent(s, state.spans.get(s.id))) state.spans.set(s.id, s);
    }
    state.total = data.span_total;
    state.next = data.next_offset === undefined ? null : data.next_offset;
  }

  /** Loads the trace again, as many spans as were shown (at least a page). */
  async function load() {
    const shown = Math.max(PAGE, state.spans.size);
    await loadPage(0);
    while (state.next !== null && state.next < shown) await loadPage(state.next);
  }

  async function resync() {
    try {
      await load();
      if (!state.selected) state.selected = id;
      showError(null);
      render();
    } catch (e) {
      if (e.status !== 404) showError('Could not load the trace: ' + e.message);
    }
    document.body.dataset.synced = String(Number(document.body.dataset.synced || 0) + 1);
  }

  async function start() {
    if (!isUuid(id)) {
      showError('Not a trace id: ' + id);
      return;
    }
    try {
      await load();
      const wanted = location.hash.slice(1);
      state.selected = wanted && (wanted === id || state.spans.has(wanted)) ? wanted : id;
      render();
    } catch (e) {
      document.getElementById('trace-name').textContent = 'Trace not found';
      showError(e.status === 404 ? 'No trace ' + id + ' in this console (yet).' : 'Could not load the trace: ' + e.message);
    }
    if (window.GC.live) {
      window.GC.live.connect({ subscribe: id, onTrace, onSpan, onResync: resync });
    }
    document.body.dataset.ready = 'true';
  }

  window.GC.trace = { onTrace, onSpan, select };
  start();
})();
