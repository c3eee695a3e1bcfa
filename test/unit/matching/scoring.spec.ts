import { DEFAULT_CRITERIA, FEATURES } from '../../../src/matching/criteria';
import { candidateSimilarity, diversify } from '../../../src/matching/diversity';
import { renderReason } from '../../../src/i18n/reasons';
import { explainMatch } from '../../../src/matching/explain';
import {
  ItemView,
  PartyView,
  areaCompatibility,
  harmonic,
  scoreCandidate,
} from '../../../src/matching/scoring';
import { sectorAffinity } from '../../../src/matching/sector-affinity';

const dim = 8;
const basis = (i: number) => Float32Array.from({ length: dim }, (_, j) => (j === i ? 1 : 0));
const mix = (a: number, b: number, t: number) => {
  const v = Float32Array.from({ length: dim }, (_, j) =>
    j === a ? Math.cos(t) : j === b ? Math.sin(t) : 0,
  );
  return v;
};

const item = (
  id: string,
  kind: 'need' | 'offer',
  vector: Float32Array,
  extra: Partial<ItemView> = {},
): ItemView => ({
  id,
  kind,
  area: 'joint_rd',
  title: id,
  sectors: ['26'],
  targetEconomies: [],
  updatedAt: '2026-11-01T00:00:00.000Z',
  vectors: [vector],
  ...extra,
});
const party = (
  key: string,
  economy: string,
  items: ItemView[],
  extra: Partial<PartyView> = {},
): PartyView => ({
  key,
  type: 'cluster',
  id: key,
  name: key,
  economy,
  clusterId: key,
  sectors: ['26'],
  inferredSectors: [],
  languages: ['en'],
  updatedAt: '2026-11-01T00:00:00.000Z',
  profileVector: basis(7),
  items,
  ...extra,
});
const ctx = {
  criteria: DEFAULT_CRITERIA,
  today: '2026-11-27',
  feedback: { liked: [], dismissed: [] },
  keyword: 0,
  consensus: 0,
  text: 0,
  work: 0,
  sharedPartners: 0,
  proximity: 0,
  experience: 0,
  knownPartner: false,
  networkKnown: true,
};

describe('scoreCandidate', () => {
  const subject = party('S', 'KR', [
    item('need-sic', 'need', basis(0)),
    item('offer-epi', 'offer', basis(1)),
  ]);

  it('scores a two-way fit above a one-sided one (reciprocity)', () => {
    const twoWay = party(
      'A',
      'JP',
      [item('offer-sic', 'offer', basis(0)), item('need-epi', 'need', basis(1))],
      { profileVector: basis(6) },
    );
    const oneWay = party(
      'B',
      'JP',
      [item('offer-sic', 'offer', basis(0)), item('need-other', 'need', basis(5))],
      { profileVector: basis(6) },
    );
    const a = scoreCandidate(subject, twoWay, ctx);
    const b = scoreCandidate(subject, oneWay, ctx);
    expect(a.parts.reciprocity.value).toBeCloseTo(1, 4);
    expect(b.parts.reciprocity.value).toBe(0);
    expect(b.parts.semanticFit.value).toBeCloseTo(1, 4);
    expect(a.score).toBeGreaterThan(b.score);
    expect(a.interest).toEqual({ subjectToCandidate: 1, candidateToSubject: 1 });
  });

  it('lets similar profiles carry interest when no need/offer pair speaks', () => {
    const lookalike = party('C', 'JP', [], { profileVector: basis(7) });
    const s = scoreCandidate(subject, lookalike, ctx);
    expect(s.parts.reciprocity.value).toBeCloseTo(DEFAULT_CRITERIA.rules.profileWeight, 4);
    expect(s.pairs).toEqual([]);
  });

  it('keeps the evidence: which need met which offer, best first, both directions', () => {
    const c = party('D', 'JP', [
      item('offer-near', 'offer', mix(0, 2, 0.3)),
      item('need-epi', 'need', basis(1)),
    ]);
    const s = scoreCandidate(subject, c, ctx);
    expect(s.pairs.map((p) => [p.direction, p.yours.id, p.theirs.id])).toEqual([
      ['your_offer_for_their_need', 'offer-epi', 'need-epi'],
      ['their_offer_for_your_need', 'need-sic', 'offer-near'],
    ]);
    expect(s.pairs[1].similarity).toBeCloseTo(Math.cos(0.3), 3);
  });

  it('ignores pairs below the fit floor', () => {
    const far = party('E', 'JP', [item('offer-far', 'offer', mix(0, 2, 1.45))]);
    expect(scoreCandidate(subject, far, ctx).pairs).toEqual([]);
  });

  it('weighs areas, languages, targets, freshness, keyword and feedback', () => {
    const base = party(
      'F',
      'JP',
      [
        item('offer-sic', 'offer', basis(0), { area: 'training' }),
        item('need-epi', 'need', basis(1), { area: 'hr_exchange' }),
      ],
      {
        languages: ['ja'],
      },
    );
    const s = scoreCandidate(subject, base, ctx);
    expect(s.parts.areaFit.value).toBeCloseTo(
      (areaCompatibility('joint_rd', 'training') + areaCompatibility('joint_rd', 'hr_exchange')) /
        2,
      4,
    );
    expect(s.parts.languageFit.value).toBe(0);
    expect(s.parts.targetPreference.value).toBe(0.5);
    expect(s.parts.freshness.value).toBeCloseTo(Math.pow(2, -26 / 180), 3);

    const targeted = scoreCandidate(
      party('S2', 'KR', [item('need-sic', 'need', basis(0), { targetEconomies: ['JP'] })]),
      base,
      ctx,
    );
    expect(targeted.targeted.byYou).toBe(true);
    expect(targeted.parts.targetPreference.value).toBe(0.75);

    const withKeyword = scoreCandidate(subject, base, { ...ctx, keyword: 1 });
    expect(withKeyword.parts.keywordFit.contribution).toBeGreaterThan(0);
    expect(withKeyword.score).toBeGreaterThan(s.score);

    const disliked = scoreCandidate(subject, base, {
      ...ctx,
      feedback: { liked: [], dismissed: [base.profileVector!] },
    });
    const liked = scoreCandidate(subject, base, {
      ...ctx,
      feedback: { liked: [base.profileVector!], dismissed: [] },
    });
    expect(disliked.parts.feedback.value).toBe(0);
    expect(liked.parts.feedback.value).toBe(1);
    expect(liked.score).toBeGreaterThan(s.score);
    expect(disliked.score).toBeLessThan(s.score);
  });

  it('adds up: the score is the sum of the contributions, each weight as given', () => {
    const s = scoreCandidate(
      subject,
      party('G', 'JP', [item('offer-sic', 'offer', basis(0))]),
      ctx,
    );
    const sum = FEATURES.reduce((t, f) => t + s.parts[f].contribution, 0);
    expect(s.score).toBeCloseTo(sum, 3);
    expect(s.parts.reciprocity.weight).toBe(DEFAULT_CRITERIA.weights.reciprocity);
  });

  it('multiplies the weighted mean by the track record under activityBoost, and still adds up', () => {
    const c = party('K', 'JP', [item('offer-sic', 'offer', basis(0))]);
    const boosted = { ...DEFAULT_CRITERIA, rules: { ...DEFAULT_CRITERIA.rules, activityBoost: 4 } };
    const off = { ...DEFAULT_CRITERIA, rules: { ...DEFAULT_CRITERIA.rules, activityBoost: 0 } };
    const plain = scoreCandidate(subject, c, { ...ctx, experience: 0.5, criteria: off });
    const half = scoreCandidate(subject, c, { ...ctx, experience: 0.5, criteria: boosted });
    const full = scoreCandidate(subject, c, { ...ctx, experience: 1, criteria: boosted });
    // (1 + 4 × 0.5) / (1 + 4) = 0.6; the most experienced candidate of the pool keeps its mean.
    expect(half.score).toBeCloseTo(plain.score * 0.6, 3);
    // minScore holds to the fit, which the track record does not change.
    expect(half.fit).toBeCloseTo(plain.score, 3);
    expect(full.score).toBeCloseTo(scoreCandidate(subject, c, { ...ctx, experience: 1 }).score, 4);
    const sum = FEATURES.reduce((t, f) => t + half.parts[f].contribution, 0);
    expect(half.score).toBeCloseTo(sum, 3);
    // A registry without collaborations has no track record to go by: nothing is multiplied.
    const unknown = { ...ctx, experience: 0, networkKnown: false };
    expect(scoreCandidate(subject, c, { ...unknown, criteria: boosted }).score).toBe(
      scoreCandidate(subject, c, unknown).score,
    );
  });

  it('follows the criteria weights', () => {
    const c = party('H', 'JP', [item('offer-sic', 'offer', basis(0))], { languages: ['en'] });
    const onlyLanguage = {
      ...DEFAULT_CRITERIA,
      rules: { ...DEFAULT_CRITERIA.rules, activityBoost: 0 },
      weights: Object.fromEntries(
        FEATURES.map((f) => [f, f === 'languageFit' ? 1 : 0]),
      ) as typeof DEFAULT_CRITERIA.weights,
    };
    expect(scoreCandidate(subject, c, { ...ctx, criteria: onlyLanguage }).score).toBe(1);
  });
});

describe('harmonic mean and area compatibility', () => {
  it('is zero when one side has no interest and symmetric otherwise', () => {
    expect(harmonic(0.9, 0)).toBe(0);
    expect(harmonic(0.5, 0.5)).toBe(0.5);
    expect(harmonic(0.2, 0.8)).toBeCloseTo(0.32, 6);
  });
  it('scores the same area 1 and related areas in between', () => {
    expect(areaCompatibility('trade', 'trade')).toBe(1);
    expect(areaCompatibility('training', 'hr_exchange')).toBe(
      areaCompatibility('hr_exchange', 'training'),
    );
    expect(areaCompatibility('training', 'hr_exchange')).toBeGreaterThan(
      areaCompatibility('trade', 'hr_exchange'),
    );
  });
});

describe('sector affinity', () => {
  it('scores by the deepest shared ISIC level', () => {
    expect(sectorAffinity(['2610'], ['2610']).score).toBe(1);
    expect(sectorAffinity(['2610'], ['2620'])).toEqual({ score: 0.7, shared: '26' });
    expect(sectorAffinity(['2610'], ['2710']).score).toBeGreaterThanOrEqual(0.35);
    expect(sectorAffinity(['01'], ['62']).score).toBeLessThan(0.35);
  });
  it('uses the cluster-relatedness prior between divisions', () => {
    const related = sectorAffinity(['26'], ['27']);
    expect(related.related).toEqual(['26', '27']);
    expect(related.score).toBeGreaterThan(sectorAffinity(['26'], ['C']).score);
    expect(related.score).toBeLessThan(0.7 + 1e-9 + 0.1);
  });
});

describe('diversify (MMR)', () => {
  const pool = [
    ...['k1', 'k2', 'k3', 'k4', 'k5'].map((key, i) => ({
      key,
      score: 0.9 - i * 0.01,
      economy: 'KR',
      sectors: ['26'],
      profileVector: basis(0),
    })),
    { key: 'j1', score: 0.8, economy: 'JP', sectors: ['26'], profileVector: basis(1) },
    { key: 'c1', score: 0.7, economy: 'CL', sectors: ['03'], profileVector: basis(2) },
    { key: 'v1', score: 0.6, economy: 'VN', sectors: ['13'], profileVector: basis(3) },
  ];

  it('spreads a list across economies instead of taking the top scores from one', () => {
    expect(diversify(pool, 4, 1, null).map((c) => c.key)).toEqual(['k1', 'k2', 'k3', 'k4']);
    const mixed = diversify(pool, 4, 0.7, null);
    expect(new Set(mixed.map((c) => c.economy)).size).toBe(4);
    expect(mixed[0].key).toBe('k1');
  });

  it('caps one economy', () => {
    const capped = diversify(pool, 6, 1, 2);
    expect(capped.filter((c) => c.economy === 'KR')).toHaveLength(2);
    expect(capped).toHaveLength(5);
  });

  it('measures similarity by economy, profile and sectors', () => {
    expect(candidateSimilarity(pool[0], pool[1])).toBeCloseTo(1, 5);
    expect(candidateSimilarity(pool[0], pool[7])).toBe(0);
  });

  it('picks exactly what the textbook MMR picks (redundancy against every pick, each round)', () => {
    let seed = 7;
    const next = () => ((seed = (seed * 16807) % 2147483647) - 1) / 2147483646;
    const economies = ['KR', 'JP', 'CL', 'VN', 'MX'];
    const divisions = ['26', '27', '03', '13', '72'];
    for (let round = 0; round < 20; round++) {
      const candidates = Array.from({ length: 60 }, (_, i) => ({
        key: `p${i}`,
        score: Math.round(next() * 100) / 100,
        economy: economies[Math.floor(next() * economies.length)],
        sectors: divisions.filter(() => next() < 0.3),
        profileVector: mix(Math.floor(next() * dim), Math.floor(next() * dim), next() * 3),
      }));
      const lambda = 0.5 + next() * 0.5;
      const cap = round % 2 ? 3 : null;
      const reference: string[] = [];
      const left = [...candidates].sort((a, b) => b.score - a.score);
      const per = new Map<string, number>();
      while (reference.length < 12) {
        let best = -1;
        let bestValue = -Infinity;
        left.forEach((c, i) => {
          if (cap !== null && (per.get(c.economy) ?? 0) >= cap) return;
          const picked = candidates.filter((x) => reference.includes(x.key));
          const redundancy = Math.max(0, ...picked.map((x) => candidateSimilarity(c, x)));
          const value = lambda * c.score - (1 - lambda) * redundancy;
          if (value > bestValue) [best, bestValue] = [i, value];
        });
        if (best < 0) break;
        const [p] = left.splice(best, 1);
        reference.push(p.key);
        per.set(p.economy, (per.get(p.economy) ?? 0) + 1);
      }
      expect(diversify(candidates, 12, lambda, cap).map((c) => c.key)).toEqual(reference);
    }
  });
});

describe('explainMatch', () => {
  it('says which need met which offer, the shared sectors and languages, in one sentence', () => {
    const subject = party(
      'S',
      'KR',
      [item('need', 'need', basis(0), { title: 'pilot line for SiC power modules' })],
      { languages: ['ko', 'en'] },
    );
    const c = party(
      'P',
      'JP',
      [item('offer', 'offer', basis(0), { title: 'SiC wafer foundry services' })],
      { languages: ['en', 'ja'] },
    );
    const parts = explainMatch(scoreCandidate(subject, c, ctx), c);
    expect(parts).toEqual([
      {
        kind: 'need_meets_offer',
        yours: 'pilot line for SiC power modules',
        theirs: 'SiC wafer foundry services',
      },
      { kind: 'shared_sector', code: '26', inferred: false },
      { kind: 'shared_languages', languages: ['en'] },
    ]);
    expect(renderReason(parts, 'en')).toBe(
      "Your need 'pilot line for SiC power modules' matches their offer 'SiC wafer foundry services'; shared sectors: 26 Manufacture of computer, electronic and optical products; both work in English",
    );
  });

  it('names their need or offer closest to your work when similar work speaks, and only then', () => {
    const subject = party('S', 'KR', [], { profileVector: basis(6) });
    const c = party('P', 'JP', [
      item('offer-1', 'offer', basis(2), { title: 'battery recycling pilot line' }),
      item('need-2', 'need', basis(3), { title: 'cathode testing partners' }),
    ]);
    const explain = (
      work: number,
      workRecord: string | undefined,
      weights = ctx.criteria.weights,
    ) =>
      explainMatch(
        scoreCandidate(subject, c, {
          ...ctx,
          criteria: { ...ctx.criteria, weights },
          work,
          workRecord,
        }),
        c,
      );
    const parts = explain(0.8, 'item:need-2');
    expect(parts[0]).toEqual({
      kind: 'similar_work',
      title: 'cathode testing partners',
      itemKind: 'need',
    });
    expect(renderReason(parts.slice(0, 1), 'en')).toBe(
      "Their need 'cathode testing partners' is close to your work",
    );
    expect(renderReason(parts.slice(0, 1), 'ja')).toContain('cathode testing partners');
    // Weak similar work, an item no longer active, or the signal weighted 0: no such claim.
    for (const quiet of [
      explain(0.3, 'item:need-2'),
      explain(0.8, 'item:gone'),
      explain(0.8, 'item:need-2', { ...ctx.criteria.weights, similarWork: 0 }),
    ]) {
      expect(quiet.map((p) => p.kind)).not.toContain('similar_work');
      expect(quiet[0]).toEqual({ kind: 'similar_profiles' });
    }
  });

  it('renders in the reader’s language, keeping user text as written and sector codes beside titles', () => {
    const subject = party('S', 'KR', [item('need', 'need', basis(0), { title: 'SiC 파워 모듈' })], {
      languages: ['ko', 'en'],
    });
    const c = party('P', 'TW', [item('offer', 'offer', basis(0), { title: 'SiC wafer foundry' })], {
      languages: ['en', 'zh-Hant'],
    });
    const scored = scoreCandidate(subject, c, ctx);
    scored.targeted.byYou = true;
    const parts = explainMatch(scored, c);
    const ja = renderReason(parts, 'ja');
    expect(ja).toContain('SiC 파워 모듈');
    expect(ja).toContain('SiC wafer foundry');
    expect(ja).toContain('26 Manufacture of computer');
    expect(ja).toContain('英語');
    expect(ja).toContain('チャイニーズ・タイペイ');
    expect(ja).not.toMatch(/matches|shared sectors|both work in|look for partners/);
    expect(renderReason(parts, 'zh-Hans')).toContain('中华台北');
    expect(renderReason(parts, 'en')).toContain('you look for partners in Chinese Taipei');
  });

  it('renders a reason read again (remembered) exactly as the first time, in each locale apart', () => {
    const target = { kind: 'you_target_economy' as const, economy: 'TW' };
    const parts = [{ kind: 'common_partners' as const, names: ['Fraunhofer', 'ITRI'] }, target];
    const first = { en: renderReason(parts, 'en'), ko: renderReason(parts, 'ko') };
    expect(first.en).not.toBe(first.ko);
    for (let i = 0; i < 3; i++) {
      expect(renderReason(parts, 'ko')).toBe(first.ko);
      expect(renderReason(parts, 'en')).toBe(first.en);
    }
    // same kinds, other content: never the remembered text of the first
    const other = renderReason([{ kind: 'common_partners', names: ['KAIST'] }, target], 'en');
    expect(other).toContain('KAIST');
    expect(other).not.toContain('ITRI');
  });
});

describe('inferred sectors', () => {
  const offer = [item('offer', 'offer', basis(0), { title: 'SiC wafer foundry services' })];
  const need = [item('need', 'need', basis(0), { title: 'pilot line for SiC power modules' })];

  it('count by their confidence when a party gives no sectors, and say so in the explanation', () => {
    const subject = party('S', 'KR', need, {
      sectors: [],
      inferredSectors: [{ code: '2610', confidence: 0.5 }],
    });
    const c = party('P', 'JP', offer);
    const scored = scoreCandidate(subject, c, ctx);
    // Same division (0.7), weighted by the guess's confidence.
    expect(scored.parts.sectorAffinity.value).toBeCloseTo(0.35, 4);
    expect(scored.sector.inferred).toBe(true);
    expect(renderReason(explainMatch(scored, c), 'en')).toContain(
      'shared sectors: 26 Manufacture of computer, electronic and optical products (inferred from their descriptions)',
    );
  });

  it('never replace given sectors', () => {
    const subject = party('S', 'KR', need, {
      sectors: ['26'],
      inferredSectors: [{ code: '0111', confidence: 0.9 }],
    });
    const scored = scoreCandidate(subject, party('P', 'JP', offer), ctx);
    // Both give division 26 (0.7); the confident guess at crop growing plays no part.
    expect(scored.parts.sectorAffinity.value).toBeCloseTo(0.7, 4);
    expect(scored.sector).toEqual({ score: 0.7, shared: '26' });
  });
});
