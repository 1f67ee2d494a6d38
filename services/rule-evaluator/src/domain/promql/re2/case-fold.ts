import { cleanRanges, type Ranges } from './char-set';

/**
 * Case-fold orbits (`k K K`, `s S ſ`, `σ ς Σ`) under Unicode simple case folding, the equivalence both RE2's
 * `(?i)` and a JS `ui` regex use. RE2 scopes `(?i)` to a group and V8 in Node 20 cannot, so folded literals
 * and classes are written out as explicit classes, which needs the orbits themselves.
 *
 * They are derived from the JS engine rather than shipped as a table. Candidates are the code points that
 * change under case mapping or folding; they are grouped by their case mappings (single code points, or the
 * same longer mapping, which pairs `ΐ` with `ΐ`), and each group is split by a `ui` backreference, which
 * compares by simple case folding (mappings also pair letters that do not fold together, such as `ı` and `I`).
 * Built once, on the first case-insensitive pattern, in some tens of milliseconds.
 */
interface FoldTable {
  /** Every code point with an orbit of two or more, ascending. */
  keys: number[];
  orbits: Map<number, readonly number[]>;
}

/** Planes 0 and 1 hold every cased letter (RE2's own bound is U+1E943); they are scanned in blocks. */
const BLOCK = 256;
const CASED = /[\p{Changes_When_Casemapped}\p{Changes_When_Casefolded}]/u;
const SAME_FOLD = /^([^])\1$/iu;

let table: FoldTable | undefined;

class DisjointSets {
  private readonly parent = new Map<number, number>();

  root(x: number): number {
    let r = x;
    for (let p = this.parent.get(r); p !== undefined && p !== r; p = this.parent.get(r)) r = p;
    return r;
  }

  union(a: number, b: number): void {
    const ra = this.root(a);
    const rb = this.root(b);
    this.parent.set(ra, Math.min(ra, rb));
    this.parent.set(rb, Math.min(ra, rb));
  }

  groups(): number[][] {
    const byRoot = new Map<number, number[]>();
    for (const x of this.parent.keys()) {
      const r = this.root(x);
      const g = byRoot.get(r);
      if (g) g.push(x);
      else byRoot.set(r, [x]);
    }
    return [...byRoot.values()];
  }
}

/** Code points [start, start + count) as one string: surrogates become spaces, whose case never changes. */
function codePointRun(start: number, count: number): string {
  const units = new Uint16Array(start > 0xffff ? 2 * count : count);
  for (let i = 0, cp = start; i < count; i++, cp++) {
    if (cp <= 0xffff) units[i] = cp >= 0xd800 && cp <= 0xdfff ? 0x20 : cp;
    else {
      units[2 * i] = 0xd800 + ((cp - 0x10000) >> 10);
      units[2 * i + 1] = 0xdc00 + ((cp - 0x10000) & 0x3ff);
    }
  }
  return new TextDecoder('utf-16le').decode(units);
}

/** Starts of the blocks holding a code point that case mapping changes; whole-string mapping is native and fast. */
function casedBlocks(): number[] {
  const starts: number[] = [];
  for (const plane of [0, 0x10000]) {
    const text = codePointRun(plane, 0x10000);
    const width = plane === 0 ? BLOCK : 2 * BLOCK;
    for (let at = 0; at < text.length; at += width) {
      const block = text.slice(at, at + width);
      if (block.toLowerCase() !== block || block.toUpperCase() !== block)
        starts.push(plane + (at / width) * BLOCK);
    }
  }
  return starts;
}

function candidateGroups(): number[][] {
  const sets = new DisjointSets();
  const byMapping = new Map<string, number>();
  const link = (cp: number, self: string, mapped: string): void => {
    if (mapped === self) return;
    const single = mapped.codePointAt(0) as number;
    if (mapped.length === (single > 0xffff ? 2 : 1)) return sets.union(cp, single);
    const other = byMapping.get(mapped);
    if (other === undefined) byMapping.set(mapped, cp);
    else sets.union(cp, other);
  };
  for (const start of casedBlocks()) {
    for (let cp = start; cp < start + BLOCK; cp++) {
      if (cp >= 0xd800 && cp <= 0xdfff) continue;
      const s = String.fromCodePoint(cp);
      if (!CASED.test(s)) continue;
      link(cp, s, s.toLowerCase());
      link(cp, s, s.toUpperCase());
    }
  }
  return sets.groups();
}

function splitByEngine(group: number[]): number[][] {
  const parts: { first: string; members: number[] }[] = [];
  for (const cp of group.sort((a, b) => a - b)) {
    const c = String.fromCodePoint(cp);
    const part = parts.find((p) => SAME_FOLD.test(p.first + c));
    if (part) part.members.push(cp);
    else parts.push({ first: c, members: [cp] });
  }
  return parts.map((p) => p.members);
}

function buildTable(): FoldTable {
  const orbits = new Map<number, readonly number[]>();
  for (const group of candidateGroups()) {
    for (const orbit of splitByEngine(group)) {
      if (orbit.length < 2) continue;
      for (const cp of orbit) orbits.set(cp, orbit);
    }
  }
  return { keys: [...orbits.keys()].sort((a, b) => a - b), orbits };
}

function foldTable(): FoldTable {
  return (table ??= buildTable());
}

/** The code points `cp` folds to, itself included, ascending. */
export function orbitOf(cp: number): readonly number[] {
  return foldTable().orbits.get(cp) ?? [cp];
}

function firstKeyAtLeast(keys: number[], x: number): number {
  let lo = 0;
  let hi = keys.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((keys[mid] as number) < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** `r` with every code point's orbit added (RE2's appendFoldedClass). */
export function foldRanges(r: Ranges): Ranges {
  const { keys, orbits } = foldTable();
  const out = [...r];
  for (let i = 0; i < r.length; i += 2) {
    const hi = r[i + 1] as number;
    for (let k = firstKeyAtLeast(keys, r[i] as number); k < keys.length && (keys[k] as number) <= hi; k++) {
      for (const cp of orbits.get(keys[k] as number) as number[]) out.push(cp, cp);
    }
  }
  return cleanRanges(out);
}

/** The code points outside a set (given by its membership test) that fold to a code point inside it. */
export function foldExtras(inSet: (c: string) => boolean): Ranges {
  const { orbits } = foldTable();
  const out: number[] = [];
  for (const orbit of new Set(orbits.values())) {
    const outside = orbit.filter((cp) => !inSet(String.fromCodePoint(cp)));
    if (outside.length < orbit.length) for (const cp of outside) out.push(cp, cp);
  }
  return cleanRanges(out);
}
