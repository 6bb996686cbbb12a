/** Tiny inline-SVG charts: no script, no CDN, so the HTML report is one self-contained file. */
export function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

export const PALETTE = ['#1f77b4', '#d62728', '#2ca02c', '#ff7f0e', '#9467bd', '#8c564b', '#e377c2', '#17becf'];

export interface Series {
  name: string;
  points: Array<{ x: number; y: number }>;
}

export interface LineChartOptions {
  title: string;
  xLabel: string;
  yLabel: string;
  /** Tick labels of the x axis, by x value. */
  xTicks: Array<{ x: number; label: string }>;
  width?: number;
  height?: number;
}

function niceMax(value: number): number {
  if (value <= 0) return 1;
  const magnitude = 10 ** Math.floor(Math.log10(value));
  return [1, 2, 5, 10].map((step) => step * magnitude).find((candidate) => candidate >= value)!;
}

/** A line chart with axes, ticks and a legend. */
export function lineChart(series: readonly Series[], options: LineChartOptions): string {
  const width = options.width ?? 640;
  const height = options.height ?? 260;
  const left = 56;
  const right = 150;
  const top = 28;
  const bottom = 40;
  const xs = series.flatMap((line) => line.points.map((point) => point.x)).concat(options.xTicks.map((tick) => tick.x));
  const minX = Math.min(...xs);
  const maxX = Math.max(...xs);
  const maxY = niceMax(Math.max(0, ...series.flatMap((line) => line.points.map((point) => point.y))));
  const sx = (x: number): number => left + (maxX === minX ? 0.5 : (x - minX) / (maxX - minX)) * (width - left - right);
  const sy = (y: number): number => top + (1 - y / maxY) * (height - top - bottom);
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" role="img" class="chart" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">`,
    `<title>${escapeXml(options.title)}</title>`,
    `<text x="${left}" y="16" font-size="13" font-weight="600">${escapeXml(options.title)}</text>`,
    `<line x1="${left}" y1="${sy(0)}" x2="${width - right}" y2="${sy(0)}" stroke="#888"/><line x1="${left}" y1="${top}" x2="${left}" y2="${sy(0)}" stroke="#888"/>`,
  ];
  for (const fraction of [0, 0.25, 0.5, 0.75, 1]) {
    const y = maxY * fraction;
    parts.push(
      `<line x1="${left}" y1="${sy(y)}" x2="${width - right}" y2="${sy(y)}" stroke="#eee"/><text x="${left - 4}" y="${sy(y) + 4}" font-size="10" text-anchor="end">${formatTick(y)}</text>`,
    );
  }
  for (const tick of options.xTicks) parts.push(`<text x="${sx(tick.x)}" y="${height - bottom + 14}" font-size="10" text-anchor="middle">${escapeXml(tick.label)}</text>`);
  parts.push(`<text x="${(left + width - right) / 2}" y="${height - 6}" font-size="11" text-anchor="middle">${escapeXml(options.xLabel)}</text>`);
  parts.push(
    `<text x="12" y="${(top + height - bottom) / 2}" font-size="11" text-anchor="middle" transform="rotate(-90 12 ${(top + height - bottom) / 2})">${escapeXml(options.yLabel)}</text>`,
  );
  series.forEach((line, index) => {
    const color = PALETTE[index % PALETTE.length];
    const path = line.points.map((point) => `${sx(point.x).toFixed(1)},${sy(point.y).toFixed(1)}`).join(' ');
    parts.push(`<polyline fill="none" stroke="${color}" stroke-width="2" points="${path}"/>`);
    for (const point of line.points) parts.push(`<circle cx="${sx(point.x).toFixed(1)}" cy="${sy(point.y).toFixed(1)}" r="2.5" fill="${color}"/>`);
    parts.push(
      `<rect x="${width - right + 10}" y="${top + index * 16}" width="10" height="10" fill="${color}"/><text x="${width - right + 24}" y="${top + index * 16 + 9}" font-size="10">${escapeXml(truncate(line.name, 24))}</text>`,
    );
  });
  parts.push('</svg>');
  return parts.join('');
}

export interface StackedBar {
  label: string;
  segments: Array<{ name: string; value: number; color: string }>;
}

/** Horizontal stacked bars (scenario status by agent). */
export function stackedBarChart(bars: readonly StackedBar[], title: string): string {
  const width = 640;
  const left = 110;
  const rowHeight = 22;
  const height = 40 + bars.length * rowHeight + 24;
  const total = Math.max(1, ...bars.map((bar) => bar.segments.reduce((sum, segment) => sum + segment.value, 0)));
  const scale = (width - left - 60) / total;
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" role="img" class="chart" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">`,
    `<title>${escapeXml(title)}</title>`,
    `<text x="8" y="16" font-size="13" font-weight="600">${escapeXml(title)}</text>`,
  ];
  bars.forEach((bar, row) => {
    const y = 30 + row * rowHeight;
    let x = left;
    parts.push(`<text x="${left - 6}" y="${y + 13}" font-size="11" text-anchor="end">${escapeXml(bar.label)}</text>`);
    for (const segment of bar.segments) {
      if (segment.value <= 0) continue;
      const w = segment.value * scale;
      parts.push(
        `<rect x="${x.toFixed(1)}" y="${y}" width="${w.toFixed(1)}" height="16" fill="${segment.color}"><title>${escapeXml(`${bar.label}: ${segment.value} ${segment.name}`)}</title></rect>`,
      );
      if (w > 16) parts.push(`<text x="${(x + w / 2).toFixed(1)}" y="${y + 12}" font-size="10" fill="#fff" text-anchor="middle">${segment.value}</text>`);
      x += w;
    }
  });
  const legendY = 30 + bars.length * rowHeight + 8;
  (bars[0]?.segments ?? []).forEach((segment, index) => {
    parts.push(
      `<rect x="${left + index * 110}" y="${legendY}" width="10" height="10" fill="${segment.color}"/><text x="${left + index * 110 + 14}" y="${legendY + 9}" font-size="10">${escapeXml(segment.name)}</text>`,
    );
  });
  parts.push('</svg>');
  return parts.join('');
}

function formatTick(value: number): string {
  if (value === 0) return '0';
  if (Math.abs(value) >= 100) return String(Math.round(value));
  return String(Math.round(value * 100) / 100);
}

function truncate(text: string, length: number): string {
  return text.length <= length ? text : `${text.slice(0, length - 1)}…`;
}
