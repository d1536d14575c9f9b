// Programme page: kg by material per day or week (stacked bars), participation per community (bars) and progress
// to the pilot target (gauge), drawn with Apache ECharts from the figures the server put in data-chart. The same
// figures are in the page's tables; labels come from data attributes (resource text).
(function () {
  'use strict';
  const el = document.getElementById('kg-chart');
  if (!el || typeof echarts === 'undefined') { return; }
  const d = el.dataset;
  const data = JSON.parse(d.chart);
  const opts = { locale: d.locale, renderer: 'canvas' };
  const charts = [];

  const kg = echarts.init(el, null, opts);
  kg.setOption({
    animation: false,
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    legend: { top: 0 },
    grid: { left: 56, right: 16, top: 40, bottom: 56 },
    xAxis: { type: 'category', data: data.labels, axisLabel: { hideOverlap: true } },
    yAxis: { type: 'value', name: d.labelKg, min: 0 },
    dataZoom: data.labels.length > 60 ? [{ type: 'slider', height: 18, bottom: 4 }] : [],
    series: data.series.map(s => ({ name: s.name, type: 'bar', stack: 'kg', data: s.data, emphasis: { focus: 'series' } })),
  });
  charts.push(kg);

  const part = document.getElementById('participation-chart');
  if (part) {
    const chart = echarts.init(part, null, opts);
    chart.setOption({
      animation: false,
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: v => v + ' %' },
      grid: { left: 120, right: 48, top: 16, bottom: 32 },
      xAxis: { type: 'value', name: d.labelPct, min: 0, max: v => Math.max(10, Math.ceil(v.max / 10) * 10) },
      yAxis: { type: 'category', data: data.participation.map(p => p.name), inverse: true },
      series: [{ type: 'bar', data: data.participation.map(p => p.pct), label: { show: true, position: 'right', formatter: '{c} %' } }],
    });
    charts.push(chart);
  }

  const gauge = document.getElementById('progress-chart');
  if (gauge) {
    const chart = echarts.init(gauge, null, opts);
    chart.setOption({
      animation: false,
      series: [{
        type: 'gauge', min: 0, max: 100, startAngle: 210, endAngle: -30,
        progress: { show: true, width: 14 }, axisLine: { lineStyle: { width: 14 } },
        pointer: { show: false }, splitNumber: 4, axisLabel: { distance: 18, formatter: '{value} %' },
        detail: { valueAnimation: false, offsetCenter: [0, '10%'], fontSize: 24, formatter: v => v.toFixed(1) + ' %' },
        title: { offsetCenter: [0, '45%'] },
        data: [{ value: data.progress.pct, name: d.labelTarget }],
      }, {
        // The share of the pilot's days already gone, as a thin outer ring: ahead of it is on pace.
        type: 'gauge', min: 0, max: 100, startAngle: 210, endAngle: -30, radius: '95%',
        progress: { show: true, width: 4, itemStyle: { color: '#9e9e9e' } }, axisLine: { lineStyle: { width: 4, color: [[1, '#eeeeee']] } },
        pointer: { show: false }, axisTick: { show: false }, splitLine: { show: false }, axisLabel: { show: false },
        detail: { show: false }, title: { show: false },
        data: [{ value: data.progress.elapsedPct, name: d.labelElapsed }],
      }],
    });
    charts.push(chart);
  }

  el.dataset.rendered = 'true';
  window.addEventListener('resize', () => charts.forEach(c => c.resize()));
})();
