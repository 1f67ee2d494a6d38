import { formatDuration, parseDuration } from './duration';

describe('Prometheus durations', () => {
  it.each([
    ['0', 0],
    ['0s', 0],
    ['500ms', 500],
    ['15s', 15_000],
    ['1m30s', 90_000],
    ['1h5m', 3_900_000],
    ['2d', 172_800_000],
    ['1w', 604_800_000],
    ['1y', 31_536_000_000],
  ])('parses %s', (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  it.each(['', '5', '1.5m', '5x', 'm5', '30s1m', ' 5m', '-1m'])('rejects %p', (text) => {
    expect(parseDuration(text)).toBeUndefined();
  });

  it('formats as Prometheus does and round-trips', () => {
    expect(formatDuration(0)).toBe('0s');
    expect(formatDuration(3_905_000)).toBe('1h5m5s');
    for (const text of ['90s', '1h30m', '2w3d'])
      expect(parseDuration(formatDuration(parseDuration(text)!))).toBe(parseDuration(text));
  });
});
