import { IndexMeta } from '../vector-index/vector-index';
import { CriteriaRules } from './criteria';

/** What the hard rules know about the subject a list is made for. */
export interface RuleSubject {
  key: string;
  economy: string;
  clusterId: string;
}

export interface RuleContext {
  subject: RuleSubject;
  rules: Pick<CriteriaRules, 'allowSameEconomy' | 'respectTargetEconomies' | 'knownPartners'>;
  /** YYYY-MM-DD */
  today: string;
  /** Partners the subject marked not relevant or hidden. */
  dismissed: ReadonlySet<string>;
  /** Parties the subject has worked with (collaborations, accepted introductions). */
  known: ReadonlySet<string>;
}

/** A record a channel found (a profile, a need or an offer), and the party it stands for. */
export interface CandidateRecord {
  key: string;
  meta: IndexMeta;
  partnerKey: string;
}

/** A rule no suggestion may break, whatever the weights. */
export interface HardRule {
  name: string;
  admits(ctx: RuleContext, record: CandidateRecord): boolean;
}

export const otherEconomy: HardRule = {
  name: 'other-economy',
  admits: (ctx, r) => ctx.rules.allowSameEconomy || r.meta.economy !== ctx.subject.economy,
};

export const notOwnCluster: HardRule = {
  name: 'not-own-cluster',
  admits: (ctx, r) =>
    r.meta.clusterId !== ctx.subject.clusterId && r.partnerKey !== ctx.subject.key,
};

export const notExpired: HardRule = {
  name: 'not-expired',
  admits: (ctx, r) => !r.meta.validUntil || r.meta.validUntil >= ctx.today,
};

/** An item that names target economies is evidence only for partners in them (both ways). */
export const targetsAdmitSubject: HardRule = {
  name: 'targets-admit-subject',
  admits: (ctx, r) =>
    !ctx.rules.respectTargetEconomies ||
    !r.meta.targetEconomies?.length ||
    r.meta.targetEconomies.includes(ctx.subject.economy),
};

export const notDismissed: HardRule = {
  name: 'not-dismissed',
  admits: (ctx, r) => !ctx.dismissed.has(r.partnerKey),
};

/** Under the rule knownPartners 'exclude', only new partners are suggested. */
export const notExcludedKnownPartner: HardRule = {
  name: 'not-known-partner',
  admits: (ctx, r) => ctx.rules.knownPartners !== 'exclude' || !ctx.known.has(r.partnerKey),
};

export const HARD_RULES: readonly HardRule[] = [
  otherEconomy,
  notOwnCluster,
  notExpired,
  targetsAdmitSubject,
  notDismissed,
  notExcludedKnownPartner,
];

/** The rules a record breaks (empty: it may stand as evidence for its party). */
export function brokenRules(
  ctx: RuleContext,
  record: CandidateRecord,
  rules: readonly HardRule[] = HARD_RULES,
): string[] {
  return rules.filter((rule) => !rule.admits(ctx, record)).map((rule) => rule.name);
}

export function admits(ctx: RuleContext, record: CandidateRecord): boolean {
  return HARD_RULES.every((rule) => rule.admits(ctx, record));
}

/** The rules about a need or offer itself rather than its party: still valid, aimed at the subject. */
const RECORD_RULES: readonly HardRule[] = [notExpired, targetsAdmitSubject];

/** Whether a record of a party already admitted may stand as evidence (cheaper than `admits`). */
export function admitsRecordOfParty(ctx: RuleContext, record: CandidateRecord): boolean {
  for (const rule of RECORD_RULES) if (!rule.admits(ctx, record)) return false;
  return true;
}

/** The party a record stands for: itself for a profile, its owner for a need or offer. */
export function partnerOfRecord(key: string, meta: IndexMeta): string {
  if (meta.entity !== 'item') return key;
  return meta.memberId ? `member:${meta.memberId}` : `cluster:${meta.clusterId}`;
}
