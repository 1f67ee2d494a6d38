import { isMap, isSeq, LineCounter, parseDocument, type Node, type Pair } from 'yaml';
import { RuleFileError } from '../rules/rule-file';
import { parseAnomalySpec, type AnomalySpec } from './anomaly-spec';

export interface ExtractedAnomalies {
  /** The rule file with every `anomaly:` entry blanked out; line and column of everything else unchanged. */
  text: string;
  /** Anomaly specs by `<group index>:<rule index>`. */
  specs: Map<string, AnomalySpec>;
}

/**
 * Pulls `anomaly:` blocks out of the rules of a rule file before the Prometheus-format parser sees it.
 * The blocks are replaced by spaces (newlines kept), so positions in later parse errors still match the file.
 */
export function extractAnomalyBlocks(text: string, file?: string): ExtractedAnomalies {
  const specs = new Map<string, AnomalySpec>();
  if (!text.includes('anomaly')) return { text, specs };
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines });
  if (doc.errors.length > 0 || !isMap(doc.contents)) return { text, specs };
  const groups = doc.contents.get('groups', true) as Node | undefined;
  if (!isSeq(groups)) return { text, specs };
  const chars = [...text];
  groups.items.forEach((g, gi) => {
    const rules = isMap(g) ? (g.get('rules', true) as Node | undefined) : undefined;
    if (!isSeq(rules)) return;
    rules.items.forEach((r, ri) => {
      if (!isMap(r)) return;
      const pair = r.items.find((p) => (p.key as { value?: unknown } | null)?.value === 'anomaly') as
        Pair<Node, Node> | undefined;
      if (!pair) return;
      const start = pair.key?.range?.[0] ?? 0;
      const end = pair.value?.range?.[1] ?? start;
      try {
        specs.set(`${gi}:${ri}`, parseAnomalySpec(pair.value?.toJSON()));
      } catch (err) {
        const p = lines.linePos(start);
        throw new RuleFileError((err as Error).message, { file, position: { line: p.line, column: p.col } });
      }
      for (let i = start; i < end; i++) if (chars[i] !== '\n') chars[i] = ' ';
    });
  });
  return { text: chars.join(''), specs };
}
