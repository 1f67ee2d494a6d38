import { PromQLError } from './api';
import { labelReplace } from './label-functions';
import { compileMatcher, compileMatchers, compileRegex, matchesAll, pinnedName } from './matchers';

/**
 * [pattern, label value, matches]. The expected values are Go's: each row was run through regexp/syntax.Parse
 * (Perl|DotNL) and regexp.MustCompile("^(?s:" + parsed + ")$"), as Prometheus' FastRegexMatcher does (Go 1.26).
 */
const GO_CASES: [string, string, boolean][] = [
  // (?i) folds non-ASCII letters too; (?i:...) folds only inside its group
  ['(?i)api', 'API', true],
  ['(?i)api', 'Api', true],
  ['(?i)api', 'apx', false],
  ['(?i:PRO).*', 'production', true],
  ['(?i:PRO).*', 'PROD', true],
  ['(?i:PRO).*', 'xpro', false],
  ['(?i:a)b', 'AB', false],
  ['(?i:a)b', 'Ab', true],
  ['a(?i)b|c', 'C', true],
  ['a(?i)b|c', 'aB', true],
  ['a(?i)b|c', 'Ab', false],
  ['(?i)a(?-i)b', 'Ab', true],
  ['(?i)a(?-i)b', 'AB', false],
  ['(?i)k', '\u212a', true],
  ['(?i)s', '\u017f', true],
  ['(?i)σ', 'ς', true],
  ['(?i)σ', 'Σ', true],
  ['(?i)é', 'É', true],
  ['(?i)straße', 'STRAẞE', true],
  ['(?i)ǅ', 'ǆ', true],
  ['(?i)ǅ', 'Ǆ', true],
  ['(?i)ω', '\u2126', true],
  ['(?i)[a-c]+', 'aBc', true],
  ['(?i)[^k]', '\u212a', false],
  ['(?i)[^k]', 'K', false],
  ['(?i)[^k]', 'x', true],
  ['(?i)\\W', '\u017f', false],
  ['\\W', '\u017f', true],
  ['(?i)[[:upper:]]', 'a', true],
  ['[[:upper:]]', 'a', false],
  ['(?i)\\p{Lu}', 'a', true],
  ['\\p{Lu}', 'a', false],
  ['(?i)\\P{Lu}', 'a', false],
  ['(?i)\\P{Lu}', '1', true],
  ['(?i)[\\P{Lu}x]', 'X', true],
  ['(?i)[\\P{Lu}x]', 'a', false],
  ['(?i)[\\P{Lu}x]', '1', true],
  ['(?i)[^\\p{Lu}]', 'a', false],
  ['(?i)\\p{Greek}', '\u00b5', true],
  // Prometheus wraps patterns in (?s:...), so . matches \n unless (?-s); (?m); (?U)
  ['a.b', 'a\nb', true],
  ['(?s)a.b', 'a\nb', true],
  ['(?-s)a.b', 'a\nb', false],
  ['(?-s)a.b', 'a\rb', true],
  ['(?-s:.)', '\u2028', true],
  ['(?m)a$\\n^b', 'a\nb', true],
  ['a$\\n^b', 'a\nb', false],
  ['(?m:^)a', 'a', true],
  ['a$', 'a', true],
  ['a$', 'a\n', false],
  ['(?U)a+b', 'aaab', true],
  ['(?U)a+?', 'aa', true],
  // named groups, with names JS would refuse
  ['(?P<x>a)(?<y>b)', 'ab', true],
  ['(?P<1x>a)', 'a', true],
  ['(?P<n>a)|(?P<n>b)', 'b', true],
  // POSIX and Perl classes are ASCII only
  ['[[:alpha:]]+', 'abC', true],
  ['[[:alpha:]]+', 'ab1', false],
  ['[[:^digit:]]', '5', false],
  ['[[:^digit:]]', 'x', true],
  ['[[:space:]]', '\u000b', true],
  ['\\s', '\u000b', false],
  ['\\s', '\t', true],
  ['[[:word:]]', '_', true],
  ['[[:punct:]]+', '!-/', true],
  ['[[:xdigit:]]+', 'fF09', true],
  ['[[:cntrl:]]', '\u007f', true],
  ['\\d+', '0123', true],
  ['\\d+', '١٢', false],
  ['\\w', 'é', false],
  ['\\D', 'é', true],
  ['\\S', 'é', true],
  ['\\W', 'é', true],
  ['\\w+', 'a_1Z', true],
  // Unicode classes, with the names Go accepts
  ['\\pL+', 'héllo', true],
  ['\\p{Greek}+', 'αβγ', true],
  ['\\p{Greek}+', 'abc', false],
  ['\\PL', '1', true],
  ['\\PL', 'a', false],
  ['\\p{^Greek}', 'a', true],
  ['\\P{^Greek}', 'α', true],
  ['\\pN', '١', true],
  ['\\p{Lu}', 'É', true],
  ['\\p{Han}', '漢', true],
  ['\\p{Any}', '\n', true],
  ['\\p{Letter}', 'a', true],
  ['\\p{greek}', 'α', true],
  ['\\p{L}\\p{Nd}', 'x7', true],
  ['[\\p{Greek}\\d]+', 'α1β2', true],
  ['[^\\pL]', '1', true],
  ['[^\\pL]', 'a', false],
  // \A \z, \Q...\E, octal and hex escapes, code points beyond the BMP
  ['\\Aab\\z', 'ab', true],
  ['a\\z|b', 'b', true],
  ['\\Qa.b*\\E', 'a.b*', true],
  ['\\Qa.b*\\E', 'axbb', false],
  ['\\Qab', 'ab', true],
  ['x\\Q\\E*', 'xxx', true],
  ['\\x41', 'A', true],
  ['\\x{10FFFF}', '\u{10ffff}', true],
  ['\\x{1F600}', '😀', true],
  ['\\101', 'A', true],
  ['\\0', '\u0000', true],
  ['\\012', '\n', true],
  ['[\\x{100}-\\x{17F}]', 'Ā', true],
  ['.', '😀', true],
  ['..', '😀', false],
  ['[😀-😂]', '😁', true],
  // word boundaries, literal braces, repeats, empty alternatives
  ['a\\b', 'a', true],
  ['\\bé', 'é', false],
  ['a\\B', 'a', false],
  ['\\b', '', false],
  ['a{,2}', 'a{,2}', true],
  ['x{', 'x{', true],
  ['}', '}', true],
  [']', ']', true],
  ['a{01}', 'a{01}', true],
  ['a{2,3}', 'aaaa', false],
  ['a{2,3}', 'aaa', true],
  ['(?:ab){2}', 'abab', true],
  ['a{0}', '', true],
  ['a{2,}', 'aaaaa', true],
  ['^*a', 'a', true],
  ['a|', '', true],
  ['()', '', true],
  ['(|a)+', 'aa', true],
  // RE2 class syntax, and escapes that u-mode JS would refuse
  ['[]a]', ']', true],
  ['[^]a]', 'b', true],
  ['[^]a]', ']', false],
  ['[a-]', '-', true],
  ['[a\\-z]', '-', true],
  ['[\\d-z]', '-', true],
  ['[\\d-z]', 'y', false],
  ['\\_', '_', true],
  ['\\-', '-', true],
  ['\\ ', ' ', true],
  ['\\#', '#', true],
  ['a\\.b', 'a.b', true],
  ['a\\.b', 'axb', false],
  ['[.]', 'x', false],
  // folding in quoted text and in ranges
  ['(?i)\\Qa.B\\E', 'A.b', true],
  ['(?i)[k-l]', '\u212a', true],
  ['(?i)\\x{212A}', 'k', true],
  ['[^\\n]', '\n', false],
  ['[^a]', '\n', true],
];

/** [pattern, what the error must say]: everything Go's regexp refuses, worded as Go words it. */
const REFUSED: [string, string][] = [
  ['(?=x)', 'invalid or unsupported Perl syntax: `(?=` (lookahead is not supported by RE2)'],
  ['(?!x)', 'invalid or unsupported Perl syntax: `(?!` (lookahead is not supported by RE2)'],
  ['(?<=x)y', 'invalid named capture: `(?<=x)y` (lookbehind is not supported by RE2)'],
  ['(?<!x)y', 'lookbehind is not supported by RE2'],
  ['(a)\\1', 'invalid escape sequence: `\\1` (backreferences are not supported by RE2)'],
  ['(?P<n>a)(?P=n)', 'invalid or unsupported Perl syntax: `(?P` (backreferences are not supported by RE2)'],
  ['(?>a)', 'invalid or unsupported Perl syntax: `(?>` (atomic groups are not supported by RE2)'],
  ['a*+', 'invalid nested repetition operator: `*+` (possessive quantifiers are not supported by RE2)'],
  ['a++', 'possessive quantifiers are not supported by RE2'],
  ['a\\Z', 'invalid escape sequence: `\\Z`'],
  ['a**', 'invalid nested repetition operator: `**`'],
  ['a{2}{3}', 'invalid nested repetition operator: `{2}{3}`'],
  ['\\C', 'invalid escape sequence: `\\C`'],
  ['\\e', 'invalid escape sequence: `\\e`'],
  ['[\\b]', 'invalid escape sequence: `\\b`'],
  ['\\8', 'invalid escape sequence: `\\8`'],
  ['(?#c)', 'invalid or unsupported Perl syntax: `(?#`'],
  ["(?'n'x)", "invalid or unsupported Perl syntax: `(?'`"],
  ['[[:foo:]]', 'invalid character class range: `[:foo:]`'],
  ['\\p{Foo}', 'invalid character class range: `\\p{Foo}`'],
  ['\\p{', 'invalid character class range: `\\p{`'],
  ['[z-a]', 'invalid character class range: `z-a`'],
  ['x{1001}', 'invalid repeat count: `{1001}`'],
  ['x{2,1}', 'invalid repeat count: `{2,1}`'],
  ['(a{100}){100}', 'invalid repeat count: `{100}`'],
  ['(', 'missing closing ): `(`'],
  [')', 'unexpected ): `)`'],
  ['[a', 'missing closing ]: `[a`'],
  ['a\\', 'trailing backslash at end of expression'],
  ['\\x{110000}', 'invalid escape sequence: `\\x{110000`'],
  ['\\xZ1', 'invalid escape sequence: `\\xZ1`'],
  ['(?i', 'invalid or unsupported Perl syntax: `(?i`'],
  ['(?-)', 'invalid or unsupported Perl syntax: `(?-)`'],
  ['(?i-)', 'invalid or unsupported Perl syntax: `(?i-)`'],
  ['*a', 'missing argument to repetition operator: `*`'],
  ['a|*', 'missing argument to repetition operator: `*`'],
  ['(?i)*', 'missing argument to repetition operator: `*`'],
  ['(?P<a-b>x)', 'invalid named capture: `(?P<a-b>`'],
  ['(?P<>x)', 'invalid named capture: `(?P<>`'],
  ['\\é', 'invalid escape sequence: `\\é`'],
];

describe('compileRegex (RE2 translated to JS)', () => {
  it.each(GO_CASES)('%j on %j matches as Go does: %j', (pattern, value, expected) => {
    expect(compileRegex(pattern).regex.test(value)).toBe(expected);
  });

  it.each(REFUSED)('refuses %j as RE2 does', (pattern, reason) => {
    let error: unknown;
    try {
      compileRegex(pattern);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(PromQLError);
    expect((error as PromQLError).message).toContain(
      `invalid regular expression ${JSON.stringify(pattern)}: `,
    );
    expect((error as PromQLError).message).toContain(reason);
  });

  it('accepts script names with underscores, which Go before 1.26 accepts', () => {
    expect(compileRegex('\\p{Old_Italic}+').regex.test('\u{10300}\u{10301}')).toBe(true);
  });

  it('compiles a pattern once', () => {
    expect(compileRegex('(?i)once')).toBe(compileRegex('(?i)once'));
  });
});

describe('label_replace captures', () => {
  // Expected values from Go's regexp.ExpandString on the anchored match.
  it.each([
    ['(?U)(a+)(a*)', 'aaa', '$1|$2', 'a|aa'],
    ['(?P<host>[^:]+):(?P<port>\\d+)', 'node-1:9100', '${host}/$port', 'node-1/9100'],
    ['(?P<1x>a)(b)', 'ab', '${1x}-$2-$1x', 'a-b-a'],
    ['(?P<n>a)|(?P<n>b)', 'b', '[$n]', '[b]'],
    ['(?i)(?P<env>prod|dev)-.*', 'PROD-eu', '$env', 'PROD'],
    ['(a)(?:b)(?<c>c)', 'abc', '$1$2${c}', 'acc'],
  ])('%j on %j expands %j to %j', (regex, value, template, expected) => {
    const [out] = labelReplace([{ labels: { src: value }, value: 1 }], 'dst', template, 'src', regex);
    expect(out?.labels.dst).toBe(expected);
  });
});

describe('compileMatcher', () => {
  it('compares = and != as strings, never as patterns', () => {
    expect(compileMatcher({ name: 'job', op: '=', value: 'a.c' }).matches('abc')).toBe(false);
    expect(compileMatcher({ name: 'job', op: '=', value: 'a.c' }).matches('a.c')).toBe(true);
    expect(compileMatcher({ name: 'job', op: '!=', value: '(?i)x' }).matches('X')).toBe(true);
    expect(compileMatcher({ name: 'job', op: '!~', value: '(?i)x' }).matches('X')).toBe(false);
  });

  it('treats a missing label as empty and keeps the compiled list of a matcher list', () => {
    const matchers = [
      { name: '__name__', op: '=' as const, value: 'up' },
      { name: 'zone', op: '=~' as const, value: '|eu-.*' },
    ];
    const compiled = compileMatchers(matchers);
    expect(compileMatchers(matchers)).toBe(compiled);
    expect(matchesAll(compiled, { __name__: 'up' })).toBe(true);
    expect(matchesAll(compiled, { __name__: 'up', zone: 'us-1' })).toBe(false);
    expect(pinnedName(matchers)).toBe('up');
  });
});
