import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseResponse, serializeRequest } from '../src/load/raw-http-connection';
import { formatLatencyTable, formatThresholdLine, latencyTable, matrixThreshold, matrixThresholds, percentileMs, runOpenModel, startStallingServer } from '../src';

describe('open-model load sender', () => {
  test('a stalled server shows in the corrected p99 while the uncorrected p99 hides it (coordinated omission)', async () => {
    const server = await startStallingServer();
    try {
      const stallMs = 500;
      const run = runOpenModel({ baseUrl: server.url, ratePerSecond: 200, durationMs: 2_000, users: 1, request: { path: '/health' } });
      // The stall starts 0.8 s into the schedule (5 ms lead-in included).
      const timer = setTimeout(() => server.stall(stallMs), 800);
      const result = await run;
      clearTimeout(timer);
      const rows = latencyTable(result.corrected, result.uncorrected);
      const table = formatLatencyTable(rows);
      const correctedP99 = percentileMs(result.corrected, 99);
      const uncorrectedP99 = percentileMs(result.uncorrected, 99);
      // ~100 requests fell due during the stall; timed from their intended start, the slowest waited nearly all of it.
      expect(correctedP99).toBeGreaterThan(stallMs * 0.6);
      // Timed from their actual send, only the one request on the wire saw the stall: 1 of 400 is below p99.
      expect(uncorrectedP99).toBeLessThan(stallMs * 0.2);
      // Both see the stall at the very top.
      expect(percentileMs(result.uncorrected, 100)).toBeGreaterThan(stallMs * 0.6);
      expect(result.scheduled).toBe(400);
      expect(result.completed).toBe(400);
      expect(result.errors).toBe(0);
      expect(rows.map((row) => row.statistic)).toEqual(['p(50)', 'p(90)', 'p(95)', 'p(99)', 'p(99.9)', 'max']);
      expect(table).toContain('p(99.9)');
      expect(result.generator.sharesMachineWithTarget).toBe(true);
    } finally {
      await server.close();
    }
  });

  test('holds the asked rate, counts errors and timeouts, and reports its own health', async () => {
    let calls = 0;
    const server = http.createServer((request, response) => {
      calls += 1;
      if (request.url === '/slow') return void setTimeout(() => response.end('late'), 400);
      response.statusCode = calls % 10 === 0 ? 500 : 200;
      response.end('ok');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const result = await runOpenModel({
        baseUrl,
        ratePerSecond: 100,
        durationMs: 1_000,
        users: 4,
        warmUp: false,
        timeoutMs: 200,
        request: (index) => (index % 25 === 24 ? { name: 'slow', path: '/slow' } : { name: 'fast', path: '/fast' }),
      });
      expect(result.scheduled).toBe(100);
      expect(result.sent).toBe(100);
      expect(result.completed).toBe(100);
      expect(result.timeouts).toBe(4);
      expect(result.byName.slow?.timeouts).toBe(4);
      expect(result.errors).toBeGreaterThanOrEqual(result.timeouts);
      expect(result.achievedRatePerSecond).toBeGreaterThan(95);
      expect(result.achievedRatePerSecond).toBeLessThan(105);
      expect(result.generator.cpuRatio).toBeGreaterThan(0);
      expect(result.generator.warnings.join(' ')).toContain('share this machine');
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  test('prints thresholds in k6 style and reads them from the matrix', () => {
    expect(formatThresholdLine('p(95)<100', 3.2, 'ms')).toBe('✓ p(95)<100  p(95)=3.2ms');
    expect(formatThresholdLine('rate<0.001', 0.002, 'ratio')).toBe('✗ rate<0.001  rate=0.002 ratio');
    expect(matrixThreshold('PERF-02').threshold).toBe('p(95)<100');
    expect(matrixThresholds('PERF-17')).toEqual([]);
    expect(() => matrixThreshold('PERF-99')).toThrow(/not in/);
  });
});

describe('raw HTTP/1.1 response parsing of the open-model sender', () => {
  test('waits for a whole response, by content-length or chunked encoding, and leaves the next one in the buffer', () => {
    const fixed = Buffer.from('HTTP/1.1 201 Created\r\nContent-Length: 5\r\n\r\nhelloHTTP/1.1 200 OK\r\n');
    expect(parseResponse(fixed.subarray(0, 30))).toBeUndefined();
    const first = parseResponse(fixed)!;
    expect([first.status, first.body.toString(), fixed.subarray(first.consumed).toString()]).toEqual([201, 'hello', 'HTTP/1.1 200 OK\r\n']);
    const chunked = Buffer.from('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n');
    expect(parseResponse(chunked.subarray(0, chunked.length - 3))).toBeUndefined();
    const whole = parseResponse(chunked)!;
    expect([whole.status, whole.body.toString(), whole.close, whole.consumed]).toEqual([200, 'abcde', true, chunked.length]);
    expect(serializeRequest('h:1', 'POST', '/p', { a: 'b' }, '{}').toString()).toBe('POST /p HTTP/1.1\r\nhost: h:1\r\na: b\r\ncontent-length: 2\r\n\r\n{}');
  });
});
