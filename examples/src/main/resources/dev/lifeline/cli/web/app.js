// Lifeline's read-only dashboard: every value is set with textContent, never as markup.
'use strict';

const STATES = ['QUEUED', 'PROCESSING', 'VERIFICATION', 'COMPLETED', 'FAILED'];

function el(tag, text, cls) {
  const e = document.createElement(tag);
  if (text !== undefined && text !== null) e.textContent = String(text);
  if (cls) e.className = cls;
  return e;
}

async function json(url) {
  const r = await fetch(url, { credentials: 'same-origin' });
  if (!r.ok) throw new Error(url + ': HTTP ' + r.status);
  return r.json();
}

function result(j) {
  if (j.state === 'COMPLETED') return j.exitCode === null ? 'completed' : 'exit ' + j.exitCode;
  if (j.failureReason) return j.failureReason + (j.failureDetail ? ': ' + j.failureDetail : '');
  if (j.held) return 'held';
  if (j.state === 'QUEUED' && j.after && j.after.length) return 'waits for ' + j.after.join(', ');
  return '';
}

function counts(target, byState) {
  const box = document.getElementById(target);
  box.replaceChildren(...STATES.map(s => el('span', s + ' ' + (byState[s] || 0), 'state-' + s)));
}

async function jobsPage() {
  const params = new URLSearchParams();
  for (const f of ['state', 'name', 'group']) {
    const v = document.getElementById(f).value;
    if (v) params.set(f, v);
  }
  const [jobs, byState] = await Promise.all([json('/api/jobs?' + params), json('/api/counts')]);
  counts('counts', byState);
  const rows = jobs.map(j => {
    const tr = el('tr');
    tr.id = 'job-' + j.id;
    tr.dataset.state = j.state;
    const link = el('a', j.id);
    link.href = '/jobs/' + j.id;
    const id = el('td');
    id.append(link);
    tr.append(id, el('td', j.state, 'state state-' + j.state), el('td', j.attempt + '/' + j.maxAttempts),
      el('td', j.name, 'name'), el('td', j.group), el('td', result(j), 'result'), el('td', j.updatedAt));
    return tr;
  });
  document.querySelector('#jobs tbody').replaceChildren(...rows);
}

async function jobPage() {
  const id = location.pathname.split('/').pop();
  const j = await json('/api/jobs/' + encodeURIComponent(id));
  document.getElementById('title').textContent = 'Job ' + j.id + ' ' + j.name + ' ' + j.state;
  document.getElementById('title').className = 'state-' + j.state;
  const fields = [['state', j.state], ['attempt', j.attempt + '/' + j.maxAttempts], ['command', j.argv.join(' ')],
    ['cwd', j.cwd], ['group', j.group], ['session', j.session], ['exit code', j.exitCode], ['result', result(j)],
    ['created', j.createdAt], ['started', j.startedAt], ['finished', j.finishedAt]];
  document.querySelector('#fields tbody').replaceChildren(...fields.filter(f => f[1] !== null && f[1] !== '')
    .map(f => { const tr = el('tr'); tr.append(el('th', f[0]), el('td', f[1])); return tr; }));
  const svg = await fetch('/api/jobs/' + encodeURIComponent(id) + '/timeline.svg', { credentials: 'same-origin' });
  if (svg.ok) {
    // Parsed as XML, not as HTML: the server escapes every text in it, and a parsed document runs no script.
    const picture = new DOMParser().parseFromString(await svg.text(), 'image/svg+xml').documentElement;
    document.getElementById('timeline').replaceChildren(document.importNode(picture, true));
  }
  document.querySelector('#history tbody').replaceChildren(...j.history.map(h => {
    const tr = el('tr');
    tr.append(el('td', h.at), el('td', h.event), el('td', (h.from ? h.from + ' -> ' : '') + h.to), el('td', h.attempt),
      el('td', h.actor), el('td', (h.reason ? h.reason + (h.detail ? ': ' : '') : '') + (h.detail || '')));
    return tr;
  }));
  const log = await fetch('/api/jobs/' + encodeURIComponent(id) + '/log', { credentials: 'same-origin' });
  document.getElementById('log').textContent = log.ok ? await log.text() : '(no output yet)';
}

async function healthPage() {
  const h = await json('/api/health');
  const verdict = document.getElementById('verdict');
  verdict.textContent = h.healthy ? 'healthy' : 'UNHEALTHY';
  verdict.className = h.healthy ? 'healthy' : 'unhealthy';
  document.getElementById('problems').replaceChildren(...h.problems.map(p => el('li', p)));
  counts('counts', h.counts);
  const facts = [['supervisor', h.lease ? h.lease.holder + (h.lease.stale ? ' (stale)' : '') : 'none'],
    ['sessions', h.runtime.healthy ? h.runtime.sessions + ' seen' : 'unknown (' + h.runtime.reason + ')'],
    ['orphans', h.orphans.length], ['stuck', h.stuck.map(j => j.id).join(', ') || 'none'],
    ['held back', h.heldBack.length],
    ['notifications', h.notifications.undelivered + ' undelivered, ' + h.notifications.failed + ' given up']];
  document.querySelector('#facts tbody').replaceChildren(...facts.map(f => {
    const tr = el('tr'); tr.append(el('th', f[0]), el('td', f[1])); return tr;
  }));
}

const PAGES = { jobs: jobsPage, job: jobPage, health: healthPage };

function start() {
  const page = PAGES[document.body.dataset.page];
  const live = document.getElementById('live');
  // One read at a time; a change that arrives during a read starts one more read when it ends, so none is missed.
  let reading = false;
  let again = false;
  const refresh = () => {
    if (reading) { again = true; return; }
    reading = true;
    page().then(() => { live.textContent = 'live'; }, e => { live.textContent = e.message; })
      .finally(() => { reading = false; if (again) { again = false; refresh(); } });
  };
  const filters = document.getElementById('filters');
  if (filters) filters.addEventListener('input', refresh);
  const events = new EventSource('/api/events');
  events.addEventListener('change', refresh);
  events.onerror = () => { live.textContent = 'reconnecting'; };
  refresh();
}

document.addEventListener('DOMContentLoaded', start);
