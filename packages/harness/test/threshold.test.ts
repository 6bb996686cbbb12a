import { checkThreshold, parseThreshold, ThresholdSyntaxError } from '../src/slo/threshold';

describe('threshold expressions', () => {
  it('parses percentiles, rates and plain values', () => {
    expect(parseThreshold('p(95)<100')).toEqual({ source: 'p(95)<100', aggregate: 'p(95)', operator: '<', bound: 100 });
    expect(parseThreshold('rate <= 0.001').operator).toBe('<=');
    expect(parseThreshold('count==0').bound).toBe(0);
  });

  it('prints ✓ or ✗ with the observed value', () => {
    expect(checkThreshold('p(95)<100', 12.5, 'ms').text).toBe('✓ p(95)<100 (observed 12.5 ms)');
    expect(checkThreshold('p(95)<100', 150, 'ms')).toMatchObject({ pass: false, text: '✗ p(95)<100 (observed 150 ms)' });
  });

  it('fails NaN rather than passing it', () => {
    expect(checkThreshold('value<30', Number.NaN).pass).toBe(false);
  });

  it('rejects malformed expressions with a code', () => {
    expect(() => parseThreshold('p95 < 100')).toThrow(ThresholdSyntaxError);
  });
});
