'use strict';
// Live updates: a WebSocket to the console (its port comes from /api/live). On every
// (re)connection the page resynchronises from the JSON API, then applies what is pushed.
(function () {
  const indicator = () => document.getElementById('live');

  function setState(state, text) {
    const e = indicator();
    if (!e) return;
    e.dataset.state = state;
    e.textContent = text;
  }

  function connect(opts) {
    let delay = 500;
    let socket = null;

    async function open() {
      let port;
      try {
        port = (await window.GC.getJson('/api/live')).port;
      } catch (e) {
        port = null;
      }
      if (!port) {
        setState('off', 'offline');
        retry();
        return;
      }
      setState('connecting', 'connecting');
      const ws = new WebSocket('ws://' + location.hostname + ':' + port + '/live');
      socket = ws;
      let acked = false;
      ws.addEventListener('open', () => {
        ws.send(JSON.stringify({ subscribe: opts.subscribe || null }));
        // A connection that never confirms the subscription is of no use: start again.
        setTimeout(() => { if (!acked) ws.close(); }, 5000);
      });
      ws.addEventListener('message', (event) => {
        let m;
        try { m = JSON.parse(event.data); } catch (e) { return; }
        if (m.type === 'subscribed') {
          acked = true;
          delay = 500;
          setState('on', 'live');
          if (opts.onResync) opts.onResync();
        } else if (m.type === 'trace' && opts.onTrace) {
          opts.onTrace(m.trace);
        } else if (m.type === 'span' && opts.onSpan) {
          opts.onSpan(m.span);
        } else if (m.type === 'pruned' && opts.onPruned) {
          opts.onPruned();
        } else if (m.type === 'resync' && opts.onResync) {
          // More changed at once than the console sends one by one: reload what is shown.
          opts.onResync();
        }
      });
      ws.addEventListener('close', () => {
        setState('off', 'offline');
        retry();
      });
    }

    function retry() {
      setTimeout(open, delay);
      delay = Math.min(delay * 2, 10000);
    }

    open();
    return { close: () => socket && socket.close() };
  }

  window.GC.live = { connect };
})();
