import { Party } from '../parties/party';
import { Suggestion } from '../suggestions/suggestion';
import { ndcgAtK, recallAtK } from './metrics';

export interface FailureCase {
  subject: Party;
  gold: readonly Party[];
  suggestions: readonly Suggestion[];
  partners: ReadonlyMap<string, Party>;
}

/**
 * The queries the engine served worst (lowest nDCG@10, then recall@10), as people read them: the
 * party, its top 10 with each reason and whether it was a gold partner, and the partners the gold
 * expected, so a reader can see what the engine could not know or got wrong.
 */
export function failureReport(cases: readonly FailureCase[], worst = 20): string {
  const scored = cases.map((c) => {
    const ranked = c.suggestions.map((s) => s.partnerKey);
    const gold = new Set(c.gold.map((g) => g.key));
    return { c, ndcg: ndcgAtK(ranked, gold, 10), recall: recallAtK(ranked, gold, 10), gold };
  });
  scored.sort(
    (a, b) =>
      a.ndcg - b.ndcg || a.recall - b.recall || (a.c.subject.key < b.c.subject.key ? -1 : 1),
  );
  const out = [`# The ${Math.min(worst, scored.length)} worst-served queries`, ''];
  for (const { c, ndcg, recall, gold } of scored.slice(0, worst)) {
    out.push(
      `## ${c.subject.name} (${c.subject.economy})`,
      '',
      `nDCG@10 ${ndcg.toFixed(3)} · recall@10 ${recall.toFixed(3)} · ${c.gold.length} expected partners`,
      '',
      '| # | suggested | economy | gold | reason |',
      '| --- | --- | --- | --- | --- |',
      ...c.suggestions.map((s) => {
        const p = c.partners.get(s.partnerKey);
        return `| ${s.rank} | ${cell(p?.name ?? s.partnerKey)} | ${s.partnerEconomy} | ${gold.has(s.partnerKey) ? 'yes' : ''} | ${cell(s.reason)} |`;
      }),
      '',
      `Expected: ${c.gold.map((g) => `${g.name} (${g.economy})`).join('; ')}`,
      '',
    );
  }
  return out.join('\n');
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\s+/g, ' ').slice(0, 240);
}
