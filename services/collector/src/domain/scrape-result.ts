import type { Labels, Sample } from '@streamwatch/metrics-core';
import type { ExposedSample } from './exposition-parser';
import type { ScrapeTarget } from './scrape-config';

/**
 * Attaches the target's labels as Prometheus does: with honor_labels false a clashing scraped label is
 * kept as `exported_<name>` and the target's value wins; with honor_labels true the scraped value wins.
 */
export function targetSample(target: ScrapeTarget, s: ExposedSample, scrapeMs: number): Sample {
  const labels: Labels = target.honorLabels ? { ...target.labels, ...s.labels } : { ...s.labels };
  if (!target.honorLabels)
    for (const [name, value] of Object.entries(target.labels)) {
      if (name in s.labels && s.labels[name] !== '') labels[`exported_${name}`] = s.labels[name] as string;
      labels[name] = value;
    }
  for (const name of Object.keys(labels)) if (labels[name] === '') delete labels[name];
  return { name: s.name, labels, value: s.value, timestampMs: s.timestampMs ?? scrapeMs };
}

/** The synthetic series Prometheus adds for every scrape. */
export function scrapeHealthSamples(
  target: ScrapeTarget,
  scrapeMs: number,
  up: boolean,
  durationSeconds: number,
  scraped: number,
): Sample[] {
  const labels = { ...target.labels };
  return [
    { name: 'up', labels, value: up ? 1 : 0, timestampMs: scrapeMs },
    { name: 'scrape_duration_seconds', labels, value: durationSeconds, timestampMs: scrapeMs },
    { name: 'scrape_samples_scraped', labels, value: scraped, timestampMs: scrapeMs },
  ];
}
