import { forbidden } from '../common/errors/domain-error';
import { Principal, isOperator } from './principal';

/**
 * Who may do what, as pure functions over the principal and the record's ownership. Operators may
 * do everything; a cluster manager manages its clusters, their members and their items; a member
 * manages its own profile and items. Everyone with a key may read public fields.
 */
export interface Owned {
  clusterId: string;
  memberId?: string | null;
}

export function managesCluster(p: Principal, clusterId: string): boolean {
  return (
    p.role === 'operator' || (p.role === 'cluster_manager' && p.clusterIds.includes(clusterId))
  );
}

/** A member record (`{ clusterId, memberId: member.id }`) or anything a member owns. */
export function managesMember(p: Principal, owned: Owned): boolean {
  if (managesCluster(p, owned.clusterId)) return true;
  return p.role === 'member' && !!owned.memberId && p.memberId === owned.memberId;
}

/** Items owned by a cluster are managed by its managers; member-owned ones also by the member. */
export function managesItem(
  p: Principal,
  item: { clusterId: string; memberId: string | null },
): boolean {
  return item.memberId ? managesMember(p, item) : managesCluster(p, item.clusterId);
}

/** Contact fields travel only to the owner and operators. */
export const seesClusterContacts = (p: Principal, clusterId: string): boolean =>
  managesCluster(p, clusterId);
export const seesMemberContacts = (
  p: Principal,
  member: { id: string; clusterId: string },
): boolean => managesMember(p, { clusterId: member.clusterId, memberId: member.id });

/**
 * externalId is the registry's identity of a record: imports update by it. Only operators set or
 * change it (a member that took another organisation's id would take over its record at the next
 * import).
 */
export function registryIdentityIsOperators(
  p: Principal,
  next: string | null | undefined,
  current: string | null,
): void {
  if ((next ?? null) !== current && !isOperator(p))
    throw forbidden(
      'EXTERNAL_ID.OPERATOR_ONLY',
      "Only operators may set or change externalId (the registry's identity of a record)",
    );
}
