import { ConfigError } from '@streamwatch/metrics-core';
import { readConfig } from './config';

const BASE = {
  KAFKA_BROKERS: 'kafka:9092',
  DATABASE_URL: 'postgres://u:p@db:5432/x',
  REDIS_URL: 'redis://r:6379/0',
  RULES_API_TOKEN: 'a-long-enough-rules-token',
};

/** The messages loadConfig lists for EXTERNAL_LABELS. */
function externalLabelProblems(value: string): string[] {
  try {
    readConfig({ ...BASE, EXTERNAL_LABELS: value });
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as ConfigError).details.filter((d) => d.field === 'EXTERNAL_LABELS').map((d) => d.message);
  }
  throw new Error(`expected EXTERNAL_LABELS=${value} to be refused`);
}

describe('EXTERNAL_LABELS', () => {
  it('defaults to no labels', () => {
    expect(readConfig(BASE).EXTERNAL_LABELS).toEqual({});
  });

  it('parses name=value pairs, trimming space and skipping empty entries', () => {
    const c = readConfig({ ...BASE, EXTERNAL_LABELS: ' cluster = prod , region=eu-west-1,, ' });
    expect(c.EXTERNAL_LABELS).toEqual({ cluster: 'prod', region: 'eu-west-1' });
  });

  it('takes a quoted value with commas, quotes and equals signs', () => {
    const c = readConfig({ ...BASE, EXTERNAL_LABELS: 'team="db, \\"storage\\"",dsn=a=b' });
    expect(c.EXTERNAL_LABELS).toEqual({ team: 'db, "storage"', dsn: 'a=b' });
  });

  it('lists every bad label name, each in its own line', () => {
    const problems = externalLabelProblems('1cluster=prod,region=eu,bad-name=x,ok_1=y');
    expect(problems).toEqual([
      expect.stringContaining('"1cluster" is not a valid label name'),
      expect.stringContaining('"bad-name" is not a valid label name'),
    ]);
  });

  it('refuses names starting with __', () => {
    expect(externalLabelProblems('__tenant__=a,__name__=b')).toEqual([
      'label name "__tenant__" is reserved (starts with "__")',
      'label name "__name__" is reserved (starts with "__")',
    ]);
  });

  it('refuses bad syntax, empty values and repeated names', () => {
    expect(externalLabelProblems('cluster,region=,d=1,d=2')).toEqual([
      '"cluster" is not of the form name=value',
      'label "region" has an empty value',
      'label "d" is given more than once',
    ]);
    expect(externalLabelProblems('a="x,b=1')).toEqual([
      'value of "a" is not a complete double-quoted string: "x,b=1',
    ]);
    expect(externalLabelProblems('a="x"y,b=1')).toEqual([
      'value of "a" is not a complete double-quoted string: "x"y',
    ]);
    expect(externalLabelProblems('a=x"y')).toEqual(['value of "a" has a stray quote; quote the whole value']);
  });

  it('reports the problems with the other bad variables, naming the variable', () => {
    expect(() => readConfig({ ...BASE, EXTERNAL_LABELS: '=prod', TICK_INTERVAL_MS: '1' })).toThrow(
      /TICK_INTERVAL_MS[\s\S]*EXTERNAL_LABELS: "" is not a valid label name/,
    );
  });
});
