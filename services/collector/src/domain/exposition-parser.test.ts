import { ExpositionParseError, formatOf, parseExposition } from './exposition-parser';

describe('parseExposition (text 0.0.4)', () => {
  it('parses HELP/TYPE, labels, timestamps, special values and skips comments', () => {
    const page = [
      '# HELP http_requests_total The total number of HTTP requests.',
      '# TYPE http_requests_total counter',
      'http_requests_total{method="post",code="200"} 1027 1395066363000',
      'http_requests_total{method="post",code="400"}    3 1395066363000',
      '# a free comment',
      '',
      'metric_without_timestamp_and_labels 12.47',
      'something_weird{problem="division by zero"} +Inf -3982045',
      'nan_metric NaN',
      'neg_inf{a="b",} -Inf',
      '  spaced { a = "1" , b="2" }   1e3  ',
      'sci 1.5E-3',
    ].join('\n');
    const s = parseExposition(page, 'text');
    expect(s).toHaveLength(8);
    expect(s[0]).toEqual({
      name: 'http_requests_total',
      labels: { method: 'post', code: '200' },
      value: 1027,
      timestampMs: 1395066363000,
    });
    expect(s[2]).toEqual({ name: 'metric_without_timestamp_and_labels', labels: {}, value: 12.47 });
    expect(s[3]).toEqual({
      name: 'something_weird',
      labels: { problem: 'division by zero' },
      value: Infinity,
      timestampMs: -3982045,
    });
    expect(Number.isNaN(s[4]!.value)).toBe(true);
    expect(s[5]).toEqual({ name: 'neg_inf', labels: { a: 'b' }, value: -Infinity });
    expect(s[6]).toEqual({ name: 'spaced', labels: { a: '1', b: '2' }, value: 1000 });
    expect(s[7]!.value).toBe(0.0015);
  });

  it('unescapes backslash, quote and newline in label values', () => {
    const [s] = parseExposition(
      'msdos_file_access_time_seconds{path="C:\\\\DIR\\\\FILE.TXT",error="Cannot find file:\\n\\"FILE.TXT\\""} 1.458255915e9\n',
      'text',
    );
    expect(s!.labels).toEqual({ path: 'C:\\DIR\\FILE.TXT', error: 'Cannot find file:\n"FILE.TXT"' });
    expect(s!.value).toBe(1458255915);
  });

  it('keeps histogram and summary series as plain samples', () => {
    const page = `# TYPE rpc_duration_seconds summary
rpc_duration_seconds{quantile="0.5"} 4773
rpc_duration_seconds_sum 1.7560473e+07
rpc_duration_seconds_count 2693
# TYPE http_request_duration_seconds histogram
http_request_duration_seconds_bucket{le="0.05"} 24054
http_request_duration_seconds_bucket{le="+Inf"} 144320
http_request_duration_seconds_sum 53423
http_request_duration_seconds_count 144320
`;
    const s = parseExposition(page, 'text');
    expect(s.map((x) => x.name)).toEqual([
      'rpc_duration_seconds',
      'rpc_duration_seconds_sum',
      'rpc_duration_seconds_count',
      'http_request_duration_seconds_bucket',
      'http_request_duration_seconds_bucket',
      'http_request_duration_seconds_sum',
      'http_request_duration_seconds_count',
    ]);
    expect(s[0]!.labels).toEqual({ quantile: '0.5' });
    expect(s[4]!.labels).toEqual({ le: '+Inf' });
    expect(s[1]!.value).toBe(17560473);
  });

  it.each([
    ['bad value', 'm{a="b"} twelve', /invalid value/],
    ['bad escape', 'm{a="\\x"} 1', /invalid escape/],
    ['unterminated', 'm{a="b} 1', /unterminated|expected/],
    ['missing value', 'm{a="b"}', /invalid value/],
    ['fractional ms timestamp', 'm 1 1.5', /integer milliseconds/],
    ['trailing garbage', 'm 1 2 3', /unexpected/],
    ['bad name', '9m 1', /metric name/],
    ['duplicate label', 'm{a="1",a="2"} 1', /duplicate label/],
  ])('fails the page on %s, naming the line', (_case, line, message) => {
    expect(() => parseExposition(`ok 1\n${line}\n`, 'text')).toThrow(message);
    expect(() => parseExposition(`ok 1\n${line}\n`, 'text')).toThrow(/^line 2:/);
  });
});

describe('parseExposition (OpenMetrics 1.0)', () => {
  const page = `# TYPE acme_http_router_request_seconds summary
# UNIT acme_http_router_request_seconds seconds
# HELP acme_http_router_request_seconds Latency though all of ACME's HTTP request router.
acme_http_router_request_seconds_sum{path="/api/v1",method="GET"} 9036.32
acme_http_router_request_seconds_count{path="/api/v1",method="GET"} 807283.0
acme_http_router_request_seconds_created{path="/api/v1",method="GET"} 1605281325.0
# TYPE foo histogram
foo_bucket{le="0.01"} 0
foo_bucket{le="+Inf"} 17 # {trace_id="KOO5S4vxi0o"} 0.67
foo_count 17
foo_sum 324789.3
# TYPE go_goroutines gauge
go_goroutines 69 1520879607.789
# EOF
`;

  it('parses seconds timestamps, exemplars and # EOF', () => {
    const s = parseExposition(page, 'openmetrics');
    expect(s).toHaveLength(8);
    expect(s[4]).toEqual({ name: 'foo_bucket', labels: { le: '+Inf' }, value: 17 });
    expect(s[7]).toEqual({ name: 'go_goroutines', labels: {}, value: 69, timestampMs: 1520879607789 });
  });

  it('requires # EOF at the end and nothing after it', () => {
    expect(() => parseExposition(page.replace('# EOF\n', ''), 'openmetrics')).toThrow(/EOF/);
    expect(() => parseExposition(page + 'late 1\n', 'openmetrics')).toThrow(ExpositionParseError);
  });

  it('picks the format from the Content-Type', () => {
    expect(formatOf('application/openmetrics-text; version=1.0.0; charset=utf-8')).toBe('openmetrics');
    expect(formatOf('text/plain; version=0.0.4; charset=utf-8')).toBe('text');
  });
});
