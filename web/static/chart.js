// chart.js - small SVG charts drawn in the page: shares with their 95%
// intervals as dots and whiskers, and lines over time.
import { s } from './dom.js';

// rows: [{label, share, low, high, n}] -> a dot-and-whisker chart, 0..100%.
export function intervals(rows, { width = 900, title, fmt = (x) => `${(100 * x).toFixed(1)}%`, colour } = {}) {
  const lw = Math.min(320, Math.max(120, ...rows.map((r) => r.label.length * 6.8)));
  const fit = Math.floor(lw / 6.8);
  const rh = 26;
  const height = rows.length * rh + 40;
  const x = (v) => lw + 12 + (width - lw - 70) * v;
  const svg = s('svg', { viewBox: `0 0 ${width} ${height}`, class: 'chart', role: 'img', 'aria-label': title || '' });
  if (title) svg.append(s('title', {}, title));
  for (const g of [0, 0.25, 0.5, 0.75, 1]) {
    svg.append(s('line', { x1: x(g), x2: x(g), y1: 8, y2: height - 24, stroke: '#e1e5ea' }));
    svg.append(s('text', { x: x(g), y: height - 8, 'text-anchor': 'middle', 'font-size': 11, fill: '#55606e' }, `${g * 100}%`));
  }
  rows.forEach((r, i) => {
    const y = 20 + i * rh;
    svg.append(s('text', { x: lw, y: y + 4, 'text-anchor': 'end', 'font-size': 12, fill: '#1b2430' }, r.label.length > fit ? r.label.slice(0, fit - 1) + '…' : r.label));
    if (r.share === null || r.share === undefined) return;
    svg.append(s('line', { x1: x(r.low), x2: x(r.high), y1: y, y2: y, stroke: '#1f4e79', 'stroke-width': 2 }));
    svg.append(s('line', { x1: x(r.low), x2: x(r.low), y1: y - 5, y2: y + 5, stroke: '#1f4e79', 'stroke-width': 2 }));
    svg.append(s('line', { x1: x(r.high), x2: x(r.high), y1: y - 5, y2: y + 5, stroke: '#1f4e79', 'stroke-width': 2 }));
    svg.append(s('circle', { cx: x(r.share), cy: y, r: 5, fill: colour ? colour(r) : r.share >= 0.2 ? '#b3261e' : r.share >= 0.1 ? '#c98200' : '#1e6b34' }));
    svg.append(s('text', { x: width - 4, y: y + 4, 'text-anchor': 'end', 'font-size': 12, fill: '#1b2430' }, fmt(r.share)));
  });
  return svg;
}

// series: [{name, colour, points: [[x, y]]}] with x a count, y a percent.
export function lines(series, { width = 900, height = 320, title, xLabel = '', yFmt = (v) => `${v.toFixed(0)}%` } = {}) {
  const pts = series.flatMap((se) => se.points);
  const svg = s('svg', { viewBox: `0 0 ${width} ${height}`, class: 'chart', role: 'img', 'aria-label': title || '' });
  if (title) svg.append(s('title', {}, title));
  if (!pts.length) return svg;
  const [xa, xb] = [Math.min(...pts.map((p) => p[0])), Math.max(...pts.map((p) => p[0]))];
  let [ya, yb] = [Math.min(...pts.map((p) => p[1])), Math.max(...pts.map((p) => p[1]))];
  const padY = Math.max(1, (yb - ya) * 0.1);
  ya = Math.max(0, ya - padY);
  yb += padY;
  const L = 48, R = 130, T = 12, B = 34;
  const x = (v) => L + ((width - L - R) * (v - xa)) / Math.max(1e-9, xb - xa);
  const y = (v) => height - B - ((height - T - B) * (v - ya)) / Math.max(1e-9, yb - ya);
  for (let k = 0; k <= 4; k++) {
    const v = ya + ((yb - ya) * k) / 4;
    svg.append(s('line', { x1: L, x2: width - R, y1: y(v), y2: y(v), stroke: '#e1e5ea' }));
    svg.append(s('text', { x: L - 6, y: y(v) + 4, 'text-anchor': 'end', 'font-size': 11, fill: '#55606e' }, yFmt(v)));
  }
  svg.append(s('text', { x: (L + width - R) / 2, y: height - 6, 'text-anchor': 'middle', 'font-size': 11, fill: '#55606e' }, xLabel));
  for (const v of [xa, (xa + xb) / 2, xb]) {
    svg.append(s('text', { x: x(v), y: height - B + 14, 'text-anchor': 'middle', 'font-size': 11, fill: '#55606e', class: 'x-tick' }, Math.round(v)));
  }
  // Lines, then their names at the right end, pushed apart to be legible.
  const labels = [];
  for (const se of series) {
    if (!se.points.length) continue;
    svg.append(s('polyline', { points: se.points.map((p) => `${x(p[0]).toFixed(1)},${y(p[1]).toFixed(1)}`).join(' '), fill: 'none', stroke: se.colour, 'stroke-width': 2 }));
    const lp = se.points[se.points.length - 1];
    labels.push({ y: y(lp[1]) + 4, x: x(lp[0]) + 6, se });
  }
  // Pushed down 13px apart, then, if the lowest would reach the x axis's
  // numbers, back up from the plot's bottom; never above its top.
  labels.sort((a, b) => a.y - b.y);
  for (let i = 1; i < labels.length; i++) labels[i].y = Math.max(labels[i].y, labels[i - 1].y + 13);
  const floor = height - B - 2;
  for (let i = labels.length - 1; i >= 0; i--) {
    const limit = i === labels.length - 1 ? floor : labels[i + 1].y - 13;
    labels[i].y = Math.max(T + 10, Math.min(labels[i].y, limit));
  }
  for (const l of labels) {
    svg.append(s('text', { x: l.x, y: l.y, 'font-size': 11, fill: l.se.colour, class: 'series-label' }, l.se.name.length > 20 ? l.se.name.slice(0, 19) + '…' : l.se.name));
  }
  return svg;
}
