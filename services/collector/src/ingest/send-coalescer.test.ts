import { SendCoalescer } from './send-coalescer';

/** A producer port whose sends stay open until the test settles them. */
class FakeProducer {
  sends: Array<{ parts: string[]; resolve: () => void; reject: (err: Error) => void }> = [];
  send = (parts: string[]): Promise<void> =>
    new Promise((resolve, reject) => this.sends.push({ parts, resolve, reject }));
}

const flush = () => new Promise((r) => setImmediate(r));

function track(p: Promise<void>) {
  const state = { settled: 'pending' as 'pending' | 'ok' | 'failed', error: undefined as unknown };
  p.then(
    () => (state.settled = 'ok'),
    (err: unknown) => {
      state.settled = 'failed';
      state.error = err;
    },
  );
  return state;
}

function setup(maxInFlight = 1, maxWeight = 100) {
  const producer = new FakeProducer();
  const sizes: number[] = [];
  const coalescer = new SendCoalescer<string>(producer.send, (p) => Number(p.split(':')[1] ?? 1), {
    maxInFlight,
    maxWeight,
    onSend: (parts) => sizes.push(parts),
  });
  return { producer, coalescer, sizes };
}

describe('SendCoalescer', () => {
  it('sends at once when idle, and carries parts arriving meanwhile together in the next send, in order', async () => {
    const { producer, coalescer, sizes } = setup();
    const a = track(coalescer.submit('a'));
    expect(producer.sends.map((s) => s.parts)).toEqual([['a']]);
    const rest = ['b', 'c', 'd'].map((p) => track(coalescer.submit(p)));
    expect(producer.sends).toHaveLength(1);
    expect(coalescer.waiting).toBe(3);
    producer.sends[0]!.resolve();
    await flush();
    expect(a.settled).toBe('ok');
    expect(producer.sends.map((s) => s.parts)).toEqual([['a'], ['b', 'c', 'd']]);
    expect(rest.map((r) => r.settled)).toEqual(['pending', 'pending', 'pending']);
    producer.sends[1]!.resolve();
    await flush();
    expect(rest.map((r) => r.settled)).toEqual(['ok', 'ok', 'ok']);
    expect(sizes).toEqual([1, 3]);
  });

  it('resolves a part only when the send carrying it resolves (not an earlier or later one)', async () => {
    const { producer, coalescer } = setup(2);
    const a = track(coalescer.submit('a'));
    const b = track(coalescer.submit('b'));
    const c = track(coalescer.submit('c'));
    expect(producer.sends.map((s) => s.parts)).toEqual([['a'], ['b']]);
    producer.sends[1]!.resolve();
    await flush();
    expect([a.settled, b.settled, c.settled]).toEqual(['pending', 'ok', 'pending']);
    expect(producer.sends.map((s) => s.parts)).toEqual([['a'], ['b'], ['c']]);
    producer.sends[2]!.resolve();
    await flush();
    expect([a.settled, c.settled]).toEqual(['pending', 'ok']);
    producer.sends[0]!.resolve();
    await flush();
    expect(a.settled).toBe('ok');
  });

  it('fails exactly the parts of a failed send, and keeps sending the others', async () => {
    const { producer, coalescer } = setup();
    const a = track(coalescer.submit('a'));
    const b = track(coalescer.submit('b'));
    const c = track(coalescer.submit('c'));
    producer.sends[0]!.resolve();
    await flush();
    const d = track(coalescer.submit('d'));
    producer.sends[1]!.reject(new Error('broker down'));
    await flush();
    expect([a.settled, b.settled, c.settled]).toEqual(['ok', 'failed', 'failed']);
    expect((b.error as Error).message).toBe('broker down');
    expect(producer.sends[2]!.parts).toEqual(['d']);
    producer.sends[2]!.resolve();
    await flush();
    expect(d.settled).toBe('ok');
  });

  it('fails the parts of a send that throws synchronously', async () => {
    const coalescer = new SendCoalescer<string>(
      () => {
        throw new Error('not connected');
      },
      () => 1,
      { maxInFlight: 1, maxWeight: 10 },
    );
    const a = track(coalescer.submit('a'));
    await flush();
    expect(a.settled).toBe('failed');
    const b = track(coalescer.submit('b'));
    await flush();
    expect(b.settled).toBe('failed');
  });

  it('bounds each send by the weight cap, in order; a part above the cap goes alone', async () => {
    const { producer, coalescer } = setup(1, 10);
    for (const p of ['first:1', 'a:4', 'b:4', 'c:4', 'huge:25', 'd:3', 'e:3']) void coalescer.submit(p);
    for (let i = 0; i < 4; i++) {
      producer.sends[i]!.resolve();
      await flush();
    }
    expect(producer.sends.map((s) => s.parts)).toEqual([
      ['first:1'],
      ['a:4', 'b:4'],
      ['c:4'],
      ['huge:25'],
      ['d:3', 'e:3'],
    ]);
  });
});
