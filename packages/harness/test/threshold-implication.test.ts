import { breachImplies, thresholdImplies } from '../src';

const implies = (measured: string, measuredUnit: string, required: string, requiredUnit: string): boolean =>
  thresholdImplies({ threshold: measured, unit: measuredUnit }, { threshold: required, unit: requiredUnit }).ok;

describe('threshold implication (a measured threshold shows a required one)', () => {
  it.each([
    ['p(95)<100', 'ms', 'p(95)<100', 'ms', true],
    ['p(99)<100', 'ms', 'p(95)<100', 'ms', true],
    ['max<100', 'ms', 'p(95)<100', 'ms', true],
    ['p(100)<100', 'ms', 'max<100', 'ms', true],
    ['max<0.1', 's', 'max<100', 'ms', true],
    ['p(95)<100', 'ms', 'max<100', 'ms', false],
    ['p(90)<100', 'ms', 'p(95)<100', 'ms', false],
    ['p(95)<=100', 'ms', 'p(95)<100', 'ms', false],
    ['p(95)<=99', 'ms', 'p(95)<100', 'ms', true],
    ['avg<100', 'ms', 'p(95)<100', 'ms', false],
    ['max<100', 'ms', 'avg<100', 'ms', true],
    ['min>=29', 's', 'min>=28', 's', true],
    ['min>=28', 's', 'p(5)>=28', 's', true],
    ['p(5)>=28', 's', 'min>=28', 's', false],
    ['rate<0.0005', 'ratio', 'rate<0.001', 'ratio', true],
    ['rate<0.05', '%', 'rate<0.001', 'ratio', true],
    ['rate<0.2', '%', 'rate<0.001', 'ratio', false],
    ['count==0', 'responses', 'count==0', 'responses', true],
    ['count==0', 'responses', 'count==0', 'ms', false],
    ['value==24', 'bit', 'value==24', 'bit', true],
    ['value<=24', 'bit', 'value==24', 'bit', false],
    ['value==5', 's', 'value<10', 's', true],
    ['max<30', 's', 'value<30', 's', true],
    ['value<30', 's', 'max<30', 's', false],
    ['rate>=1200', 'req/s', 'rate>=1000', 'req/s', true],
    ['rate>=900', 'req/s', 'rate>=1000', 'req/s', false],
    ['max<=2', 'GB', 'max<=2048', 'MB', true],
  ])('%s (%s) ⇒ %s (%s): %s', (measured, measuredUnit, required, requiredUnit, expected) => {
    expect(implies(measured, measuredUnit, required, requiredUnit)).toBe(expected);
  });

  it('says why a threshold is looser', () => {
    expect(thresholdImplies({ threshold: 'p(95)<100', unit: 'ms' }, { threshold: 'max<100', unit: 'ms' })).toEqual({
      ok: false,
      reason: 'threshold looser than the matrix: measured p(95)<100 (ms), required max<100 (ms)',
    });
  });

  it('takes a breach of a looser or equal threshold as a breach of the required one, never of a tighter one', () => {
    expect(breachImplies({ threshold: 'p(95)<100', unit: 'ms' }, { threshold: 'p(95)<100', unit: 'ms' }).ok).toBe(true);
    expect(breachImplies({ threshold: 'p(95)<120', unit: 'ms' }, { threshold: 'p(95)<100', unit: 'ms' }).ok).toBe(true);
    expect(breachImplies({ threshold: 'p(95)<50', unit: 'ms' }, { threshold: 'p(95)<100', unit: 'ms' }).ok).toBe(false);
  });
});
