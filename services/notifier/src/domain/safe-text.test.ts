import { boundedText, hasUnsafeText, safeRecord, safeText } from './safe-text';

describe('safe text for PostgreSQL', () => {
  it('replaces U+0000 and lone surrogates by U+FFFD and keeps everything else', () => {
    expect(safeText('a\u0000b')).toBe('a\uFFFDb');
    expect(safeText('x\uD800y')).toBe('x\uFFFDy');
    expect(safeText('x\uDC00')).toBe('x\uFFFD');
    expect(safeText('\uDC00\uD800')).toBe('\uFFFD\uFFFD');
    expect(safeText('emoji 😀, 告警, tab\t, bell\u0007')).toBe('emoji 😀, 告警, tab\t, bell\u0007');
    expect(hasUnsafeText('😀')).toBe(false);
    expect(hasUnsafeText('\u0000')).toBe(true);
  });

  it('makes keys and values of a label map safe', () => {
    expect(safeRecord({ 'a\u0000': 'v\uD83D' })).toEqual({ 'a\uFFFD': 'v\uFFFD' });
  });

  it('bounds text without leaving half of a surrogate pair', () => {
    expect(boundedText('ab😀', 3)).toBe('ab');
    expect(boundedText('a\u0000'.repeat(10), 4)).toBe('a\uFFFDa\uFFFD');
    expect(boundedText('short', 1000)).toBe('short');
  });
});
