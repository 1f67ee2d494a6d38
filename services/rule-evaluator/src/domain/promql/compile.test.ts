import { compileExpr, PromQLError } from '.';

function errorOf(expr: string): PromQLError {
  try {
    compileExpr(expr);
  } catch (err) {
    if (err instanceof PromQLError) return err;
    throw err;
  }
  throw new Error(`expected ${expr} to be rejected`);
}

describe('compileExpr', () => {
  it('collects every selector and the longest window including offset and lookback', () => {
    const c = compileExpr('rate(a{job="x"}[10m] offset 5m) / on(job) b');
    expect(c.selectors).toEqual([
      [
        { name: '__name__', op: '=', value: 'a' },
        { name: 'job', op: '=', value: 'x' },
      ],
      [{ name: '__name__', op: '=', value: 'b' }],
    ]);
    expect(c.windowMs).toBe(15 * 60_000);
    expect(compileExpr('up').windowMs).toBe(5 * 60_000);
    expect(compileExpr('vector(1)').windowMs).toBe(0);
  });

  it.each([
    ['holt_winters(x[5m], 0.5, 0.5)', 'unsupported function: holt_winters'],
    ['sgn(x)', 'unsupported function: sgn'],
    ['rate(x[5m:1m])', 'subqueries are not supported'],
    ['x @ 100', '@ modifier is not supported'],
    ['limitk(2, x)', 'unsupported aggregation: limitk'],
    ['x offset -5m', 'negative offset is not supported'],
    ['rate(x)', 'expected type range vector in call to function "rate", got instant vector'],
    ['1 > 2', 'comparisons between scalars must use BOOL modifier'],
    ['1 and x', 'set operator "and" not allowed in binary scalar expression'],
    ['{job=~".*"}', 'vector selector must contain at least one non-empty matcher'],
    ['x + bool y', 'bool modifier can only be used on comparison operators'],
    ['x[5m]', 'expression must evaluate to an instant vector or scalar, got range vector'],
  ])('rejects %s naming the problem', (expr, message) => {
    expect(errorOf(expr).message).toContain(message);
  });

  it('reports syntax errors with line and column', () => {
    const err = errorOf('sum(rate(x[5m])\n  by (job)');
    expect(err.message).toContain('syntax error');
    expect(err.position).toEqual({ line: 2, column: 3, offset: 18 });
  });

  it('rejects invalid regular expressions at compile time', () => {
    expect(errorOf('x{a=~"("}').message).toContain('invalid regular expression');
  });

  it.each([
    ['up{job=~"(?=api)"}', 'lookahead is not supported by RE2'],
    ['up{job="a", instance!~"(.)\\\\1"}', 'backreferences are not supported by RE2'],
    ['sum(rate(x{path=~"a\\\\Z"}[5m]))', 'invalid escape sequence: `\\Z`'],
    ['label_replace(up, "a", "$1", "b", "(?<=x)y")', 'in label_replace(): invalid regular expression'],
  ])('refuses %s when it compiles, where RE2 refuses the regex, pointing at the regex', (expr, message) => {
    const err = errorOf(expr);
    expect(err.message).toContain(message);
    expect(err.position?.offset).toBe(expr.lastIndexOf('"', expr.lastIndexOf('"') - 1));
  });

  it('accepts regexes only RE2 syntax can write', () => {
    for (const e of [
      'up{job=~"(?i)api"} == 0',
      'x{a=~"(?i:PRO).*", b!~"\\\\pL+\\\\z"}',
      'x{a=~"[[:alpha:]]\\\\Q.*\\\\E"}',
    ])
      expect(() => compileExpr(e)).not.toThrow();
  });

  it('accepts the full supported surface', () => {
    const exprs = [
      'sum by (job) (rate(http_requests_total{code=~"5..", job!="x"}[5m])) > bool 0.1',
      'histogram_quantile(0.9, sum without (instance) (rate(h_bucket[5m])))',
      'a * on(instance) group_left(version) b or c unless d',
      'label_join(label_replace(up, "a", "$1", "b", "(.*)"), "c", "-", "a", "b")',
      'quantile_over_time(0.5, x[1h]) - predict_linear(x[30m], 3600)',
      'count_values("v", x) + topk(3, x) * -scalar(y) ^ 2 % 3',
      'absent_over_time(x[5m]) or absent(y) or vector(time()) or timestamp(z)',
      'clamp(round(abs(x), 0.5), 0, 1) + clamp_min(ceil(x), 1) + clamp_max(floor(x), 2)',
      'exp(ln(x)) + log2(x) + log10(x) + sqrt(x)',
    ];
    for (const e of exprs) expect(() => compileExpr(e)).not.toThrow();
  });
});
