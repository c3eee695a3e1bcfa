import { Inject, Injectable } from '@nestjs/common';
import { invalidInput } from '../common/errors/domain-error';
import { CriteriaContent } from '../matching/criteria';
import { MatchingEngine } from '../matching/matching-engine';
import { sectorLineage } from '../sectors/sector-catalog';
import { IndexReplica } from '../vector-index/index-replica.service';
import { CriteriaService } from '../criteria/criteria.service';
import { FeedbackRepository } from '../suggestions/suggestions.repository';
import { EvaluationService } from './evaluation.service';
import { EvaluationSummary } from './metrics';
import { PreviewDto } from './preview.dto';

export interface ListMix {
  /** Suggestions per partner economy, over all sampled lists. */
  economies: Record<string, number>;
  /** Suggestions per ISIC section of the partner's first sector. */
  sections: Record<string, number>;
  economiesPerList: number;
  averageListSize: number;
}

export interface PreviewReport {
  activeVersion: number;
  draft: { version: number | null; content: CriteriaContent };
  sampleSize: number;
  /** Share of the active top 10 still in the draft's top 10, averaged. */
  overlapAt10: number;
  rankChanges: { meanAbsoluteShift: number; entered: number; left: number };
  mix: { active: ListMix; draft: ListMix };
  offline: { active: EvaluationSummary; draft: EvaluationSummary } | null;
  subjects: { subject: string; overlapAt10: number; entered: string[]; left: string[] }[];
}

/** What a criteria draft would change, before anyone activates it. */
@Injectable()
export class PreviewService {
  constructor(
    @Inject(CriteriaService) private readonly criteria: CriteriaService,
    @Inject(MatchingEngine) private readonly engine: MatchingEngine,
    @Inject(EvaluationService) private readonly evaluation: EvaluationService,
    @Inject(IndexReplica) private readonly replica: IndexReplica,
    @Inject(FeedbackRepository) private readonly feedback: FeedbackRepository,
  ) {}

  async preview(dto: PreviewDto): Promise<PreviewReport> {
    if (!dto.draft && !dto.version)
      throw invalidInput('VALIDATION.FAILED', [
        { field: 'draft', reason: 'give a draft or a version to preview' },
      ]);
    const active = await this.criteria.active();
    const draft = dto.version
      ? await this.criteria.get(dto.version)
      : await this.criteria.resolveDraft(dto.draft!);
    const subjects = dto.subjects?.length ? dto.subjects : this.sample(dto.sampleSize ?? 20);
    const perSubject: PreviewReport['subjects'] = [];
    const shifts: number[] = [];
    const lists = {
      active: [] as { key: string; economy: string; sector: string }[][],
      draft: [] as { key: string; economy: string; sector: string }[][],
    };
    for (const subject of subjects) {
      const said = { feedback: await this.feedback.forSubject(subject) };
      const a = (await this.engine.match(subject, active, said)).matches.map((m) => ({
        key: m.partner.key,
        economy: m.partner.economy,
        sector: m.partner.sectors[0] ?? '',
      }));
      const d = (await this.engine.match(subject, draft, said)).matches.map((m) => ({
        key: m.partner.key,
        economy: m.partner.economy,
        sector: m.partner.sectors[0] ?? '',
      }));
      lists.active.push(a);
      lists.draft.push(d);
      const aKeys = a.slice(0, 10).map((x) => x.key);
      const dKeys = d.slice(0, 10).map((x) => x.key);
      for (const [i, k] of aKeys.entries())
        if (dKeys.includes(k)) shifts.push(Math.abs(dKeys.indexOf(k) - i));
      perSubject.push({
        subject,
        overlapAt10: aKeys.length
          ? aKeys.filter((k) => dKeys.includes(k)).length / aKeys.length
          : 1,
        entered: dKeys.filter((k) => !aKeys.includes(k)),
        left: aKeys.filter((k) => !dKeys.includes(k)),
      });
    }
    const labelled = await this.evaluation.labelledSubjects().catch(() => []);
    return {
      activeVersion: active.version,
      draft: {
        version: dto.version ?? null,
        content: { weights: draft.weights, rules: draft.rules, note: draft.note },
      },
      sampleSize: subjects.length,
      overlapAt10: mean(perSubject.map((s) => s.overlapAt10)),
      rankChanges: {
        meanAbsoluteShift: mean(shifts),
        entered: perSubject.reduce((n, s) => n + s.entered.length, 0),
        left: perSubject.reduce((n, s) => n + s.left.length, 0),
      },
      mix: { active: mixOf(lists.active), draft: mixOf(lists.draft) },
      offline: labelled.length
        ? {
            active: await this.evaluation.evaluate('engine', active, labelled),
            draft: await this.evaluation.evaluate('engine', draft, labelled),
          }
        : null,
      subjects: perSubject,
    };
  }

  /** An even spread over the clusters and members the index knows (deterministic). */
  private sample(size: number): string[] {
    const parties = [...this.replica.placements.entries()]
      .filter(([, p]) => p.meta.entity !== 'item')
      .map(([key]) => key)
      .sort();
    if (parties.length <= size) return parties;
    const step = parties.length / size;
    return Array.from({ length: size }, (_, i) => parties[Math.floor(i * step)]);
  }
}

function mixOf(lists: { key: string; economy: string; sector: string }[][]): ListMix {
  const economies: Record<string, number> = {};
  const sections: Record<string, number> = {};
  for (const list of lists) {
    for (const s of list) {
      economies[s.economy] = (economies[s.economy] ?? 0) + 1;
      const section = sectionOf(s.sector);
      sections[section] = (sections[section] ?? 0) + 1;
    }
  }
  return {
    economies,
    sections,
    economiesPerList: mean(lists.map((l) => new Set(l.slice(0, 10).map((s) => s.economy)).size)),
    averageListSize: mean(lists.map((l) => l.length)),
  };
}

const mean = (xs: number[]) => (xs.length ? xs.reduce((s, x) => s + x, 0) / xs.length : 0);

function sectionOf(code: string): string {
  return sectorLineage(code).at(-1) ?? '?';
}
