import { compileExpr } from './compile';
import { parseNumberLiteral } from './literals';

describe('number literals', () => {
  it('accepts a sign folded into the literal, as after a comparison operator', () => {
    expect(parseNumberLiteral('-5')).toBe(-5);
    expect(parseNumberLiteral('+2.5')).toBe(2.5);
    expect(parseNumberLiteral('-0x10')).toBe(-16);
    expect(parseNumberLiteral('-Inf')).toBe(-Infinity);
    expect(parseNumberLiteral('--5')).toBeUndefined();
    expect(parseNumberLiteral('-')).toBeUndefined();
  });

  it('evaluates `x > -5` and `x < -1` like Prometheus', () => {
    const store = { select: () => [{ labels: { __name__: 'x' }, points: [{ t: 0, v: -3 }] }] };
    const gt = compileExpr('x > -5').evaluate(store, 1000);
    const lt = compileExpr('x < -4').evaluate(store, 1000);
    expect(gt.type === 'vector' && gt.samples.map((s) => s.value)).toEqual([-3]);
    expect(lt.type === 'vector' && lt.samples).toEqual([]);
    expect(compileExpr('x - 5').text).toBe('x - 5');
  });
});
