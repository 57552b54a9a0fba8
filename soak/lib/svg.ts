/** Plain SVG charts written by code (no chart dependency): memory over time, call outcomes over time. */

export interface Series {
  name: string;
  color: string;
  /** [minutes since start, value] */
  points: readonly (readonly [number, number])[];
}

const W = 720;
const H = 260;
const PAD = { left: 60, right: 20, top: 30, bottom: 40 };

const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function frame(title: string, xMax: number, yLabel: string, body: string, legend: string): string {
  const x0 = PAD.left;
  const y0 = H - PAD.bottom;
  const ticks = [0, 0.25, 0.5, 0.75, 1]
    .map((f) => {
      const x = x0 + f * (W - PAD.left - PAD.right);
      return `<text x="${x.toFixed(1)}" y="${y0 + 16}" font-size="11" text-anchor="middle">${(f * xMax).toFixed(1)}</text>`;
    })
    .join('');
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif">`,
    `<rect width="${W}" height="${H}" fill="white"/>`,
    `<text x="${W / 2}" y="18" font-size="13" text-anchor="middle">${esc(title)}</text>`,
    `<line x1="${x0}" y1="${y0}" x2="${W - PAD.right}" y2="${y0}" stroke="#333"/>`,
    `<line x1="${x0}" y1="${PAD.top}" x2="${x0}" y2="${y0}" stroke="#333"/>`,
    ticks,
    `<text x="${W / 2}" y="${H - 6}" font-size="11" text-anchor="middle">minutes into the shift</text>`,
    `<text x="14" y="${(PAD.top + y0) / 2}" font-size="11" text-anchor="middle" transform="rotate(-90 14 ${(PAD.top + y0) / 2})">${esc(yLabel)}</text>`,
    body,
    legend,
    '</svg>',
    '',
  ].join('\n');
}

function legendOf(items: readonly { name: string; color: string }[]): string {
  return items
    .map(
      (s, i) =>
        `<rect x="${PAD.left + 10 + i * 170}" y="${PAD.top - 2}" width="10" height="10" fill="${s.color}"/>` +
        `<text x="${PAD.left + 24 + i * 170}" y="${PAD.top + 7}" font-size="11">${esc(s.name)}</text>`,
    )
    .join('');
}

/** Lines over time, y from 0 to the largest value (with its label at the top). */
export function lineChart(title: string, yLabel: string, series: readonly Series[], xMax: number): string {
  const yMax = Math.max(1, ...series.flatMap((s) => s.points.map((p) => p[1]))) * 1.1;
  const sx = (x: number): number => PAD.left + (x / Math.max(xMax, 1e-9)) * (W - PAD.left - PAD.right);
  const sy = (y: number): number => H - PAD.bottom - (y / yMax) * (H - PAD.top - PAD.bottom);
  const lines = series
    .map((s) => {
      const pts = s.points.map(([x, y]) => `${sx(x).toFixed(1)},${sy(y).toFixed(1)}`).join(' ');
      return `<polyline fill="none" stroke="${s.color}" stroke-width="1.5" points="${pts}"/>`;
    })
    .join('\n');
  const top = `<text x="${PAD.left - 4}" y="${PAD.top + 4}" font-size="11" text-anchor="end">${yMax.toFixed(0)}</text>`;
  const zero = `<text x="${PAD.left - 4}" y="${H - PAD.bottom}" font-size="11" text-anchor="end">0</text>`;
  return frame(title, xMax, yLabel, `${lines}\n${top}${zero}`, legendOf(series));
}

export interface Mark {
  /** minutes since start */
  at: number;
  /** 0: top row … */
  row: number;
  color: string;
  label: string;
  /** width in minutes (a fault window); 0: a dot */
  width?: number;
}

/** Rows of marks over time: fault windows as bars, calls as dots coloured by outcome. */
export function timelineChart(
  title: string,
  rows: readonly string[],
  marks: readonly Mark[],
  xMax: number,
  legend: readonly { name: string; color: string }[],
): string {
  const sx = (x: number): number => PAD.left + (x / Math.max(xMax, 1e-9)) * (W - PAD.left - PAD.right);
  const rowH = (H - PAD.top - PAD.bottom - 20) / Math.max(rows.length, 1);
  const rowY = (r: number): number => PAD.top + 20 + r * rowH + rowH / 2;
  const labels = rows
    .map((r, i) => `<text x="${PAD.left - 4}" y="${rowY(i) + 4}" font-size="11" text-anchor="end">${esc(r)}</text>`)
    .join('');
  const shapes = marks
    .map((m) =>
      m.width
        ? `<rect x="${sx(m.at).toFixed(1)}" y="${(rowY(m.row) - 6).toFixed(1)}" width="${Math.max(2, sx(m.at + m.width) - sx(m.at)).toFixed(1)}" height="12" fill="${m.color}"><title>${esc(m.label)}</title></rect>`
        : `<circle cx="${sx(m.at).toFixed(1)}" cy="${rowY(m.row).toFixed(1)}" r="4" fill="${m.color}"><title>${esc(m.label)}</title></circle>`,
    )
    .join('\n');
  return frame(title, xMax, '', `${labels}\n${shapes}`, legendOf(legend));
}
