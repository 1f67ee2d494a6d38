import { result } from '../testing/targets.fixture';
import { resultSamples } from './result-samples';

describe('result samples', () => {
  it('emits blackbox names labelled job, instance, target and type', () => {
    const samples = resultSamples(
      'api',
      'http',
      result(true, 1500.7, { httpStatusCode: 200, sslEarliestCertExpiry: 1_900_000_000 }),
    );
    const labels = { job: 'health-check', instance: 'api', target: 'api', type: 'http' };
    expect(samples).toEqual([
      { name: 'probe_success', labels, value: 1, timestampMs: 1513 },
      { name: 'probe_duration_seconds', labels, value: 0.012, timestampMs: 1513 },
      { name: 'probe_http_status_code', labels, value: 200, timestampMs: 1513 },
      { name: 'probe_ssl_earliest_cert_expiry', labels, value: 1_900_000_000, timestampMs: 1513 },
    ]);
  });

  it('stamps a timed-out probe with the time its failure became known, not its start', () => {
    const timedOut = { ...result(false, 10_000), durationSeconds: 5 };
    expect(resultSamples('prometheus', 'http', timedOut).map((s) => s.timestampMs)).toEqual([15_000, 15_000]);
  });

  it('omits http-only series for other probes', () => {
    expect(resultSamples('redis', 'redis', result(false, 0)).map((s) => [s.name, s.value])).toEqual([
      ['probe_success', 0],
      ['probe_duration_seconds', 0.012],
    ]);
  });
});
