namespace SmartBin.Gateway.Web;

/// <summary>The status page's inline style and script (no external assets: the gateway may have no internet).</summary>
internal static class StatusPageAssets
{
    public const string Css = """
        :root { color-scheme: light dark; --ok: #1a7f37; --bad: #c62828; --muted: #6b7280; }
        body { font: 14px/1.4 system-ui, "PingFang SC", "Microsoft YaHei", sans-serif; margin: 0 auto; padding: 1rem; max-width: 78rem; }
        header { display: flex; gap: 1rem; align-items: baseline; flex-wrap: wrap; }
        h1 { font-size: 1.4rem; margin: 0; } h2 { font-size: 1.1rem; margin: 1.4rem 0 .4rem; }
        .muted { color: var(--muted); } .warn { color: var(--bad); font-weight: 600; }
        table { border-collapse: collapse; width: 100%; } th, td { text-align: left; padding: .25rem .5rem; border-bottom: 1px solid #8884; vertical-align: middle; }
        th { font-weight: 600; white-space: nowrap; } td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; }
        .on { color: var(--ok); } .off { color: var(--bad); font-weight: 600; } .alert { color: var(--bad); }
        progress, meter { width: 7rem; vertical-align: middle; }
        .grid { display: grid; gap: 0 2rem; grid-template-columns: repeat(auto-fit, minmax(28rem, 1fr)); }
        """;

    /// <summary>
    /// Refreshes every table from the status API every 5 s. Data only ever reaches the page through
    /// <c>textContent</c> and attribute setters, never through HTML parsing, so a hostile string stays text.
    /// </summary>
    public const string Script = """
        (() => {
          'use strict';
          const T = JSON.parse(document.getElementById('labels').textContent);
          const $ = id => document.getElementById(id);
          const locale = document.documentElement.lang === 'en' ? 'en-GB' : 'zh-CN';
          const label = (key, fallback) => (Object.hasOwn(T, key) ? T[key] : fallback);
          const kg = g => (g / 1000).toFixed(2);
          const when = s => (s ? new Date(s).toLocaleString(locale, { hour12: false }) : '');
          function cell(content, numeric) {
            const td = document.createElement('td');
            if (content instanceof Node) td.appendChild(content); else td.textContent = content == null ? '' : String(content);
            if (numeric) td.className = 'n';
            return td;
          }
          function fill(id, items, toCells, numericColumns) {
            const trs = items.map(item => {
              const tr = document.createElement('tr');
              toCells(item).forEach((c, i) => tr.appendChild(cell(c, numericColumns.includes(i))));
              return tr;
            });
            if (trs.length === 0) {
              const tr = document.createElement('tr');
              const td = cell(label('none', ''));
              td.colSpan = $(id).parentElement.querySelectorAll('th').length;
              td.className = 'muted';
              tr.appendChild(td);
              trs.push(tr);
            }
            $(id).replaceChildren(...trs);
          }
          function bar(tag, pct, attrs) {
            const e = document.createElement(tag);
            for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
            e.value = pct;
            const wrap = document.createElement('span');
            wrap.append(e, ' ' + pct + '%');
            return wrap;
          }
          function text(value, cls) {
            const s = document.createElement('span');
            s.className = cls;
            s.textContent = value;
            return s;
          }
          const kinds = alerts => alerts.map(a => label('k.' + a.kind, a.kind)).join(', ');
          async function get(path) {
            const r = await fetch(path, { headers: { Accept: 'application/json' }, cache: 'no-store' });
            if (!r.ok) throw new Error(path + ': ' + r.status);
            return r.json();
          }
          async function refresh() {
            try {
              const [c, b, a, d, p] = await Promise.all([
                get('/api/status/communities'), get('/api/status/bins'), get('/api/status/alerts?limit=1'),
                get('/api/status/dropoffs?limit=20'), get('/api/status/balances?limit=10')]);
              fill('communities', c.communities, x => [x.name, x.households, kg(x.creditedGrams) + ' / ' + (x.targetGrams / 1000).toFixed(0),
                bar('progress', Math.min(100, x.progressPct), { max: 100 })], [1, 2]);
              fill('bins', b.bins, x => {
                const t = x.telemetry;
                return [x.binId, [x.communityId, x.location].filter(Boolean).join(' · '), text(label(x.online ? 'online' : 'offline', ''), x.online ? 'on' : 'off'),
                  t && t.fillPct >= 0 ? bar('meter', t.fillPct, { min: 0, max: 100, low: Math.max(0, x.fillAlertPct - 30), high: x.fillAlertPct, optimum: 0 }) : '—',
                  t ? kg(t.weightGrams) : '', t ? t.rssiDbm : '', t ? t.outboxDepth + '/' + t.outboxCapacity : '', x.firmwareVersion,
                  when(x.lastSeenUtc), x.dropOffsToday, text(kinds(x.alerts), 'alert')];
              }, [4, 5, 6, 9]);
              fill('alerts', a.open, x => [x.binId, label('k.' + x.kind, x.kind), x.code, when(x.openedUtc), x.detail], []);
              fill('dropoffs', d.dropOffs, x => [when(x.occurredUtc), x.binId, x.cardMasked, kg(x.netGrams), label('o.' + x.outcome, x.outcome), x.points], [3, 5]);
              fill('balances', p.balances, x => [x.householdId, x.communityId, x.points, kg(x.gramsCo2e)], [2, 3]);
              $('updated').textContent = label('updated', '') + ' ' + when(new Date().toISOString());
              $('stale').hidden = true;
            } catch (e) {
              $('stale').hidden = false;
            }
          }
          refresh();
          setInterval(refresh, 5000);
        })();
        """;
}
