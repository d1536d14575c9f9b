// Bins overview: polls the JSON API and copies its (already localized) strings into the tiles. Data only ever goes
// through textContent and attributes. A bin that appears or disappears reloads the page (rare: provisioning).
(function () {
  'use strict';
  const tiles = document.getElementById('tiles');
  if (!tiles) { return; }
  const source = tiles.dataset.source;
  const pollMs = Math.max(1000, Number(tiles.dataset.pollMs) || 5000);
  const stale = document.getElementById('stale');
  const fields = ['stateText', 'place', 'fillText', 'lastSeenText', 'outboxText', 'rssiText', 'firmwareText', 'openAlerts'];

  function apply(tile, bin) {
    tile.className = 'tile state-' + bin.state;
    tile.dataset.state = bin.state;
    for (const name of fields) {
      const el = tile.querySelector('[data-field="' + name + '"]');
      if (el) { el.textContent = String(bin[name]); }
    }
    const meter = tile.querySelector('meter');
    if (meter) { meter.value = bin.fillPct === null ? 0 : bin.fillPct; }
  }

  async function refresh() {
    try {
      const response = await fetch(source, { headers: { Accept: 'application/json' }, credentials: 'same-origin' });
      if (response.status === 401) { location.reload(); return; }
      if (!response.ok) { throw new Error(String(response.status)); }
      const data = await response.json();
      const shown = tiles.querySelectorAll('[data-bin]');
      if (shown.length !== data.bins.length) { location.reload(); return; }
      for (const bin of data.bins) {
        const tile = tiles.querySelector('[data-bin="' + CSS.escape(bin.binId) + '"]');
        if (!tile) { location.reload(); return; }
        apply(tile, bin);
      }
      document.getElementById('updated').textContent = data.updatedText;
      document.getElementById('bin-count').textContent = data.countText;
      stale.hidden = true;
    } catch (e) {
      stale.hidden = false;
    }
  }
  setInterval(refresh, pollMs);
})();
