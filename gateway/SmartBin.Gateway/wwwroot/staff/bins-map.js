// Bins map: every bin with coordinates as an Apache ECharts scatter on longitude/latitude axes (no map tiles: the
// gateway works offline), coloured like the tiles (the same CSS variables), refreshed with the overview's poll.
// Tooltips are built as DOM nodes with textContent: bin data never becomes HTML. A click opens the bin's page.
(function () {
  'use strict';
  const el = document.getElementById('bin-map');
  if (!el || typeof echarts === 'undefined') { return; }
  const d = el.dataset;
  const pollMs = Math.max(1000, Number(d.pollMs) || 5000);
  const css = getComputedStyle(document.documentElement);
  const labelsUpTo = 60; // beyond this many bins the ids would cover each other: tooltips only
  let chart = null;
  let shownIds = null;

  function colour(state) {
    return css.getPropertyValue('--' + state).trim() || css.getPropertyValue('--offline').trim();
  }

  function message(text) {
    el.textContent = text;
    el.classList.add('muted');
  }

  // Axis ranges with the bins in the middle and one metre the same length across and up (a degree of longitude
  // is cos(latitude) times a degree of latitude), so the layout looks like the ground.
  function bounds(points) {
    const lats = points.map(p => p.lat);
    const lons = points.map(p => p.lon);
    const midLat = (Math.min(...lats) + Math.max(...lats)) / 2;
    const midLon = (Math.min(...lons) + Math.max(...lons)) / 2;
    const kx = Math.cos(midLat * Math.PI / 180);
    const minSpanDeg = 0.002; // about 200 m: one bin alone still gets a neighbourhood
    let spanLat = Math.max(minSpanDeg, (Math.max(...lats) - Math.min(...lats)) * 1.3);
    let spanLon = Math.max(minSpanDeg, (Math.max(...lons) - Math.min(...lons)) * 1.3);
    const aspect = Math.max(0.2, (el.clientWidth - 90) / Math.max(1, el.clientHeight - 70));
    if (spanLon * kx / spanLat < aspect) { spanLon = spanLat * aspect / kx; } else { spanLat = spanLon * kx / aspect; }
    return { lat: [midLat - spanLat / 2, midLat + spanLat / 2], lon: [midLon - spanLon / 2, midLon + spanLon / 2], span: Math.min(spanLat, spanLon) };
  }

  function tooltip(params) {
    const p = params.data.bin;
    const box = document.createElement('div');
    const head = document.createElement('strong');
    head.textContent = p.binId + ' · ' + p.stateText;
    box.appendChild(head);
    for (const line of [p.place, d.labelFill + ': ' + p.fillText, d.labelSeen + ': ' + p.lastSeenText]) {
      const row = document.createElement('div');
      row.textContent = line;
      box.appendChild(row);
    }
    return box;
  }

  function option(points) {
    const b = bounds(points);
    // Enough decimals that neighbouring ticks (about a fifth of the span apart) differ.
    const decimals = Math.min(6, Math.max(3, Math.ceil(-Math.log10(b.span / 5))));
    const degrees = (v) => v.toFixed(decimals);
    return {
      animation: false,
      grid: { left: 70, right: 20, top: 20, bottom: 50 },
      tooltip: { trigger: 'item', formatter: tooltip },
      xAxis: { type: 'value', name: d.labelLon, nameLocation: 'middle', nameGap: 30, min: b.lon[0], max: b.lon[1],
        axisLabel: { formatter: degrees }, splitLine: { lineStyle: { type: 'dashed' } } },
      yAxis: { type: 'value', name: d.labelLat, nameLocation: 'middle', nameGap: 55, min: b.lat[0], max: b.lat[1],
        axisLabel: { formatter: degrees }, splitLine: { lineStyle: { type: 'dashed' } } },
      series: [{
        type: 'scatter',
        symbolSize: 16,
        cursor: 'pointer',
        label: { show: points.length <= labelsUpTo, position: 'right', formatter: (p) => p.data.bin.binId, fontSize: 11 },
        data: points.map(p => ({ value: [p.lon, p.lat], bin: p, itemStyle: { color: colour(p.state), opacity: 1, borderColor: '#fff', borderWidth: 1 } })),
      }],
    };
  }

  function draw(points) {
    if (points.length === 0) {
      if (chart) { chart.dispose(); chart = null; shownIds = null; }
      message(d.textEmpty);
      return;
    }
    const ids = points.map(p => p.binId).join(',');
    if (!chart) {
      chart = echarts.init(el, null, { renderer: 'canvas' });
      chart.on('click', (e) => { if (e.data && e.data.bin) { location.href = e.data.bin.href; } });
      window.addEventListener('resize', () => { chart.resize(); chart.setOption(option(lastPoints)); });
    }
    chart.setOption(option(points), { notMerge: ids !== shownIds });
    shownIds = ids;
    el.dataset.rendered = 'true';
    el.dataset.points = String(points.length);
    el.dataset.states = points.map(p => p.binId + '=' + p.state).join(',');
  }

  let lastPoints = [];
  let unplacedCount = document.querySelectorAll('[data-unplaced]').length;

  async function refresh() {
    try {
      const response = await fetch(d.source, { headers: { Accept: 'application/json' }, credentials: 'same-origin' });
      if (response.status === 401) { location.reload(); return; }
      if (!response.ok) { throw new Error(String(response.status)); }
      const data = await response.json();
      if (data.unplaced.length !== unplacedCount) { location.reload(); return; }
      lastPoints = data.points;
      draw(lastPoints);
    } catch (e) {
      if (!chart) { message(d.textFailed); }
    }
  }

  refresh();
  setInterval(refresh, pollMs);
})();
