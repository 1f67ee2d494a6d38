import { parseDuration } from '@streamwatch/metrics-core';
import { parseScrapeConfig, ScrapeConfigError } from './scrape-config';

describe('parseDuration', () => {
  it.each([
    ['15s', 15_000],
    ['1m30s', 90_000],
    ['500ms', 500],
    ['2h', 7_200_000],
    ['0', 0],
  ])('%s -> %i ms', (text, ms) => expect(parseDuration(text)).toBe(ms));
  it.each(['', '15', '1.5s', 's', '10sec'])('rejects %p', (text) =>
    expect(parseDuration(text)).toBeUndefined(),
  );
});

describe('parseScrapeConfig', () => {
  it('expands static_configs into targets with Prometheus defaults', () => {
    const targets = parseScrapeConfig(`
global:
  scrape_interval: 30s
scrape_configs:
  - job_name: node
    static_configs:
      - targets: ['node-exporter:9100']
        labels: { env: prod }
  - job_name: api
    scrape_interval: 5s
    scrape_timeout: 10s
    metrics_path: /internal/metrics
    scheme: https
    honor_labels: true
    static_configs:
      - targets: ['a:1', 'b:2']
`);
    expect(targets).toHaveLength(3);
    expect(targets[0]).toEqual({
      job: 'node',
      address: 'node-exporter:9100',
      url: 'http://node-exporter:9100/metrics',
      labels: { env: 'prod', job: 'node', instance: 'node-exporter:9100' },
      intervalMs: 30_000,
      timeoutMs: 10_000,
      honorLabels: false,
    });
    expect(targets[2]).toMatchObject({
      url: 'https://b:2/internal/metrics',
      intervalMs: 5000,
      timeoutMs: 5000,
      honorLabels: true,
    });
  });

  it.each([
    ['bad yaml', 'scrape_configs: [', /YAML/],
    ['bad duration', 'scrape_configs: [{ job_name: a, scrape_interval: 5 sec }]', /scrape_interval/],
    ['missing job name', 'scrape_configs: [{ static_configs: [] }]', /job_name/],
    ['bad scheme', 'scrape_configs: [{ job_name: a, scheme: ftp }]', /scheme/],
    [
      'bad label',
      "scrape_configs: [{ job_name: a, static_configs: [{ targets: ['x:1'], labels: { 'a-b': c } }] }]",
      /labels/,
    ],
    [
      'url target',
      "scrape_configs: [{ job_name: a, static_configs: [{ targets: ['http://x:1/'] }] }]",
      /host:port/,
    ],
    ['duplicate job', 'scrape_configs: [{ job_name: a }, { job_name: a }]', /duplicate/],
  ])('refuses %s, naming the field', (_c, text, message) => {
    expect(() => parseScrapeConfig(text)).toThrow(ScrapeConfigError);
    expect(() => parseScrapeConfig(text)).toThrow(message);
  });
});
