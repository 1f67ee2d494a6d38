import { createRegistry, silentLogger, type Sample } from '@streamwatch/metrics-core';
import type { ScrapeTarget } from '../domain/scrape-config';
import { createCollectorMetrics } from '../metrics';
import type { ScrapeFetcher, ScrapeResponse } from '../ports';
import { FakeClock, NOW } from '../testing/fakes';
import { createTargetScraper } from './target-scraper';

const target: ScrapeTarget = {
  job: 'node',
  address: 'host:9100',
  url: 'http://host:9100/metrics',
  labels: { job: 'node', instance: 'host:9100', env: 'prod' },
  intervalMs: 15_000,
  timeoutMs: 10_000,
  honorLabels: false,
};

class FakeFetcher implements ScrapeFetcher {
  constructor(
    private readonly answer: ScrapeResponse | Error,
    private readonly clock: FakeClock,
  ) {}
  async fetch(): Promise<ScrapeResponse> {
    this.clock.ms += 250;
    if (this.answer instanceof Error) throw this.answer;
    return this.answer;
  }
}

function setup(answer: ScrapeResponse | Error, t: ScrapeTarget = target) {
  const clock = new FakeClock();
  const registry = createRegistry('collector', { defaultMetrics: false });
  const ingested: Sample[] = [];
  const scrape = createTargetScraper({
    fetcher: new FakeFetcher(answer, clock),
    clock,
    metrics: createCollectorMetrics(registry),
    logger: silentLogger(),
    ingest: async (s) => void ingested.push(...s),
  });
  return { run: () => scrape(t), ingested, registry };
}

const page = (body: string, contentType = 'text/plain; version=0.0.4'): ScrapeResponse => ({
  status: 200,
  contentType,
  body,
});

describe('target scraper', () => {
  it('adds target labels, renames clashing ones to exported_*, and appends up/duration/samples_scraped', async () => {
    const s = setup(page('node_load1 0.5\nnode_info{job="inner",env=""} 1 1699999999000\n'));
    expect(await s.run()).toEqual({ up: true, samples: 2 });
    const byName = Object.fromEntries(s.ingested.map((x) => [x.name, x]));
    expect(byName.node_load1).toEqual({
      name: 'node_load1',
      labels: { job: 'node', instance: 'host:9100', env: 'prod' },
      value: 0.5,
      timestampMs: NOW,
    });
    expect(byName.node_info!.labels).toEqual({
      job: 'node',
      instance: 'host:9100',
      env: 'prod',
      exported_job: 'inner',
    });
    expect(byName.node_info!.timestampMs).toBe(1_699_999_999_000);
    expect(byName.up!.value).toBe(1);
    expect(byName.scrape_duration_seconds!.value).toBe(0.25);
    expect(byName.scrape_samples_scraped!.value).toBe(2);
    const up = await s.registry.getSingleMetric('streamwatch_collector_scrape_target_up')!.get();
    expect(up.values[0]).toMatchObject({ value: 1, labels: { job: 'node', instance: 'host:9100' } });
  });

  it('keeps scraped labels with honor_labels', async () => {
    const s = setup(page('m{job="inner"} 1\n'), { ...target, honorLabels: true });
    await s.run();
    expect(s.ingested[0]!.labels).toEqual({ job: 'inner', instance: 'host:9100', env: 'prod' });
  });

  it('parses OpenMetrics when the target answers with it', async () => {
    const s = setup(
      page('# TYPE m gauge\nm 2 1700000000.5\n# EOF\n', 'application/openmetrics-text; version=1.0.0'),
    );
    await s.run();
    expect(s.ingested[0]).toMatchObject({ name: 'm', value: 2, timestampMs: 1_700_000_000_500 });
  });

  it.each([
    ['a network error', new Error('connect ECONNREFUSED')],
    ['a non-200 status', { status: 503, contentType: 'text/plain', body: 'down' }],
    ['an unparsable page', page('good 1\nbad line here\n')],
  ])('reports up 0 and no scraped samples on %s', async (_case, answer) => {
    const s = setup(answer as ScrapeResponse | Error);
    const report = await s.run();
    expect(report.up).toBe(false);
    expect(report.error).toBeDefined();
    expect(s.ingested.map((x) => [x.name, x.value])).toEqual([
      ['up', 0],
      ['scrape_duration_seconds', 0.25],
      ['scrape_samples_scraped', 0],
    ]);
  });
});
