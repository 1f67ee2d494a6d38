import { ConfigError } from '@streamwatch/metrics-core';
import { readConfig } from './config';

describe('collector config', () => {
  it('applies defaults', () => {
    const c = readConfig({ KAFKA_BROKERS: 'a:9092,b:9092' });
    expect(c.KAFKA_BROKERS).toEqual(['a:9092', 'b:9092']);
    expect(c.INGEST_TOKEN).toBeUndefined();
    expect(c.MAX_SAMPLES_PER_REQUEST).toBeLessThanOrEqual(c.BUFFER_CAPACITY_SAMPLES);
  });

  it('lists every problem, including a request limit above the buffer', () => {
    try {
      readConfig({ MAX_SAMPLES_PER_REQUEST: '10', BUFFER_CAPACITY_SAMPLES: '5', PROMETHEUS_REMOTE_WRITE_URL: 'nope' });
      throw new Error('expected ConfigError');
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      const fields = (err as ConfigError).details.map((d) => d.field);
      expect(fields).toEqual(expect.arrayContaining(['KAFKA_BROKERS', 'PROMETHEUS_REMOTE_WRITE_URL']));
    }
  });

  it('refuses a request limit above the buffer capacity', () => {
    expect(() => readConfig({ KAFKA_BROKERS: 'a:1', MAX_SAMPLES_PER_REQUEST: '10', BUFFER_CAPACITY_SAMPLES: '5' })).toThrow(/MAX_SAMPLES_PER_REQUEST/);
  });
});
