import { compileExpr } from '../promql';
import { WindowStore } from './window-store';

function storeWith(...series: [Record<string, string>, number][]): WindowStore {
  const store = new WindowStore(60_000);
  for (const [labels, v] of series) store.append('up', labels, 1000, v);
  return store;
}

describe('regex selectors on the stream', () => {
  it('selects job="API" for up{job=~"(?i)api"} == 0, as the test command does', () => {
    const store = storeWith(
      [{ job: 'API', instance: 'a' }, 0],
      [{ job: 'db', instance: 'b' }, 0],
      [{ job: 'Api', instance: 'c' }, 1],
    );
    const result = compileExpr('up{job=~"(?i)api"} == 0').evaluate(store, 2000);
    expect(result.type === 'vector' && result.samples.map((s) => s.labels)).toEqual([
      { __name__: 'up', job: 'API', instance: 'a' },
    ]);
  });

  it('scopes (?i:...) to its group in range and instant selections', () => {
    const store = storeWith([{ env: 'PROD-eu' }, 1], [{ env: 'prod-EU' }, 1], [{ env: 'dev' }, 1]);
    const envs = (text: string) => {
      const result = compileExpr(text).evaluate(store, 2000);
      return result.type === 'vector' ? result.samples.map((s) => s.labels.env).sort() : result;
    };
    expect(envs('up{env=~"(?i:prod)-eu"}')).toEqual(['PROD-eu']);
    expect(envs('count_over_time(up{env=~"(?i:PROD)-.*"}[1m])')).toEqual(['PROD-eu', 'prod-EU']);
  });
});
