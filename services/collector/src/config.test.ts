import { ConfigError } from '@streamwatch/metrics-core';
import { readConfig } from './config';

const TOKEN = 'a-long-enough-ingest-token';

describe('collector config', () => {
  it('applies defaults', () => {
    const c = readConfig({ KAFKA_BROKERS: 'a:9092,b:9092', INGEST_TOKEN: TOKEN });
    expect(c.KAFKA_BROKERS).toEqual(['a:9092', 'b:9092']);
    expect(c.INGEST_TOKEN).toBe(TOKEN);
    expect(c.MAX_SAMPLES_PER_REQUEST).toBeLessThanOrEqual(c.BUFFER_CAPACITY_SAMPLES);
  });

  it('lists every problem, including a request limit above the buffer', () => {
    try {
      readConfig({
        MAX_SAMPLES_PER_REQUEST: '10',
        BUFFER_CAPACITY_SAMPLES: '5',
        PROMETHEUS_REMOTE_WRITE_URL: 'nope',
      });
      throw new Error('expected ConfigError');
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      const fields = (err as ConfigError).details.map((d) => d.field);
      expect(fields).toEqual(
        expect.arrayContaining(['KAFKA_BROKERS', 'PROMETHEUS_REMOTE_WRITE_URL', 'INGEST_TOKEN']),
      );
    }
  });

  it('refuses a request limit above the buffer capacity', () => {
    expect(() =>
      readConfig({
        KAFKA_BROKERS: 'a:1',
        INGEST_TOKEN: TOKEN,
        MAX_SAMPLES_PER_REQUEST: '10',
        BUFFER_CAPACITY_SAMPLES: '5',
      }),
    ).toThrow(/MAX_SAMPLES_PER_REQUEST/);
  });

  it('never runs the ingest endpoints open: the token is required and must be long', () => {
    expect(() => readConfig({ KAFKA_BROKERS: 'a:1' })).toThrow(/INGEST_TOKEN: required/);
    expect(() => readConfig({ KAFKA_BROKERS: 'a:1', INGEST_TOKEN: 'short' })).toThrow(
      /INGEST_TOKEN: must be at least 16 characters/,
    );
  });
});
