import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { ConfigError } from '../errors/errors';
import { env, loadConfig } from './load-config';

const schema = z.object({
  PORT: env.port(8080),
  KAFKA_BROKERS: env.list(),
  DATABASE_URL: z.url(),
  API_TOKEN: z.string().min(16),
  DEBUG: env.bool(false),
});

describe('loadConfig', () => {
  it('parses and applies defaults', () => {
    const c = loadConfig(schema, {
      KAFKA_BROKERS: 'a:1, b:2',
      DATABASE_URL: 'postgres://x@y/z',
      API_TOKEN: 't'.repeat(16),
    });
    expect(c).toEqual({
      PORT: 8080,
      KAFKA_BROKERS: ['a:1', 'b:2'],
      DATABASE_URL: 'postgres://x@y/z',
      API_TOKEN: 't'.repeat(16),
      DEBUG: false,
    });
  });

  it('lists every problem at once', () => {
    try {
      loadConfig(schema, { PORT: '99999', DATABASE_URL: 'nope', API_TOKEN: 'short', DEBUG: 'maybe' });
      throw new Error('expected ConfigError');
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      const fields = (err as ConfigError).details.map((d) => d.field).sort();
      expect(fields).toEqual(['API_TOKEN', 'DATABASE_URL', 'DEBUG', 'KAFKA_BROKERS', 'PORT']);
      expect((err as ConfigError).message).toContain('5 problem(s)');
      expect((err as ConfigError).message).not.toContain('short');
    }
  });

  it('reads *_FILE secrets, and rejects setting both or an unreadable file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cfg-'));
    writeFileSync(join(dir, 'token'), 's3cr3t-s3cr3t-s3cr3t\n');
    const base = { KAFKA_BROKERS: 'k:9092', DATABASE_URL: 'postgres://x@y/z' };
    expect(loadConfig(schema, { ...base, API_TOKEN_FILE: join(dir, 'token') }).API_TOKEN).toBe(
      's3cr3t-s3cr3t-s3cr3t',
    );
    expect(() =>
      loadConfig(schema, { ...base, API_TOKEN: 'x'.repeat(16), API_TOKEN_FILE: join(dir, 'token') }),
    ).toThrow(/API_TOKEN_FILE: set API_TOKEN or API_TOKEN_FILE, not both/);
    expect(() => loadConfig(schema, { ...base, API_TOKEN_FILE: join(dir, 'missing') })).toThrow(
      /API_TOKEN_FILE: cannot read .*ENOENT/,
    );
    const unrelated = loadConfig(schema, {
      ...base,
      API_TOKEN: 'x'.repeat(16),
      TF_CLI_CONFIG_FILE: join(dir, 'missing'),
    });
    expect(unrelated.API_TOKEN).toBe('x'.repeat(16));
  });
});
