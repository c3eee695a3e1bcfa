import { Inject, Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { Principal } from '../auth/principal';
import { invalidInput } from '../common/errors/domain-error';
import { CriteriaService } from '../criteria/criteria.service';
import { IntroductionsRepository } from '../introductions/introductions.repository';
import { FEATURES, Feature, MatchCriteria } from '../matching/criteria';
import { MatchingEngine } from '../matching/matching-engine';
import { PartyDirectory } from '../parties/party-directory';
import { FeedbackRepository } from '../suggestions/suggestions.repository';
import { FitDto, FitResponse } from './fit.dto';
import { Example, fitLogistic, weightsFromCoefficients } from './logistic';
import { mean, ndcgAtK } from './metrics';

/** Partners a subject is known to want (positives) or not (negatives). */
type Labels = Map<string, { positives: Set<string>; negatives: Set<string> }>;

const UNLABELLED_PER_SUBJECT = 30;
const HELD_OUT_SHARE = 0.3;

/**
 * Fits the criteria weights to outcomes: for each labelled subject the engine scores its pool (the
 * labelled partners forced in), each candidate's score parts become an example, and a logistic
 * regression on 70% of the subjects gives the weights (a part that lowers the odds gets 0). The
 * other 30% are held out: both versions rank their pools, and nDCG@10 is reported side by side.
 * The result is a draft; nothing is activated.
 */
@Injectable()
export class CriteriaFit {
  constructor(
    @Inject(CriteriaService) private readonly criteria: CriteriaService,
    @Inject(MatchingEngine) private readonly engine: MatchingEngine,
    @Inject(PartyDirectory) private readonly parties: PartyDirectory,
    @Inject(FeedbackRepository) private readonly feedback: FeedbackRepository,
    @Inject(IntroductionsRepository) private readonly introductions: IntroductionsRepository,
  ) {}

  async fit(p: Principal, dto: FitDto): Promise<FitResponse> {
    const base = dto.basedOn ? await this.criteria.get(dto.basedOn) : await this.criteria.active();
    const labels = dto.source === 'gold' ? await this.goldLabels(dto.gold) : await this.outcomes();
    const groups = await this.examples(base, labels);
    const heldOut = [...groups.keys()].filter((g) => isHeldOut(g));
    const training = [...groups.entries()].filter(([g]) => !isHeldOut(g)).flatMap(([, e]) => e);
    const positives = training.filter((e) => e.y === 1).length;
    if (!positives || positives === training.length)
      throw invalidInput('CRITERIA.FIT_NO_EXAMPLES', [
        {
          field: dto.source === 'gold' ? 'gold' : 'source',
          reason:
            'needs good and bad partners to learn from (after holding 30% of the subjects out)',
        },
      ]);
    const fitted = fitLogistic(training);
    const scaled = weightsFromCoefficients(fitted.coefficients);
    const weights = Object.fromEntries(FEATURES.map((f, i) => [f, scaled[i]])) as Record<
      Feature,
      number
    >;
    const draft = await this.criteria.createDraft(p, {
      basedOn: base.version,
      weights,
      note:
        dto.note ??
        `Fitted to ${dto.source === 'gold' ? 'an uploaded gold file' : 'outcomes'} (${groups.size} subjects), over version ${base.version}`,
    });
    const rank = (w: Record<Feature, number>, examples: Example[]) =>
      [...examples]
        .sort((a, b) => scoreOf(w, b.x) - scoreOf(w, a.x))
        .map((e, i) => (e.y ? `+${i}` : `-${i}`));
    const ndcg = (w: Record<Feature, number>) =>
      mean(
        heldOut.map((g) => {
          const ranked = rank(w, groups.get(g)!);
          return ndcgAtK(ranked, new Set(ranked.filter((k) => k.startsWith('+'))), 10);
        }),
      );
    return {
      draft: draft.version,
      basedOn: base.version,
      examples: {
        subjects: groups.size,
        positives: [...groups.values()].flat().filter((e) => e.y === 1).length,
        negatives: [...groups.values()].flat().filter((e) => e.y === 0).length,
      },
      heldOut: {
        subjects: heldOut.length,
        base: round(ndcg(base.weights)),
        draft: round(ndcg(weights)),
      },
      coefficients: Object.fromEntries(FEATURES.map((f, i) => [f, round(fitted.coefficients[i])])),
      weights,
    };
  }

  /** Each labelled subject's pool as examples: labelled partners, then unlabelled ones as negatives. */
  private async examples(base: MatchCriteria, labels: Labels): Promise<Map<string, Example[]>> {
    const groups = new Map<string, Example[]>();
    const criteria = { ...base, rules: { ...base.rules, knownPartners: 'include' as const } };
    for (const [subject, { positives, negatives }] of labels) {
      if (!(await this.parties.find(subject))) continue;
      const run = await this.engine.match(subject, criteria, {
        keepPool: true,
        include: [...positives, ...negatives],
      });
      const examples: Example[] = [];
      let unlabelled = 0;
      for (const { partner, scored } of run.pool ?? []) {
        const labelled = positives.has(partner.key) || negatives.has(partner.key);
        if (!labelled && unlabelled++ >= UNLABELLED_PER_SUBJECT) continue;
        examples.push({
          x: FEATURES.map((f) => scored.parts[f].value),
          y: positives.has(partner.key) ? 1 : 0,
          group: subject,
        });
      }
      if (examples.some((e) => e.y === 1)) groups.set(subject, examples);
    }
    return groups;
  }

  private async goldLabels(gold: Record<string, unknown> | undefined): Promise<Labels> {
    if (!gold || !Object.keys(gold).length)
      throw invalidInput('VALIDATION.FAILED', [
        { field: 'gold', reason: 'is required with source gold: {"<externalId>": [partners…]}' },
      ]);
    const labels: Labels = new Map();
    for (const [subjectId, partners] of Object.entries(gold)) {
      if (!Array.isArray(partners) || partners.some((x) => typeof x !== 'string'))
        throw invalidInput('VALIDATION.FAILED', [
          { field: `gold.${subjectId}`, reason: 'must be a list of partner externalIds' },
        ]);
      const subject = await this.parties.findByExternalId(subjectId);
      if (!subject) continue;
      const positives = new Set<string>();
      for (const id of partners as string[]) {
        const partner = await this.parties.findByExternalId(id);
        if (partner) positives.add(partner.key);
      }
      if (positives.size) labels.set(subject.key, { positives, negatives: new Set() });
    }
    return labels;
  }

  /** Accepted introductions and useful or saved suggestions are good; declined, not relevant, hidden are not. */
  private async outcomes(): Promise<Labels> {
    const labels: Labels = new Map();
    const label = (subject: string, partner: string, good: boolean) => {
      let l = labels.get(subject);
      if (!l) labels.set(subject, (l = { positives: new Set(), negatives: new Set() }));
      (good ? l.positives : l.negatives).add(partner);
    };
    let after: string | undefined;
    for (;;) {
      const page = await this.introductions.list({}, { limit: 500, after });
      for (const i of page) {
        if (i.status !== 'accepted' && i.status !== 'declined') continue;
        label(i.requesterKey, i.targetKey, i.status === 'accepted');
        label(i.targetKey, i.requesterKey, i.status === 'accepted');
      }
      if (page.length < 500) break;
      after = page[page.length - 1].id;
    }
    for await (const parties of this.parties.pages())
      for (const party of parties)
        for (const f of await this.feedback.forSubject(party.key))
          label(f.subjectKey, f.partnerKey, f.status === 'useful' || f.status === 'saved');
    return labels;
  }
}

function scoreOf(weights: Record<Feature, number>, x: readonly number[]): number {
  return FEATURES.reduce((s, f, i) => s + weights[f] * x[i], 0);
}

function isHeldOut(group: string): boolean {
  return createHash('sha256').update(group).digest()[0] < 256 * HELD_OUT_SHARE;
}

const round = (x: number) => Math.round(x * 10000) / 10000;
