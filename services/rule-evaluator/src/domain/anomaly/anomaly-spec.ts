import { ValidationError } from '@streamwatch/metrics-core';
import { parseDuration } from '@streamwatch/metrics-core';
import { BreachDetector } from './breach.detector';
import type { Detector } from './detector';
import { HoltDetector } from './holt.detector';
import { MadDetector } from './mad.detector';
import { SeasonalDetector } from './seasonal.detector';
import { ZScoreDetector, type Detrend } from './zscore.detector';

export const DETECTORS = ['zscore', 'mad', 'holt', 'breach', 'seasonal'] as const;
export type DetectorKind = (typeof DETECTORS)[number];

/** A validated `anomaly:` block; `create()` makes the per-series detector state. */
export interface AnomalySpec {
  detector: DetectorKind;
  /** How far back the detector's own state reaches (for documentation and /api/v1/rules). */
  horizonMs: number;
  /** Minimum time between two observations fed to a series' detector. */
  intervalMs: number;
  /** Step of the downsampled history worth persisting (seasonal only), and how long it is needed. */
  historyStepMs?: number;
  historyKeepMs?: number;
  create(): Detector;
}

type Raw = Record<string, unknown>;

function duration(raw: Raw, key: string, fallback?: number): number {
  const v = raw[key];
  if (v === undefined && fallback !== undefined) return fallback;
  const ms = typeof v === 'string' ? parseDuration(v) : undefined;
  if (ms === undefined || ms <= 0)
    throw new ValidationError(`anomaly.${key}: a positive duration such as "1h" is required`);
  return ms;
}

function number(raw: Raw, key: string, fallback?: number, min = -Infinity, max = Infinity): number {
  const v = raw[key] ?? fallback;
  if (typeof v !== 'number' || !Number.isFinite(v) || v < min || v > max)
    throw new ValidationError(
      `anomaly.${key}: a number${Number.isFinite(min) ? ` >= ${min}` : ''}${Number.isFinite(max) ? ` <= ${max}` : ''} is required`,
    );
  return v;
}

const KNOWN: Record<DetectorKind, string[]> = {
  zscore: ['window', 'threshold', 'min_samples', 'detrend'],
  mad: ['window', 'threshold', 'min_samples', 'detrend', 'scale_window'],
  holt: ['alpha', 'beta', 'threshold', 'min_samples'],
  breach: ['window', 'within', 'bound', 'direction', 'min_samples'],
  seasonal: ['period', 'seasons', 'step', 'residual_window', 'threshold', 'min_samples'],
};

/** Parses an `anomaly:` block (see docs/anomaly.md); every problem is a ValidationError naming the field. */
export function parseAnomalySpec(raw: unknown): AnomalySpec {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
    throw new ValidationError('anomaly: a mapping is required');
  const r = raw as Raw;
  const detector = r.detector as DetectorKind;
  if (!DETECTORS.includes(detector))
    throw new ValidationError(`anomaly.detector: one of ${DETECTORS.join(', ')} is required`);
  for (const key of Object.keys(r))
    if (key !== 'detector' && key !== 'interval' && !KNOWN[detector].includes(key))
      throw new ValidationError(`anomaly.${key}: unknown field for detector ${detector}`);
  const spec = parseDetector(detector, r);
  return { ...spec, intervalMs: duration(r, 'interval', 30_000) };
}

function parseDetector(detector: DetectorKind, r: Raw): Omit<AnomalySpec, 'intervalMs'> {
  const minSamples = number(r, 'min_samples', detector === 'breach' ? 5 : 20, 2);
  switch (detector) {
    case 'zscore':
    case 'mad': {
      const detrend = (r.detrend ?? 'linear') as Detrend;
      if (detrend !== 'linear' && detrend !== 'none')
        throw new ValidationError('anomaly.detrend: "linear" or "none" is required');
      const opts = {
        windowMs: duration(r, 'window'),
        threshold: number(r, 'threshold', detector === 'mad' ? 6 : 5, 0),
        minSamples,
        detrend,
      };
      if (detector === 'zscore')
        return { detector, horizonMs: opts.windowMs, create: () => new ZScoreDetector(opts) };
      const mad = { ...opts, scaleWindowMs: duration(r, 'scale_window', 86_400_000) };
      return {
        detector,
        horizonMs: Math.max(mad.windowMs, mad.scaleWindowMs),
        create: () => new MadDetector(mad),
      };
    }
    case 'holt': {
      const opts = {
        alpha: number(r, 'alpha', 0.3, 0, 1),
        beta: number(r, 'beta', 0.05, 0, 1),
        threshold: number(r, 'threshold', 5, 0),
        minSamples,
      };
      return { detector, horizonMs: 0, create: () => new HoltDetector(opts) };
    }
    case 'breach': {
      const direction = (r.direction ?? 'above') as 'above' | 'below';
      if (direction !== 'above' && direction !== 'below')
        throw new ValidationError('anomaly.direction: "above" or "below" is required');
      const opts = {
        windowMs: duration(r, 'window'),
        withinMs: duration(r, 'within'),
        bound: number(r, 'bound'),
        direction,
        minSamples,
      };
      return { detector, horizonMs: opts.windowMs, create: () => new BreachDetector(opts) };
    }
    case 'seasonal': {
      const periodMs = duration(r, 'period', 86_400_000);
      const opts = {
        periodMs,
        seasons: number(r, 'seasons', 3, 1, 8),
        stepMs: duration(r, 'step', 300_000),
        residualWindowMs: duration(r, 'residual_window', 86_400_000),
        threshold: number(r, 'threshold', 5, 0),
        minResiduals: minSamples,
      };
      return {
        detector,
        horizonMs: periodMs * opts.seasons,
        historyStepMs: opts.stepMs,
        historyKeepMs: periodMs * (opts.seasons + 1),
        create: () => new SeasonalDetector(opts),
      };
    }
  }
}
