import { Principal, isOperator } from '../auth/principal';
import { managesCluster, managesMember } from '../auth/access-policy';
import { Party } from '../parties/party';
import { Introduction, IntroductionDecision, IntroductionStatus } from './introduction';

export const DAY_MS = 24 * 3600 * 1000;
/** A partner who declined is not asked again by the same party for this long. */
export const DECLINE_COOL_OFF_DAYS = 90;

/** A stored `pending` past its deadline reads as `expired`, everywhere, at once. */
export function effectiveStatus(intro: Introduction, now: string): IntroductionStatus {
  return intro.status === 'pending' && intro.expiresAt <= now ? 'expired' : intro.status;
}

/** Whether the caller acts for a party itself: operators never consent on a party's behalf. */
export function actsFor(p: Principal, party: Pick<Party, 'type' | 'key' | 'clusterId'>): boolean {
  if (isOperator(p)) return false;
  return party.type === 'cluster'
    ? managesCluster(p, party.clusterId)
    : managesMember(p, { clusterId: party.clusterId, memberId: party.key.slice('member:'.length) });
}

/** Who may take a decision: the partner asked accepts or declines, the side that asked withdraws. */
export function decidingSide(
  decision: Exclude<IntroductionDecision, 'expired'>,
): 'requester' | 'target' {
  return decision === 'withdrawn' ? 'requester' : 'target';
}

/** Why a new request between the two parties is refused, given their latest introduction. */
export interface RepeatRefusal {
  code:
    'INTRODUCTION.DUPLICATE' | 'INTRODUCTION.ALREADY_INTRODUCED' | 'INTRODUCTION.DECLINED_RECENTLY';
  message: string;
}

/**
 * The state machine's guard on new requests: refused while one is pending between the two (either
 * way), after an accept, and within the cool-off after the partner declined. A withdrawn or
 * expired request may be asked again.
 */
export function repeatRefusal(
  last: Introduction | undefined,
  requester: Pick<Party, 'key' | 'name'>,
  target: Pick<Party, 'name'>,
  now: Date,
): RepeatRefusal | undefined {
  if (!last) return undefined;
  const status = effectiveStatus(last, now.toISOString());
  const sameWay = last.requesterKey === requester.key;
  if (status === 'pending')
    return {
      code: 'INTRODUCTION.DUPLICATE',
      message: sameWay
        ? `${requester.name} already asked for this introduction on ${last.createdAt}; ${target.name} has until ${last.expiresAt} to answer`
        : `${target.name} already asked to be introduced to ${requester.name} (introduction ${last.id}): accept it instead`,
    };
  if (status === 'accepted')
    return {
      code: 'INTRODUCTION.ALREADY_INTRODUCED',
      message: `${requester.name} and ${target.name} were introduced on ${last.decidedAt} (introduction ${last.id})`,
    };
  if (status === 'declined' && sameWay && last.decidedAt) {
    const again = new Date(new Date(last.decidedAt).getTime() + DECLINE_COOL_OFF_DAYS * DAY_MS);
    if (again > now)
      return {
        code: 'INTRODUCTION.DECLINED_RECENTLY',
        message: `${target.name} declined this introduction on ${last.decidedAt}; it can be asked again after ${again.toISOString()}`,
      };
  }
  return undefined;
}

/** When a party over its daily limit may ask again (undefined: it may ask now). */
export function dailyLimitFreesAt(
  recentRequests: readonly string[],
  limit: number,
): number | undefined {
  if (recentRequests.length < limit) return undefined;
  return new Date(recentRequests[recentRequests.length - limit]).getTime() + DAY_MS;
}

/** Whether the caller may see an introduction: either side, or an operator. */
export function seesIntroduction(p: Principal, intro: Introduction): boolean {
  return (
    isOperator(p) ||
    (p.role === 'cluster_manager' &&
      (p.clusterIds.includes(intro.requesterClusterId) ||
        p.clusterIds.includes(intro.targetClusterId))) ||
    (p.role === 'member' &&
      (intro.requesterKey === `member:${p.memberId}` || intro.targetKey === `member:${p.memberId}`))
  );
}

/** Why an introduction may not go ahead (now) although it was suggested. */
export interface RuleRefusal {
  code: 'INTRODUCTION.SAME_ECONOMY' | 'INTRODUCTION.ONE_ACTOR';
  message: string;
}

/**
 * The matching rules, checked again when an introduction is asked for and when it is accepted:
 * a stored suggestion may predate a change of economy. And one key acting for both parties would
 * give the double opt-in alone.
 */
export function ruleRefusal(
  p: Principal,
  requester: Pick<Party, 'key' | 'type' | 'clusterId' | 'economy' | 'name'>,
  target: Pick<Party, 'key' | 'type' | 'clusterId' | 'economy' | 'name'>,
  options: { allowSameEconomy: boolean; oneActorBothSides: boolean },
): RuleRefusal | undefined {
  if (!options.allowSameEconomy && requester.economy === target.economy)
    return {
      code: 'INTRODUCTION.SAME_ECONOMY',
      message: `${requester.name} and ${target.name} are now both in ${target.economy}; introductions are across economies`,
    };
  if (!options.oneActorBothSides && actsFor(p, requester) && actsFor(p, target))
    return {
      code: 'INTRODUCTION.ONE_ACTOR',
      message: 'This key acts for both parties: the other side must ask or answer with its own key',
    };
  return undefined;
}
