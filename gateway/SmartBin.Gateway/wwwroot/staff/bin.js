// Bin page: fill (%) and weight (kg) history as an Apache ECharts line chart, two y axes. Labels come from the
// page's data attributes (resource text), the time axis from ECharts' own locale (ZH or EN).
(function () {
  'use strict';
  const el = document.getElementById('chart');
  if (!el || typeof echarts === 'undefined') { return; }
  const d = el.dataset;

  function message(text) {
    el.textContent = text;
    el.classList.add('muted');
  }

  fetch(d.source, { headers: { Accept: 'application/json' }, credentials: 'same-origin' })
    .then(r => { if (!r.ok) { throw new Error(String(r.status)); } return r.json(); })
    .then(history => {
      if (history.fill.length === 0 && history.weightKg.length === 0) { message(d.textEmpty); return; }
      const chart = echarts.init(el, null, { locale: d.locale, renderer: 'canvas' });
      chart.setOption({
        animation: false,
        tooltip: { trigger: 'axis' },
        legend: { data: [d.labelFill, d.labelWeight] },
        grid: { left: 48, right: 56, top: 40, bottom: 40 },
        xAxis: { type: 'time' },
        yAxis: [
          { type: 'value', name: d.labelFill, min: 0, max: 100 },
          { type: 'value', name: d.labelWeight, min: 0 },
        ],
        series: [
          { name: d.labelFill, type: 'line', showSymbol: false, step: history.hourly ? false : 'end', data: history.fill },
          { name: d.labelWeight, type: 'line', showSymbol: false, yAxisIndex: 1, data: history.weightKg },
        ],
      });
      el.dataset.rendered = 'true';
      window.addEventListener('resize', () => chart.resize());
    })
    .catch(() => message(d.textFailed));
})();
