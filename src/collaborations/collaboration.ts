/** Where a collaboration record came from. */
export const COLLABORATION_SOURCES = ['import', 'api', 'introduction'] as const;
export type CollaborationSource = (typeof COLLABORATION_SOURCES)[number];

/**
 * Parties that worked together: a registry's earlier project, an operator's record, or an
 * introduction both sides accepted. The edges of the collaboration graph.
 */
export interface Collaboration {
  id: string;
  externalId: string | null;
  title: string;
  /** A cooperation area (joint_rd, trade…), when known. */
  area: string | null;
  /** `YYYY-MM-DD`, when known. */
  startDate: string | null;
  source: CollaborationSource;
  /** The accepted introduction it records (source `introduction`). */
  introductionId: string | null;
  /** Party keys (`cluster:<id>` / `member:<id>`), at least two, sorted. */
  parties: string[];
  createdAt: string;
  updatedAt: string;
}

export type CollaborationContent = Pick<
  Collaboration,
  'externalId' | 'title' | 'area' | 'startDate' | 'parties'
>;

export function sameCollaborationContent(
  a: CollaborationContent,
  b: CollaborationContent,
): boolean {
  return (
    a.externalId === b.externalId &&
    a.title === b.title &&
    a.area === b.area &&
    a.startDate === b.startDate &&
    a.parties.join('\n') === b.parties.join('\n')
  );
}
