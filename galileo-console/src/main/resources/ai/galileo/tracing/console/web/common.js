'use strict';
// Helpers shared by the pages. Everything a trace holds is untrusted (LLM output can hold
// markup): it only ever reaches the page as text (textContent, text nodes), never as HTML.
(function () {
  const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

  /** An element: props {class, text, title, href, data: {...}, attrs: {...}}; children are nodes or text. */
  function el(tag, props, ...children) {
    const e = document.createElement(tag);
    const p = props || {};
    if (p.class) e.className = p.class;
    if (p.text !== undefined && p.text !== null) e.textContent = String(p.text);
    if (p.title) e.title = String(p.title);
    if (p.href) e.setAttribute('href', p.href);
    for (const [k, v] of Object.entries(p.data || {})) e.dataset[k] = String(v);
    for (const [k, v] of Object.entries(p.attrs || {})) e.setAttribute(k, String(v));
    for (const c of children) {
      if (c === null || c === undefined || c === false) continue;
      e.append(c instanceof Node ? c : document.createTextNode(String(c)));
    }
    return e;
  }

  /** To the sign-in page, and back here afterwards. */
  function signIn() {
    location.assign('/signin?next=' + encodeURIComponent(location.pathname + location.search));
  }

  async function getJson(url) {
    const r = await fetch(url, { headers: { Accept: 'application/json' }, cache: 'no-store' });
    if (r.status === 401) {
      // Signed out (the session ended, or the console restarted): nothing to show until signed in.
      signIn();
    }
    if (!r.ok) {
      let detail = r.statusText;
      try { detail = (await r.json()).detail; } catch (e) { /* not JSON */ }
      const err = new Error(typeof detail === 'string' ? detail : JSON.stringify(detail));
      err.status = r.status;
      throw err;
    }
    return r.json();
  }

  function formatDuration(ns) {
    if (ns === null || ns === undefined || !isFinite(ns)) return '—';
    const n = Number(ns);
    if (n < 1e3) return n + ' ns';
    if (n < 1e6) return (n / 1e3).toFixed(n < 1e4 ? 1 : 0) + ' µs';
    if (n < 1e9) return (n / 1e6).toFixed(n < 1e7 ? 1 : 0) + ' ms';
    if (n < 60e9) return (n / 1e9).toFixed(2) + ' s';
    const s = Math.round(n / 1e9);
    return Math.floor(s / 60) + ' min ' + (s % 60) + ' s';
  }

  function pad(n, w) { return String(n).padStart(w || 2, '0'); }

  /** Local date and time with milliseconds: 2026-01-02 03:04:05.123. */
  function formatTime(iso) {
    if (!iso) return '—';
    const d = new Date(iso);
    if (isNaN(d.getTime())) return String(iso);
    return d.getFullYear() + '-' + pad(d.getMonth() + 1) + '-' + pad(d.getDate()) + ' '
      + pad(d.getHours()) + ':' + pad(d.getMinutes()) + ':' + pad(d.getSeconds()) + '.'
      + pad(d.getMilliseconds(), 3);
  }

  /** Epoch milliseconds with the microseconds the API sends, as a float; NaN when absent. */
  function epochMs(iso) {
    if (!iso) return NaN;
    const ms = Date.parse(iso);
    const frac = /\.(\d+)/.exec(iso);
    if (isNaN(ms) || !frac || frac[1].length <= 3) return ms;
    return ms + Number('0.' + frac[1].slice(3)) ;
  }

  /** What the status column says of a trace summary: {text, kind}. */
  function traceStatus(t) {
    if (t.is_stub) return { text: 'spans only', kind: 'pending', title: "the trace's own record has not arrived" };
    if (t.status_code !== null && t.status_code !== undefined && t.status_code >= 400) {
      return { text: 'error ' + t.status_code, kind: 'error' };
    }
    if (!t.is_complete) return { text: 'open', kind: 'open', title: 'more spans may come' };
    return { text: t.status_code ? 'ok ' + t.status_code : 'ok', kind: 'ok' };
  }

  function isUuid(s) { return typeof s === 'string' && UUID.test(s); }

  /** A stable colour slot (0-7) for each service, in the order given. */
  function serviceSlots(names) {
    const slots = new Map();
    [...names].sort().forEach((n, i) => slots.set(n, i % 8));
    return slots;
  }

  function showError(message) {
    const e = document.getElementById('error');
    if (!e) return;
    e.hidden = !message;
    e.textContent = message || '';
  }

  // With an API key, a signed-in browser may sign out.
  getJson('/api/session').then((s) => {
    const form = document.getElementById('signout');
    if (form && s.session) form.hidden = false;
  }).catch(() => {});

  window.GC = { el, getJson, formatDuration, formatTime, epochMs, traceStatus, isUuid, serviceSlots, showError };
})();
