// The analytics dashboard (/analytics.html): interaction counts from GET /api/analytics, drawn as
// charts a person would rather look at than read. Demo code: it uses Preact with hooks freely.
import { Fragment, h, render } from 'preact';
import { useEffect, useState } from 'preact/hooks';

/** Seed 002's figures: conversations counted by conversation_id, page views beside them. */
interface Counts {
  pageViews: number;
  initialized: number;
  engaged: number;
  interactionRate: number;
  abandoned: number;
}

interface Analytics extends Counts {
  opens: number;
  byPage: (Counts & { page: string })[];
  byDevice: (Counts & { device: string })[];
  byHour: (Counts & { hour: string })[];
}

const RANGES = { '1h': 3600, '24h': 86_400, '7d': 7 * 86_400 } as const;
type Range = keyof typeof RANGES;
const KEY_STORAGE = 'agent-chat-analytics-key';

/** Whether the gateway has an owner key, and how to get one. */
interface Status {
  enabled: boolean;
  help: string;
}

async function loadStatus(): Promise<Status> {
  const response = await fetch('/api/analytics/status');
  if (!response.ok) throw new Error(`The gateway answered HTTP ${response.status}.`);
  return (await response.json()) as Status;
}

async function load(key: string, range: Range): Promise<Analytics> {
  const end = Math.ceil(Date.now() / 1000) + 60;
  const response = await fetch(`/api/analytics?start_time=${end - RANGES[range]}&end_time=${end}`, { headers: { 'x-api-key': key } });
  const body = (await response.json()) as Analytics & { error?: { message: string } };
  if (!response.ok) throw new Error(body.error?.message ?? `HTTP ${response.status}`);
  return body;
}

/** A page URL without its origin (the dashboard's own site). */
function pageName(url: string): string {
  try {
    const { pathname, search } = new URL(url);
    return pathname + search;
  } catch {
    return url;
  }
}

const percent = (value: number) => `${value.toLocaleString('en', { maximumFractionDigits: 1 })}%`;

function Cards({ data }: { data: Analytics }) {
  const cards: [string, string][] = [
    ['Page views', data.pageViews.toLocaleString('en')],
    ['Conversations initialized', data.initialized.toLocaleString('en')],
    ['Chats opened', data.opens.toLocaleString('en')],
    ['Engaged', data.engaged.toLocaleString('en')],
    ['Interaction rate', percent(data.interactionRate)],
    ['Abandoned', data.abandoned.toLocaleString('en')],
  ];
  return (
    <dl class="cards">
      {cards.map(([label, value]) => (
        <div class="card" key={label}>
          <dt>{label}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}

/** Conversations initialized and engaged per hour as bars, the interaction rate as a line. */
function HourChart({ hours }: { hours: Analytics['byHour'] }) {
  const width = 640;
  const height = 220;
  const pad = { top: 12, right: 40, bottom: 28, left: 36 };
  const plotW = width - pad.left - pad.right;
  const plotH = height - pad.top - pad.bottom;
  const max = Math.max(1, ...hours.map((hour) => hour.initialized));
  const step = plotW / Math.max(1, hours.length);
  const barW = Math.max(2, Math.min(18, step / 2.5));
  const y = (value: number) => pad.top + plotH - (value / max) * plotH;
  const rateY = (rate: number) => pad.top + plotH - (rate / 100) * plotH;
  const x = (i: number) => pad.left + step * i + step / 2;
  const summary = hours
    .map((hour) => `${new Date(hour.hour).toLocaleTimeString('en', { hour: '2-digit', minute: '2-digit' })}: ${hour.initialized} initialized, ${hour.engaged} engaged, ${hour.pageViews} page views`)
    .join('; ');
  return (
    <svg viewBox={`0 0 ${width} ${height}`} role="img" aria-label={`Interaction by hour. ${summary}`}>
      {[0, 0.5, 1].map((f) => (
        <g key={f}>
          <line x1={pad.left} x2={width - pad.right} y1={pad.top + plotH * (1 - f)} y2={pad.top + plotH * (1 - f)} stroke="#e2e8f0" />
          <text x={pad.left - 6} y={pad.top + plotH * (1 - f) + 4} text-anchor="end" font-size="11" fill="#64748b">{Math.round(max * f)}</text>
          <text x={width - pad.right + 6} y={pad.top + plotH * (1 - f) + 4} font-size="11" fill="#64748b">{Math.round(100 * f)}%</text>
        </g>
      ))}
      {hours.map((hour, i) => (
        <g key={hour.hour}>
          <rect x={x(i) - barW} y={y(hour.initialized)} width={barW} height={pad.top + plotH - y(hour.initialized)} rx="2" fill="#c7d2fe" />
          <rect x={x(i)} y={y(hour.engaged)} width={barW} height={pad.top + plotH - y(hour.engaged)} rx="2" fill="#4f46e5" />
          {(hours.length <= 12 || i % Math.ceil(hours.length / 12) === 0) && (
            <text x={x(i)} y={height - 8} text-anchor="middle" font-size="11" fill="#64748b">
              {new Date(hour.hour).toLocaleTimeString('en', { hour: '2-digit', minute: '2-digit' })}
            </text>
          )}
        </g>
      ))}
      <polyline fill="none" stroke="#f59e0b" stroke-width="2.5" points={hours.map((hour, i) => `${x(i)},${rateY(hour.interactionRate)}`).join(' ')} />
      {hours.map((hour, i) => <circle key={hour.hour} cx={x(i)} cy={rateY(hour.interactionRate)} r="3" fill="#f59e0b" />)}
    </svg>
  );
}

function BarList({ rows, label }: { rows: (Counts & { name: string })[]; label: string }) {
  const max = Math.max(1, ...rows.map((r) => r.initialized));
  if (rows.length === 0) return <p class="empty-state">No page views yet.</p>;
  return (
    <ul class="bars" aria-label={label}>
      {rows.map((row) => (
        <li key={row.name}>
          <span class="label">{row.name}</span>
          <span class="value">
            {row.pageViews} page view{row.pageViews === 1 ? '' : 's'} · {row.initialized} initialized · {row.engaged} engaged ({percent(row.interactionRate)})
          </span>
          <span class="track" aria-hidden="true">
            <span class="fill" style={{ width: `${(row.initialized / max) * 100}%` }} />
            <span class="fill engaged" style={{ width: `${(row.engaged / max) * 100}%` }} />
          </span>
        </li>
      ))}
    </ul>
  );
}

function Dashboard() {
  const [key, setKey] = useState(() => sessionStorage.getItem(KEY_STORAGE) ?? '');
  const [range, setRange] = useState<Range>('24h');
  const [data, setData] = useState<Analytics | null>(null);
  const [error, setError] = useState('');
  const [status, setStatus] = useState<Status | null>(null);

  useEffect(() => {
    loadStatus().then(setStatus, (e: Error) => setError(e.message));
  }, []);

  async function submit(event: Event) {
    event.preventDefault();
    sessionStorage.setItem(KEY_STORAGE, key);
    try {
      setData(await load(key, range));
      setError('');
    } catch (e) {
      setData(null);
      setError((e as Error).message);
    }
  }

  return (
    <>
      <p class="eyebrow">agent-chat analytics</p>
      <h1>Who saw the chat, and who used it</h1>
      <p class="lede">
        A conversation is initialized on the first page view that shows the widget, and engaged once the visitor writes in it;
        the interaction rate is engaged ÷ initialized conversations. Page views count every view of the widget.
      </p>
      {status && !status.enabled && (
        <p class="setup" role="status">
          {status.help}
        </p>
      )}
      {status?.enabled && (
      <form class="controls" onSubmit={submit}>
        <label>
          API key
          <input type="password" value={key} onInput={(e) => setKey(e.currentTarget.value)} autocomplete="off" required aria-describedby="key-help" />
        </label>
        <label>
          Window
          <select value={range} onChange={(e) => setRange(e.currentTarget.value as Range)}>
            <option value="1h">Last hour</option>
            <option value="24h">Last 24 hours</option>
            <option value="7d">Last 7 days</option>
          </select>
        </label>
        <button type="submit">Show</button>
        <p id="key-help" class="hint">{status.help}</p>
      </form>
      )}
      {error && <p class="error" role="alert">{error}</p>}
      {data && (
        <section aria-label="Results">
          <Cards data={data} />
          <div class="panels">
            <section class="panel" aria-labelledby="by-hour">
              <h2 id="by-hour">Interaction by hour</h2>
              <HourChart hours={data.byHour} />
              <p class="legend">
                <span><i class="swatch" style={{ background: '#c7d2fe' }} />Initialized</span>
                <span><i class="swatch" style={{ background: '#4f46e5' }} />Engaged</span>
                <span><i class="swatch" style={{ background: '#f59e0b' }} />Interaction rate</span>
              </p>
            </section>
            <section class="panel" aria-labelledby="by-device">
              <h2 id="by-device">By device</h2>
              <BarList label="By device" rows={data.byDevice.map((d) => ({ ...d, name: d.device }))} />
            </section>
            <section class="panel" aria-labelledby="by-page">
              <h2 id="by-page">By page</h2>
              <BarList label="By page" rows={data.byPage.map((p) => ({ ...p, name: pageName(p.page) }))} />
            </section>
          </div>
        </section>
      )}
    </>
  );
}

render(<Dashboard />, document.getElementById('dashboard')!);
