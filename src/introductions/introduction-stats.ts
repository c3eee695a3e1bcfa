import { Inject, Injectable } from '@nestjs/common';
import { IntroductionCount } from './introduction';
import { IntroductionsRepository } from './introductions.repository';

export interface IntroductionTally {
  requested: number;
  pending: number;
  accepted: number;
  declined: number;
  expired: number;
  withdrawn: number;
  /** accepted / (accepted + declined + expired); null before any answer. */
  acceptanceRate: number | null;
}

export interface IntroductionStats {
  pairs: (IntroductionTally & { requesterEconomy: string; targetEconomy: string })[];
  totals: IntroductionTally;
}

const tally = (): IntroductionTally => ({
  requested: 0,
  pending: 0,
  accepted: 0,
  declined: 0,
  expired: 0,
  withdrawn: 0,
  acceptanceRate: null,
});

/** Requests by economy pair, busiest first, with acceptance rates. */
export function statsByEconomyPair(counts: readonly IntroductionCount[]): IntroductionStats {
  const pairs = new Map<string, IntroductionStats['pairs'][number]>();
  const totals = tally();
  for (const c of counts) {
    const key = `${c.requesterEconomy}>${c.targetEconomy}`;
    let row = pairs.get(key);
    if (!row) {
      row = { requesterEconomy: c.requesterEconomy, targetEconomy: c.targetEconomy, ...tally() };
      pairs.set(key, row);
    }
    for (const t of [row, totals]) {
      t[c.status] += c.count;
      t.requested += c.count;
    }
  }
  const rows = [...pairs.values()];
  for (const t of [...rows, totals]) {
    const answered = t.accepted + t.declined + t.expired;
    t.acceptanceRate = answered ? Math.round((t.accepted / answered) * 1000) / 1000 : null;
  }
  return { pairs: rows.sort((a, b) => b.requested - a.requested), totals };
}

/** Operators' statistics of introductions. */
@Injectable()
export class IntroductionStatsService {
  constructor(@Inject(IntroductionsRepository) private readonly intros: IntroductionsRepository) {}

  async stats(): Promise<IntroductionStats> {
    return statsByEconomyPair(await this.intros.counts());
  }
}
