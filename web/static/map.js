// map.js - a schematic map of the mission's regions without map tiles:
// each region is a circle at its coordinates (an equirectangular
// projection scaled by the cosine of the middle latitude), its area
// growing with the stations expected, its colour telling the share that
// reported.  Regions without coordinates (stations abroad) sit in a row
// below.  Every circle can be reached with the keyboard.  Labels are
// placed so that none overlaps another (placeLabels).
import { s } from './dom.js';

export const SHADES = [
  { min: 0.95, fill: '#1e6b34', key: 'map.ge95' },
  { min: 0.8, fill: '#5a9e4b', key: 'map.ge80' },
  { min: 0.5, fill: '#d99a1e', key: 'map.ge50' },
  { min: 0, fill: '#c2412d', key: 'map.lt50' },
];
export function shade(share) {
  if (share === null) return '#b8c1cc';
  return SHADES.find((x) => share >= x.min).fill;
}

// regions: [{code, name, lat, lon, value (0..1 or null), weight, label}]
// onPick(region) when a circle is clicked or chosen with Enter.
export function regionMap(regions, { width = 720, height = 400, title, onPick } = {}) {
  const placed = regions.filter((r) => Number.isFinite(r.lat) && Number.isFinite(r.lon));
  const loose = regions.filter((r) => !placed.includes(r));
  const pad = 44;
  const bottom = loose.length ? 64 : 0;
  const svg = s('svg', { viewBox: `0 0 ${width} ${height}`, class: 'map', role: 'group', 'aria-label': title || '' });
  if (title) svg.append(s('title', {}, title));
  const maxW = Math.max(1, ...regions.map((r) => r.weight || 0));
  const radius = (r) => 9 + 17 * Math.sqrt((r.weight || 0) / maxW);
  if (placed.length) {
    const midLat = (Math.min(...placed.map((r) => r.lat)) + Math.max(...placed.map((r) => r.lat))) / 2;
    const k = Math.cos((midLat * Math.PI) / 180);
    const xs = placed.map((r) => r.lon * k);
    const ys = placed.map((r) => -r.lat);
    const [x0, x1, y0, y1] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
    const sc = Math.min((width - 2 * pad) / Math.max(x1 - x0, 1e-6), (height - bottom - 2 * pad) / Math.max(y1 - y0, 1e-6));
    const ox = (width - sc * (x1 - x0)) / 2;
    const oy = (height - bottom - sc * (y1 - y0)) / 2;
    placed.forEach((r, i) => { r.x = ox + sc * (xs[i] - x0); r.y = oy + sc * (ys[i] - y0); });
  }
  loose.forEach((r, i) => { r.x = pad + i * 90; r.y = height - 34; });
  if (loose.length) svg.append(s('line', { x1: 12, x2: width - 12, y1: height - bottom + 4, y2: height - bottom + 4, stroke: '#d9dee5', 'stroke-dasharray': '4 4' }));
  // Larger circles first, so small ones stay on top and clickable.
  for (const r of [...regions].sort((a, b) => (b.weight || 0) - (a.weight || 0))) {
    const g = s('g', { class: 'region', tabindex: 0, role: 'button', 'aria-label': r.label, 'data-code': r.code,
      onclick: () => onPick && onPick(r),
      onkeydown: (e) => { if ((e.key === 'Enter' || e.key === ' ') && onPick) { e.preventDefault(); onPick(r); } } },
    s('title', {}, r.label),
    s('circle', { cx: r.x.toFixed(1), cy: r.y.toFixed(1), r: radius(r).toFixed(1), fill: shade(r.value) }));
    svg.append(g);
  }
  for (const l of placeLabels(regions, radius, width, height)) {
    if (l.leader) svg.append(s('line', { class: 'map-leader', x1: l.leader[0].toFixed(1), y1: l.leader[1].toFixed(1), x2: l.leader[2].toFixed(1), y2: l.leader[3].toFixed(1) }));
    svg.append(s('text', { x: l.x.toFixed(1), y: (l.y + 4).toFixed(1), 'text-anchor': 'middle', class: 'map-label', 'data-code': l.r.code }, l.text));
  }
  return svg;
}

// Where each region's label goes: inside its circle when it fits, else
// beside it (above, below, right, left, then the corners), farther out
// with a leader line when the near places are taken.  A place is refused
// if it overlaps a label already placed or leaves the drawing; among the
// others the one covering the fewest other circles, then the nearest,
// wins.  Bigger regions choose first.  The box of a label is estimated
// from its length (11px bold text: about 7px a character).
function placeLabels(regions, radius, width, height) {
  const H = 14;
  const taken = [];
  const out = [];
  const overlap = (a, b) => a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1;
  const hitsCircle = (box, c) => {
    const nx = Math.max(box.x0, Math.min(c.x, box.x1));
    const ny = Math.max(box.y0, Math.min(c.y, box.y1));
    return (nx - c.x) ** 2 + (ny - c.y) ** 2 < c.rad ** 2;
  };
  const circles = regions.map((r) => ({ r, x: r.x, y: r.y, rad: radius(r) }));
  for (const c of [...circles].sort((a, b) => (b.r.weight || 0) - (a.r.weight || 0))) {
    const r = c.r;
    const text = `${r.code}${r.value === null ? '' : ` ${Math.round(100 * r.value)}%`}`;
    const w = text.length * 7 + 4;
    const cands = [];
    if (w <= 2 * c.rad - 2) cands.push({ dx: 0, dy: 0, near: 0 });
    [3, 14, 30, 48].forEach((gap, k) => {
      const d = c.rad + gap;
      const diag = d * Math.SQRT1_2;
      cands.push({ dx: 0, dy: -(d + H / 2), near: k }, { dx: 0, dy: d + H / 2, near: k },
        { dx: d + w / 2, dy: 0, near: k }, { dx: -(d + w / 2), dy: 0, near: k },
        { dx: diag + w / 2, dy: -(diag + H / 2), near: k + 0.5 }, { dx: -(diag + w / 2), dy: -(diag + H / 2), near: k + 0.5 },
        { dx: diag + w / 2, dy: diag + H / 2, near: k + 0.5 }, { dx: -(diag + w / 2), dy: diag + H / 2, near: k + 0.5 });
    });
    let best = null;
    for (const p of cands) {
      const x = c.x + p.dx;
      const y = c.y + p.dy;
      const box = { x0: x - w / 2, x1: x + w / 2, y0: y - H / 2, y1: y + H / 2 };
      if (box.x0 < 2 || box.x1 > width - 2 || box.y0 < 2 || box.y1 > height - 2) continue;
      if (taken.some((b) => overlap(b, box))) continue;
      const cost = 10 * circles.filter((o) => o !== c && hitsCircle(box, o)).length + p.near;
      if (!best || cost < best.cost) best = { cost, x, y, box, p };
    }
    if (!best) {
      // Nowhere free: on the circle, as before.
      best = { x: c.x, y: c.y, box: { x0: c.x - w / 2, x1: c.x + w / 2, y0: c.y - H / 2, y1: c.y + H / 2 }, p: { near: 0, dx: 0, dy: 0 } };
    }
    taken.push(best.box);
    let leader = null;
    if (best.p.near >= 1) {
      // From the circle's edge towards the label.
      const len = Math.hypot(best.p.dx, best.p.dy) || 1;
      leader = [c.x + (c.rad * best.p.dx) / len, c.y + (c.rad * best.p.dy) / len,
        Math.max(best.box.x0, Math.min(c.x, best.box.x1)), Math.max(best.box.y0, Math.min(c.y, best.box.y1))];
    }
    out.push({ r, text, x: best.x, y: best.y, leader });
  }
  return out;
}
