// map.js - a schematic map of the mission's regions without map tiles:
// each region is a circle at its coordinates (an equirectangular
// projection scaled by the cosine of the middle latitude), its area
// growing with the stations expected, its colour telling the share that
// reported.  Regions without coordinates (stations abroad) sit in a row
// below.  Every circle can be reached with the keyboard.
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
  // Labels over every circle, with a halo, so a city inside its region
  // stays readable.
  for (const r of regions) {
    svg.append(s('text', { x: r.x.toFixed(1), y: (r.y + 4).toFixed(1), 'text-anchor': 'middle', class: 'map-label' },
      r.code, r.value === null ? '' : ` ${Math.round(100 * r.value)}%`));
  }
  return svg;
}
