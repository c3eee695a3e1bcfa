import { DomainError, conflict } from '../common/errors/domain-error';

export type Entity = 'cluster' | 'member' | 'item';

/** The conflict raised by either store when an externalId is already taken. */
export const externalIdTaken = (entity: Entity | 'collaboration') => (): DomainError =>
  conflict(
    `${entity.toUpperCase()}.EXTERNAL_ID_TAKEN`,
    `Another ${entity} already has this externalId`,
    [{ field: 'externalId', reason: `is already used by another ${entity}` }],
  );
