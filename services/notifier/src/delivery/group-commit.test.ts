import { GroupCommit } from './group-commit';

interface Call {
  items: string[];
  finish: (fail?: unknown) => void;
}

/** A commit function the test completes by hand, recording each group it was given. */
function manualCommit(): { calls: Call[]; commit: (items: string[]) => Promise<string[]> } {
  const calls: Call[] = [];
  const commit = (items: string[]) =>
    new Promise<string[]>((resolve, reject) => {
      calls.push({ items, finish: (fail) => (fail ? reject(fail) : resolve(items.map((i) => `ok:${i}`))) });
    });
  return { calls, commit };
}

const flush = () => new Promise<void>((r) => setImmediate(r));

function track<T>(p: Promise<T>): {
  settled: () => boolean;
  value: () => T | undefined;
  error: () => unknown;
} {
  let done = false;
  let value: T | undefined;
  let error: unknown;
  p.then(
    (v) => ((done = true), (value = v)),
    (e: unknown) => ((done = true), (error = e)),
  );
  return { settled: () => done, value: () => value, error: () => error };
}

describe('GroupCommit', () => {
  it('commits a lone submission at once and settles it only after its commit', async () => {
    const { calls, commit } = manualCommit();
    const gc = new GroupCommit(commit, { maxGroup: 10, maxInFlight: 1 });
    const a = track(gc.submit('a'));
    await flush();
    expect(calls.map((c) => c.items)).toEqual([['a']]);
    expect(a.settled()).toBe(false);
    calls[0]?.finish();
    await flush();
    expect(a.value()).toBe('ok:a');
  });

  it('groups submissions that arrive while a commit is in flight, each getting its own result', async () => {
    const { calls, commit } = manualCommit();
    const gc = new GroupCommit(commit, { maxGroup: 10, maxInFlight: 1 });
    const a = track(gc.submit('a'));
    const rest = ['b', 'c', 'd'].map((x) => track(gc.submit(x)));
    await flush();
    expect(calls.map((c) => c.items)).toEqual([['a']]);
    calls[0]?.finish();
    await flush();
    expect(calls.map((c) => c.items)).toEqual([['a'], ['b', 'c', 'd']]);
    expect(a.value()).toBe('ok:a');
    expect(rest.some((r) => r.settled())).toBe(false);
    calls[1]?.finish();
    await flush();
    expect(rest.map((r) => r.value())).toEqual(['ok:b', 'ok:c', 'ok:d']);
  });

  it('caps group size and commits in flight', async () => {
    const { calls, commit } = manualCommit();
    const gc = new GroupCommit(commit, { maxGroup: 2, maxInFlight: 2 });
    const all = ['a', 'b', 'c', 'd', 'e', 'f'].map((x) => track(gc.submit(x)));
    await flush();
    expect(calls.map((c) => c.items)).toEqual([['a'], ['b']]);
    calls[0]?.finish();
    await flush();
    expect(calls.map((c) => c.items)).toEqual([['a'], ['b'], ['c', 'd']]);
    calls[1]?.finish();
    calls[2]?.finish();
    await flush();
    expect(calls.map((c) => c.items).slice(3)).toEqual([['e', 'f']]);
    calls[3]?.finish();
    await flush();
    expect(all.map((r) => r.value())).toEqual(['ok:a', 'ok:b', 'ok:c', 'ok:d', 'ok:e', 'ok:f']);
  });

  it('retries each member alone when a group fails, so only the bad one fails', async () => {
    const { calls, commit } = manualCommit();
    const gc = new GroupCommit(commit, { maxGroup: 10, maxInFlight: 1 });
    const first = track(gc.submit('first'));
    const good = track(gc.submit('good'));
    const bad = track(gc.submit('bad'));
    await flush();
    calls[0]?.finish();
    await flush();
    calls[1]?.finish(new Error('bad row in group'));
    await flush();
    expect(calls.slice(2).map((c) => c.items)).toEqual([['good'], ['bad']]);
    expect(good.settled() || bad.settled()).toBe(false);
    calls[2]?.finish();
    calls[3]?.finish(new Error('bad row'));
    await flush();
    expect(first.value()).toBe('ok:first');
    expect(good.value()).toBe('ok:good');
    expect(bad.error()).toEqual(new Error('bad row'));
  });

  it('rejects a lone submission with its commit error', async () => {
    const gc = new GroupCommit<string, string>(() => Promise.reject(new Error('db down')), {
      maxGroup: 10,
      maxInFlight: 1,
    });
    await expect(gc.submit('a')).rejects.toThrow('db down');
  });
});
