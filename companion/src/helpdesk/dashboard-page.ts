/**
 * The dashboard's HTML: status in sentences, the effective endpoint settings with their source and
 * when they apply, the connection test as a checklist, events as sentences
 * with a filter, and the support bundle download. All text comes from /dashboard/status and
 * /dashboard/test already written for people; the script only places it (textContent, never HTML).
 */
import { CATEGORIES } from './sentences.ts';

const CATEGORY_LABELS: Record<(typeof CATEGORIES)[number], string> = {
  calls: 'Calls and quality',
  registration: 'Registration',
  softphone: 'Softphone link',
  wwe: 'WWE',
};

export const DASHBOARD_STYLE = `
.checks{list-style:none;padding:0}.checks li{margin:.3rem 0}.checks .mark{font-weight:bold;margin-right:.4rem}
.ok .mark{color:#176f2c}.bad .mark{color:#b3261e}.detail{display:block;margin-left:1.4rem;color:#444}
.filter{display:flex;gap:.6rem;align-items:center;flex-wrap:wrap;margin-bottom:.5rem}
#events{list-style:none;padding:0;max-height:28rem;overflow:auto;border:1px solid #ccc}
#events li{padding:.25rem .5rem;border-bottom:1px solid #eee}#events time{color:#555;margin-right:.6rem;font-variant-numeric:tabular-nums}`;

export function dashboardBody(nonce: string, pwaLink: string): string {
  const options = CATEGORIES.map((c) => `<option value="${c}">${CATEGORY_LABELS[c]}</option>`).join('');
  return `<h1>WebRTC Gateway Bridge — companion</h1>
<p>${pwaLink}</p>
<table>
<tr><th>Softphone</th><td data-testid="dash-softphone" id="softphone">…</td></tr>
<tr><th>Registration</th><td data-testid="dash-registration" id="registration">…</td></tr>
<tr><th>WWE</th><td data-testid="dash-wwe" id="wwe">…</td></tr>
<tr><th>Gateway</th><td id="gateway">…</td></tr>
<tr><th>Current call</th><td id="call">…</td></tr>
<tr><th>Certificate</th><td id="certificate">…</td></tr>
</table>
<p><button id="test" type="button">Test connection</button>
<button id="bundle" type="button" data-testid="dash-bundle">Download support bundle</button></p>
<ul id="checks" class="checks" data-testid="dash-checks" role="status" aria-live="polite"></ul>
<h2>Endpoint settings</h2>
<p>What the softphone applies, where each value came from (default, machine or WWE) and when it takes effect.</p>
<table data-testid="dash-settings"><thead><tr><th>Setting</th><th>Value</th><th>From</th><th>Applies</th></tr></thead><tbody id="settings"></tbody></table>
<h3>WWE keys not applied</h3>
<ul id="other-settings" data-testid="dash-other-settings"></ul>
<h2>Recent events</h2>
<div class="filter"><label>Show <select id="category" data-testid="dash-filter-category"><option value="">Everything</option>${options}</select></label>
<label>Containing <input id="text" type="search" data-testid="dash-filter-text"></label></div>
<ul id="events" data-testid="dash-events"></ul>
<script nonce="${nonce}">
(() => {
  const $ = (id) => document.getElementById(id);
  const json = { 'Content-Type': 'application/json' };
  let events = [];
  function item(tag, parts) {
    const el = document.createElement(tag);
    for (const [cls, text, name] of parts) {
      const part = document.createElement(name || 'span');
      if (cls) part.className = cls;
      part.textContent = text;
      el.append(part);
    }
    return el;
  }
  function showEvents() {
    const category = $('category').value;
    const text = $('text').value.trim().toLowerCase();
    const shown = events.filter((e) => (!category || e.category === category) && (!text || e.text.toLowerCase().includes(text)));
    $('events').replaceChildren(...(shown.length
      ? shown.map((e) => item('li', [['', e.when, 'time'], ['', e.text]]))
      : [item('li', [['', events.length ? 'No event matches the filter.' : 'No events yet.']])]));
  }
  async function refresh() {
    try {
      const s = await (await fetch('/dashboard/status')).json();
      for (const [id, text] of Object.entries(s.summary)) $(id).textContent = text;
      $('settings').replaceChildren(...s.endpointSettings.map((r) => {
        const tr = item('tr', [['', r.field, 'th'], ['', r.value, 'td'], ['', r.source, 'td'], ['', r.applies, 'td']]);
        tr.dataset.field = r.field;
        return tr;
      }));
      $('other-settings').replaceChildren(...(s.otherSettingKeys.length
        ? s.otherSettingKeys.map((r) => item('li', [['', r.key + ' = ' + r.value + ' (' + r.source + '): ' + r.note]]))
        : [item('li', [['', 'None.']])]));
      events = s.events;
      showEvents();
    } catch (err) {
      $('softphone').textContent = 'The companion does not answer: ' + err;
    }
  }
  $('test').addEventListener('click', async () => {
    $('checks').replaceChildren(item('li', [['', 'Testing…']]));
    try {
      const report = await (await fetch('/dashboard/test', { method: 'POST', headers: json, body: '{}' })).json();
      $('checks').replaceChildren(...report.checks.map((c) => {
        const li = item('li', [['mark', c.ok ? '✓' : '✗'], ['label', c.label], ['detail', c.detail]]);
        li.className = c.ok ? 'ok' : 'bad';
        li.dataset.check = c.id;
        return li;
      }));
    } catch (err) {
      $('checks').replaceChildren(item('li', [['', 'The test could not run: ' + err]]));
    }
  });
  $('bundle').addEventListener('click', async () => {
    const res = await fetch('/dashboard/support-bundle', { method: 'POST', headers: json, body: '{}' });
    const blob = await res.blob();
    const a = document.createElement('a');
    a.href = URL.createObjectURL(blob);
    a.download = (res.headers.get('Content-Disposition') || '').split('filename=')[1]?.replaceAll('"', '') || 'support-bundle.json';
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(a.href), 10000);
  });
  $('category').addEventListener('change', showEvents);
  $('text').addEventListener('input', showEvents);
  refresh();
  setInterval(refresh, 3000);
})();
</script>`;
}
