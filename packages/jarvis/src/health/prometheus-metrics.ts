import { Gauge, Registry } from 'prom-client';
import type { GoldenSignals, ServiceStatus } from './service-snapshot';

export interface ServiceMetrics {
  status: ServiceStatus;
  signals: GoldenSignals;
}

const GAUGES: Array<{ name: string; help: string; value: (metrics: ServiceMetrics) => number | null }> = [
  {
    name: 'jarvis_service_up',
    help: '1 when the service is healthy or degraded, 0 when down or unreachable',
    value: (m) => (m.status === 'healthy' || m.status === 'degraded' ? 1 : 0),
  },
  { name: 'jarvis_service_latency_p95_ms', help: 'p95 latency over the signal window', value: (m) => m.signals.latencyP95Ms },
  { name: 'jarvis_service_traffic_rps', help: 'peak requests per second over the traffic window', value: (m) => m.signals.trafficRps },
  { name: 'jarvis_service_error_rate', help: 'fraction of failed requests', value: (m) => m.signals.errorRate },
  { name: 'jarvis_service_saturation_percent', help: 'highest of CPU and memory use', value: (m) => m.signals.saturationPercent },
];

/**
 * The golden signals in Prometheus text exposition format, written by prom-client (escaping,
 * HELP/TYPE lines and label rules are its job). A fresh registry per scrape: the figures are a
 * snapshot computed on demand, and no process-wide default registry is touched.
 */
export async function prometheusText(services: Record<string, ServiceMetrics>): Promise<{ contentType: string; text: string }> {
  const registry = new Registry();
  for (const gauge of GAUGES) {
    const metric = new Gauge({ name: gauge.name, help: gauge.help, labelNames: ['service'], registers: [registry] });
    for (const [service, metrics] of Object.entries(services)) {
      const value = gauge.value(metrics);
      if (value !== null) metric.set({ service }, value);
    }
  }
  return { contentType: registry.contentType, text: await registry.metrics() };
}
