'use strict';
// The trace list: newest first, filtered by project, log stream and text. The filters live in
// the URL (?project=&log_stream=&q=), so a reload or a shared link shows the same list.
(function () {
  const { el, getJson, formatDuration, formatTime, epochMs, traceStatus, isUuid, showError } = window.GC;
  const projectSelect = document.getElementById('project');
  const streamSelect = document.getElementById('log-stream');
  const search = document.getElementById('q');
  const body = document.querySelector('#traces tbody');
  const empty = document.getElementById('empty');
  let projects = [];
  let searchTimer = null;
  // The newest summary pushed for each trace: a list loaded meanwhile may be older.
  const pushed = new Map();

  function newer(a, b) {
    return (epochMs(a.updated_at) || 0) >= (epochMs(b.updated_at) || 0) ? a : b;
  }

  function filters() {
    return { project: projectSelect.value, log_stream: streamSelect.value, q: search.value.trim() };
  }

  function query(f) {
    const p = new URLSearchParams();
    for (const [k, v] of Object.entries(f)) if (v) p.set(k, v);
    const s = p.toString();
    return s ? '?' + s : '';
  }

  function fillStreams(projectId, selected) {
    streamSelect.replaceChildren(el('option', { text: 'All log streams', attrs: { value: '' } }));
    const chosen = projects.filter((p) => !projectId || p.id === projectId);
    for (const p of chosen) {
      for (const s of p.log_streams) {
        const label = projectId ? s.name : p.name + ' / ' + s.name;
        const o = el('option', { text: label, attrs: { value: s.id } });
        if (s.id === selected) o.selected = true;
        streamSelect.append(o);
      }
    }
  }

  async function loadProjects(initial) {
    const data = await getJson('/api/projects');
    projects = data.projects;
    const current = initial ? initial.project : projectSelect.value;
    const stream = initial ? initial.log_stream : streamSelect.value;
    projectSelect.replaceChildren(el('option', { text: 'All projects', attrs: { value: '' } }));
    for (const p of projects) {
      const o = el('option', { text: p.name, attrs: { value: p.id } });
      if (p.id === current) o.selected = true;
      projectSelect.append(o);
    }
    fillStreams(projectSelect.value, stream);
  }

  function row(t) {
    const status = traceStatus(t);
    const name = t.name || (t.is_stub ? '(trace not received yet)' : '(unnamed)');
    const where = (t.project_name || '—') + ' / ' + (t.log_stream_name || '—');
    const services = t.services || [];
    const sortKey = epochMs(t.created_at || t.updated_at) || 0;
    return el('tr', { data: { traceId: t.id, sortKey }, class: t.is_stub ? 'stub' : '' },
      el('td', { class: 'name' }, el('a', { href: '/traces/' + encodeURIComponent(t.id), text: name })),
      el('td', { class: 'where', text: where }),
      el('td', { class: 'start', text: formatTime(t.created_at) }),
      el('td', { class: 'num duration', text: t.duration_ns === null ? (t.is_complete ? '—' : 'open') : formatDuration(t.duration_ns) }),
      el('td', { class: 'status' }, el('span', { class: 'badge ' + status.kind, text: status.text, title: status.title })),
      el('td', { class: 'num spans' }, String(t.span_count),
        t.late_span_count ? el('span', { class: 'badge late', text: t.late_span_count + ' late',
          title: 'spans that arrived after the trace was complete: Galileo rejects them' }) : null),
      el('td', { class: 'services', title: services.join(', ') },
        el('span', { class: 'count', text: services.length }),
        el('span', { class: 'names', text: services.join(', ') })));
  }

  function render(traces) {
    body.replaceChildren(...traces.map((t) => row(pushed.has(t.id) ? newer(pushed.get(t.id), t) : t)));
    empty.hidden = traces.length > 0;
  }

  let loading = 0;
  async function loadTraces() {
    const ticket = ++loading;
    const f = filters();
    history.replaceState(null, '', '/' + query(f));
    try {
      const data = await getJson('/api/traces' + query(f));
      if (ticket === loading) {
        render(data.traces);
        showError(null);
        document.body.dataset.synced = String(Number(document.body.dataset.synced || 0) + 1);
      }
    } catch (e) {
      showError('Could not load the traces: ' + e.message);
    }
  }

  /** A trace summary pushed live: updated in place, or added in date order, or left out when filtered. */
  function upsert(t) {
    pushed.set(t.id, pushed.has(t.id) ? newer(t, pushed.get(t.id)) : t);
    if (pushed.size > 2000) pushed.delete(pushed.keys().next().value);
    if (t.project_id && !projects.some((p) => p.id === t.project_id)) loadProjects(null).catch(() => {});
    else if (t.log_stream_id && !projects.some((p) => p.log_streams.some((s) => s.id === t.log_stream_id))) {
      loadProjects(null).catch(() => {});
    }
    const f = filters();
    if (f.q || f.log_stream || f.project) {
      scheduleReload();
      return;
    }
    const existing = [...body.children].find((r) => r.dataset.traceId === t.id);
    const fresh = row(pushed.get(t.id));
    if (existing) {
      existing.replaceWith(fresh);
    } else {
      const key = Number(fresh.dataset.sortKey);
      let before = null;
      for (const r of body.children) {
        if (Number(r.dataset.sortKey) < key) { before = r; break; }
      }
      body.insertBefore(fresh, before);
    }
    fresh.classList.add('flash');
    empty.hidden = true;
  }

  let reloadTimer = null;
  function scheduleReload() {
    if (reloadTimer) return;
    reloadTimer = setTimeout(() => { reloadTimer = null; loadTraces(); }, 250);
  }

  projectSelect.addEventListener('change', () => { fillStreams(projectSelect.value, ''); loadTraces(); });
  streamSelect.addEventListener('change', loadTraces);
  search.addEventListener('input', () => {
    clearTimeout(searchTimer);
    searchTimer = setTimeout(loadTraces, 200);
  });
  document.getElementById('filters').addEventListener('submit', (e) => { e.preventDefault(); loadTraces(); });

  async function start() {
    const params = new URLSearchParams(location.search);
    const initial = {
      project: isUuid(params.get('project')) ? params.get('project') : '',
      log_stream: isUuid(params.get('log_stream')) ? params.get('log_stream') : '',
    };
    search.value = params.get('q') || '';
    try {
      await loadProjects(initial);
    } catch (e) {
      showError('Could not load the projects: ' + e.message);
    }
    await loadTraces();
    if (window.GC.live) {
      window.GC.live.connect({ subscribe: null, onTrace: upsert, onPruned: scheduleReload, onResync: scheduleReload });
    }
    document.body.dataset.ready = 'true';
  }

  window.GC.list = { upsert, reload: loadTraces };
  start();
})();
