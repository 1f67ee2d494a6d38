import { AlertTemplate } from './template';

const data = {
  labels: { job: 'api', instance: 'host-1:9100' },
  value: 1234.5678,
  externalLabels: { cluster: 'eu1' },
  externalURL: 'http://prom',
};
const expand = (t: string, value = data.value) => new AlertTemplate(t).expand({ ...data, value });

describe('AlertTemplate', () => {
  it.each([
    ['{{ $labels.job }} on {{ $labels.instance }}', 'api on host-1:9100'],
    ['{{ $value }}', '1234.5678'],
    ['{{ $value | humanize }}', '1.235k'],
    ['{{ humanize1024 2048 }}', '2ki'],
    ['{{ 3725 | humanizeDuration }}', '1h 2m 5s'],
    ['{{ 0.25 | humanizePercentage }}', '25%'],
    ['{{ printf "%.2f" $value }}', '1234.57'],
    ['{{ $labels.job | toUpper }}/{{ "ABC" | toLower }}/{{ title "hello world" }}', 'API/abc/Hello World'],
    ['{{ reReplaceAll ":.*" "" $labels.instance }}', 'host-1'],
    ['{{ if gt $value 1000.0 }}big{{ else }}small{{ end }}', 'big'],
    ['{{ if eq $labels.job "db" }}db{{ else if ne $labels.job "web" }}not web{{ end }}', 'not web'],
    ['{{ $externalLabels.cluster }} {{ .Labels.job }} {{ .Value }}', 'eu1 api 1234.5678'],
    ['{{ $labels.missing }}x', 'x'],
    ['a {{- " b " -}} c', 'a b c'],
  ])('expands %s', (tmpl, want) => {
    expect(expand(tmpl)).toBe(want);
  });

  it('formats values like Go', () => {
    expect(expand('{{ $value }}', 1e6)).toBe('1e+06');
    expect(expand('{{ $value }}', 0.5)).toBe('0.5');
    expect(expand('{{ $value | humanize }}', 0.00123)).toBe('1.23m');
    expect(expand('{{ $value | humanizeDuration }}', 0.5)).toBe('500ms');
  });

  it('rejects unknown functions and unbalanced blocks at parse time', () => {
    expect(() => new AlertTemplate('{{ query "up" }}')).toThrow('function "query" not defined');
    expect(() => new AlertTemplate('{{ if $value }}x')).toThrow('missing {{end}}');
    expect(() => new AlertTemplate('{{ range $labels }}{{ end }}')).toThrow('not supported');
  });
});
