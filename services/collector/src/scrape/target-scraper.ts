import type { Sample } from '@streamwatch/metrics-core';
import type { Logger } from 'pino';
import { formatOf, parseExposition } from '../domain/exposition-parser';
import type { ScrapeTarget } from '../domain/scrape-config';
import { scrapeHealthSamples, targetSample } from '../domain/scrape-result';
import type { CollectorMetrics } from '../metrics';
import type { Clock, ScrapeFetcher } from '../ports';

/** What Prometheus 2.x asks for: OpenMetrics first, the text format as fallback. */
export const SCRAPE_ACCEPT =
  'application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1';

export interface TargetScraperDeps {
  fetcher: ScrapeFetcher;
  clock: Clock;
  metrics: CollectorMetrics;
  logger: Logger;
  /** Hands the scrape's samples (with the synthetic series) to ingestion. */
  ingest: (samples: Sample[]) => Promise<void>;
}

export interface ScrapeReport {
  up: boolean;
  samples: number;
  error?: string;
}

async function fetchSamples(
  target: ScrapeTarget,
  fetcher: ScrapeFetcher,
  scrapeMs: number,
): Promise<Sample[]> {
  const res = await fetcher.fetch(target.url, { timeoutMs: target.timeoutMs, accept: SCRAPE_ACCEPT });
  if (res.status !== 200) throw new Error(`server returned HTTP status ${res.status}`);
  return parseExposition(res.body, formatOf(res.contentType)).map((s) => targetSample(target, s, scrapeMs));
}

/** Scrapes one target once, as Prometheus does: a failed or unparsable page yields only `up 0`. */
export function createTargetScraper(
  deps: TargetScraperDeps,
): (target: ScrapeTarget) => Promise<ScrapeReport> {
  const log = deps.logger.child({ component: 'scraper' });
  return async (target) => {
    const startMs = deps.clock.now();
    let samples: Sample[] = [];
    let error: string | undefined;
    try {
      samples = await fetchSamples(target, deps.fetcher, startMs);
    } catch (err) {
      error = (err as Error).message;
      log.warn({ job: target.job, instance: target.address, err: error }, 'scrape failed');
    }
    const durationSeconds = (deps.clock.now() - startMs) / 1000;
    const up = error === undefined;
    deps.metrics.scrapeTargetUp.set({ job: target.job, instance: target.address }, up ? 1 : 0);
    deps.metrics.scrapeDuration.observe({ job: target.job }, durationSeconds);
    try {
      await deps.ingest([
        ...samples,
        ...scrapeHealthSamples(target, startMs, up, durationSeconds, samples.length),
      ]);
    } catch (err) {
      log.warn(
        { job: target.job, instance: target.address, err: (err as Error).message },
        'scraped samples not ingested',
      );
    }
    return { up, samples: samples.length, ...(error ? { error } : {}) };
  };
}
