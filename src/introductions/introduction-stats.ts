import { Inject, Injectable } from '@nestjs/common';
import { PartyDirectory } from '../parties/party-directory';
import { SuggestionsRepository } from '../suggestions/suggestions.repository';
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

/** One direction between two economies on the collaboration map. */
export interface CollaborationCell extends IntroductionTally {
  /** The economy of the subjects (suggestions) and of the requesters (introductions). */
  from: string;
  /** The economy of the suggested partners and of the parties asked. */
  to: string;
  /** Suggestions in stored lists of parties in `from` naming partners in `to`. */
  suggestions: number;
}

export interface CollaborationMap {
  area: string | null;
  /** Every economy on either side of a cell, sorted. */
  economies: string[];
  /** Non-empty cells, busiest first (suggestions, then requests). */
  cells: CollaborationCell[];
  totals: IntroductionTally & { suggestions: number };
}

/**
 * Operators' collaboration map: for each ordered pair of economies, how many suggestions point
 * from one to the other, how many introductions were asked and accepted, and the acceptance rate.
 * With an area, only suggestions in that area, and introductions asked from such a suggestion.
 */
@Injectable()
export class CollaborationMapService {
  constructor(
    @Inject(IntroductionsRepository) private readonly intros: IntroductionsRepository,
    @Inject(SuggestionsRepository) private readonly suggestions: SuggestionsRepository,
    @Inject(PartyDirectory) private readonly parties: PartyDirectory,
  ) {}

  async map(area?: string): Promise<CollaborationMap> {
    const [flows, counts] = await Promise.all([
      this.suggestions.partnerEconomyCounts(area),
      this.intros.counts(area),
    ]);
    // findMany reads headers and chunks its own lookups (per store).
    const economyOf = new Map<string, string>();
    for (const [key, party] of await this.parties.findMany(flows.map((f) => f.subjectKey)))
      economyOf.set(key, party.economy);

    const cells = new Map<string, CollaborationCell>();
    const cell = (from: string, to: string): CollaborationCell => {
      const key = `${from}>${to}`;
      let c = cells.get(key);
      if (!c) cells.set(key, (c = { from, to, suggestions: 0, ...tally() }));
      return c;
    };
    let suggestions = 0;
    for (const f of flows) {
      const from = economyOf.get(f.subjectKey);
      if (!from) continue; // a list of a party erased since: it goes at its next recompute
      cell(from, f.partnerEconomy).suggestions += f.count;
      suggestions += f.count;
    }
    const stats = statsByEconomyPair(counts);
    for (const p of stats.pairs) {
      const { requesterEconomy, targetEconomy, ...t } = p;
      Object.assign(cell(requesterEconomy, targetEconomy), t);
    }
    const rows = [...cells.values()].sort(
      (a, b) =>
        b.suggestions - a.suggestions ||
        b.requested - a.requested ||
        a.from.localeCompare(b.from) ||
        a.to.localeCompare(b.to),
    );
    return {
      area: area ?? null,
      economies: [...new Set(rows.flatMap((c) => [c.from, c.to]))].sort(),
      cells: rows,
      totals: { ...stats.totals, suggestions },
    };
  }
}
