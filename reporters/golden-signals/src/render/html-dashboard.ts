import { decodeHistogram } from '@orch/harness';
import type { Report, ScenarioMetric } from '../report/report-types';
import { escapeXml, lineChart, stackedBarChart, type Series } from './charts/svg';
import { formatFigure } from './format-figure';

const STATUS_COLORS = { validated: '#2ca02c', failed: '#d62728', 'not-run': '#ff7f0e', 'not-covered': '#9e9e9e' } as const;
const PERCENTILES = [50, 75, 90, 95, 99, 99.9, 100];
const MAX_CURVES = 8;

function statusByAgent(report: Report): string {
  const bars = report.agents.map((agent) => ({
    label: agent.name,
    segments: (Object.keys(STATUS_COLORS) as Array<keyof typeof STATUS_COLORS>).map((status) => ({
      name: status,
      value: report.scenarios.filter((scenario) => scenario.agent === agent.name && scenario.status === status).length,
      color: STATUS_COLORS[status],
    })),
  }));
  return stackedBarChart(bars, 'Scenario status by agent');
}

/** Percentile curves (p50 … max) of every metric that carries a merged HDR histogram. */
function latencyCurves(report: Report): string {
  const series: Series[] = [];
  for (const scenario of report.scenarios) {
    for (const metric of scenario.metrics.filter((item) => item.histogram)) {
      if (series.length >= MAX_CURVES) break;
      try {
        const histogram = decodeHistogram(metric.histogram!);
        if (histogram.totalCount === 0) continue;
        // Microseconds inside; plotted in ms. x is the percentile's "nines" so the tail gets room.
        series.push({ name: `${scenario.id} ${metric.name}`, points: PERCENTILES.map((p, index) => ({ x: index, y: histogram.getValueAtPercentile(p) / 1000 })) });
      } catch {
        // An undecodable histogram is left out of the plot; its figure is still in the tables.
      }
    }
  }
  if (series.length === 0) return '<p class="empty">Latency percentile curves: no metric carried a histogram in this run.</p>';
  return lineChart(series, {
    title: 'Latency percentiles (merged HDR histograms)',
    xLabel: 'percentile',
    yLabel: 'ms',
    xTicks: PERCENTILES.map((p, index) => ({ x: index, label: p === 100 ? 'max' : `p${p}` })),
  });
}

function isThroughput(metric: ScenarioMetric): boolean {
  return /(req|rps|ops|events|msg|jobs)\/s|per second|throughput/i.test(`${metric.unit} ${metric.name}`);
}

function isErrorRate(metric: ScenarioMetric): boolean {
  return /error|fail/i.test(metric.name) && /ratio|%|rate/i.test(`${metric.unit} ${metric.threshold ?? ''}`);
}

/** Throughput and error rate over the kept runs (one point per run), plus pass/fail counts. */
function trends(report: Report): string {
  const trend = report.history?.trend ?? [];
  if (trend.length < 2) return '<p class="empty">Trends: one run so far; the next run plots throughput, error rate and test counts over time.</p>';
  const ticks = trend.map((point, index) => ({ x: index, label: point.startedAt.slice(5, 16).replace('T', ' ') }));
  const keys = (pick: (metric: ScenarioMetric) => boolean): string[] =>
    report.scenarios.flatMap((scenario) => scenario.metrics.filter(pick).map((metric) => `${scenario.id} ${metric.name}`)).slice(0, MAX_CURVES);
  const seriesOf = (names: string[]): Series[] =>
    names
      .map((name) => ({ name, points: trend.flatMap((point, index) => (point.figures[name] !== undefined ? [{ x: index, y: point.figures[name]! }] : [])) }))
      .filter((line) => line.points.length > 0);
  const tests: Series[] = [
    { name: 'passed', points: trend.map((point, index) => ({ x: index, y: point.passed })) },
    { name: 'failed', points: trend.map((point, index) => ({ x: index, y: point.failed })) },
    { name: 'scenarios validated', points: trend.map((point, index) => ({ x: index, y: point.validated })) },
  ];
  const throughput = seriesOf(keys(isThroughput));
  const errors = seriesOf(keys(isErrorRate));
  return [
    lineChart(tests, { title: 'Tests and scenarios over the last runs', xLabel: 'run', yLabel: 'count', xTicks: ticks }),
    throughput.length > 0
      ? lineChart(throughput, { title: 'Throughput over time', xLabel: 'run', yLabel: 'per second', xTicks: ticks })
      : '<p class="empty">Throughput over time: no throughput figure recorded.</p>',
    errors.length > 0
      ? lineChart(errors, { title: 'Error rate over time', xLabel: 'run', yLabel: 'ratio', xTicks: ticks })
      : '<p class="empty">Error rate over time: no error-rate figure recorded.</p>',
  ].join('\n');
}

type Signal = 'latency' | 'traffic' | 'errors' | 'saturation';

function signalOf(metric: ScenarioMetric): Signal | undefined {
  if (isErrorRate(metric)) return 'errors';
  if (isThroughput(metric)) return 'traffic';
  if (/saturation|cpu|memory|heap|utili[sz]ation/i.test(`${metric.name} ${metric.threshold ?? ''}`)) return 'saturation';
  if (/^(ms|s|µs|us)$/.test(metric.unit) && /latency|p\(|response|time/i.test(`${metric.name} ${metric.threshold ?? ''}`)) return 'latency';
  return undefined;
}

/** The Four Golden Signals per service (the matrix's system and workflow), each figure with its verdict. */
function goldenSignals(report: Report): string {
  const rows = new Map<string, Record<Signal, string[]>>();
  for (const scenario of report.scenarios) {
    for (const metric of scenario.metrics) {
      const signal = signalOf(metric);
      if (!signal) continue;
      const service = scenario.system || scenario.agent;
      const row = rows.get(service) ?? { latency: [], traffic: [], errors: [], saturation: [] };
      const mark = metric.pass === true ? '✅' : metric.pass === false ? '❌' : '';
      row[signal].push(`${escapeXml(formatFigure(metric.value, metric.unit, metric.unit))} ${mark} <small>${escapeXml(scenario.id)}</small>`);
      rows.set(service, row);
    }
  }
  if (rows.size === 0) return '<p class="empty">Golden signals per service: no latency, traffic, error or saturation figure in this run.</p>';
  const cell = (values: string[]): string =>
    values.length === 0 ? '<td class="empty">not measured</td>' : `<td>${values.slice(0, 4).join('<br>')}${values.length > 4 ? `<br>… ${values.length - 4} more` : ''}</td>`;
  const body = [...rows.entries()]
    .map(([service, row]) => `<tr><th>${escapeXml(service)}</th>${cell(row.latency)}${cell(row.traffic)}${cell(row.errors)}${cell(row.saturation)}</tr>`)
    .join('');
  return `<table class="signals"><caption>Golden signals per service</caption><thead><tr><th>service</th><th>latency</th><th>traffic</th><th>errors</th><th>saturation</th></tr></thead><tbody>${body}</tbody></table>`;
}

export const DASHBOARD_STYLE = `.dashboard{display:flex;flex-wrap:wrap;gap:1rem}.chart{background:#fff;border:1px solid #e5e5e5}.empty{color:#777}
table.signals{border-collapse:collapse;margin:1rem 0}table.signals td,table.signals th{border:1px solid #ddd;padding:.3rem .6rem;vertical-align:top}`;

/** The plots above the report's text: all inline SVG and HTML, nothing loaded from elsewhere. */
export function htmlDashboard(report: Report): string {
  return `<section class="dashboard" id="dashboard">\n${statusByAgent(report)}\n${latencyCurves(report)}\n${trends(report)}\n</section>\n${goldenSignals(report)}\n`;
}
