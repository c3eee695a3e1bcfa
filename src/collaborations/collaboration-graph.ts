/** One collaboration as the graph keeps it: enough to explain an edge. */
export interface GraphCollaboration {
  id: string;
  title: string;
  startDate: string | null;
  parties: readonly string[];
}

/** What two parties did together: how often, and the collaborations (newest first). */
export interface Edge {
  count: number;
  collaborations: GraphCollaboration[];
}

/**
 * Who worked with whom: an undirected multigraph of parties, one hyperedge per collaboration
 * (every pair of its parties is linked). Kept in memory by each process (GraphReplica) and read by
 * the matching engine; plain data, no framework.
 */
export class CollaborationGraph {
  private readonly byId = new Map<string, GraphCollaboration>();
  private readonly adjacency = new Map<string, Map<string, Edge>>();
  private readonly membership = new Map<string, string[]>();
  private active?: string[];
  private compactForm?: CompactGraph;

  get size(): number {
    return this.byId.size;
  }

  get parties(): number {
    return this.adjacency.size;
  }

  collaboration(id: string): GraphCollaboration | undefined {
    return this.byId.get(id);
  }

  /** Adds or replaces a collaboration. */
  put(c: GraphCollaboration): void {
    this.remove(c.id);
    this.active = undefined;
    this.compactForm = undefined;
    const parties = [...new Set(c.parties)];
    const kept = { ...c, parties };
    this.byId.set(c.id, kept);
    for (const p of parties) {
      const list = this.membership.get(p);
      if (list) list.push(c.id);
      else this.membership.set(p, [c.id]);
    }
    for (const a of parties)
      for (const b of parties) {
        if (a === b) continue;
        let row = this.adjacency.get(a);
        if (!row) this.adjacency.set(a, (row = new Map<string, Edge>()));
        let edge = row.get(b);
        if (!edge) row.set(b, (edge = { count: 0, collaborations: [] }));
        edge.count += 1;
        edge.collaborations.push(kept);
        edge.collaborations.sort(byNewest);
      }
  }

  remove(id: string): void {
    const c = this.byId.get(id);
    if (!c) return;
    this.byId.delete(id);
    this.active = undefined;
    this.compactForm = undefined;
    for (const p of c.parties) {
      const left = (this.membership.get(p) ?? []).filter((x) => x !== id);
      if (left.length) this.membership.set(p, left);
      else this.membership.delete(p);
    }
    for (const a of c.parties)
      for (const b of c.parties) {
        if (a === b) continue;
        const row = this.adjacency.get(a);
        const edge = row?.get(b);
        if (!row || !edge) continue;
        edge.count -= 1;
        edge.collaborations = edge.collaborations.filter((x) => x.id !== id);
        if (edge.count <= 0) row.delete(b);
        if (!row.size) this.adjacency.delete(a);
      }
  }

  /** The party's partners and what they did together. */
  neighbours(party: string): ReadonlyMap<string, Edge> {
    return this.adjacency.get(party) ?? EMPTY;
  }

  /** How many distinct partners the party has. */
  degree(party: string): number {
    return this.adjacency.get(party)?.size ?? 0;
  }

  /** The ids of the collaborations the party took part in. */
  collaborationsOf(party: string): readonly string[] {
    return this.membership.get(party) ?? [];
  }

  /** Parties by how many collaborations they took part in, most first (ties by key). */
  mostActive(): readonly string[] {
    this.active ??= [...this.membership.entries()]
      .sort((a, b) => b[1].length - a[1].length || (a[0] < b[0] ? -1 : 1))
      .map(([party]) => party);
    return this.active;
  }

  /** The parties in the collaboration with this id, or none. */
  partiesOf(id: string): readonly string[] {
    return this.byId.get(id)?.parties ?? [];
  }

  /** The party–collaboration graph as integer arrays, for walks (built once per change). */
  compact(): CompactGraph {
    if (this.compactForm) return this.compactForm;
    const parties = [...this.membership.keys()];
    const partyIndex = new Map(parties.map((p, i) => [p, i]));
    const collaborationIndex = new Map<string, number>();
    const collaborationsOfParty = new CsrBuilder();
    for (const p of parties) {
      collaborationsOfParty.row(
        this.membership.get(p)!.map((id) => {
          let c = collaborationIndex.get(id);
          if (c === undefined) collaborationIndex.set(id, (c = collaborationIndex.size));
          return c;
        }),
      );
    }
    const partiesOfCollaboration = new CsrBuilder();
    for (const id of collaborationIndex.keys())
      partiesOfCollaboration.row(this.byId.get(id)!.parties.map((p) => partyIndex.get(p)!));
    this.compactForm = {
      parties,
      partyIndex,
      collaborations: collaborationIndex.size,
      collaborationsOfParty: collaborationsOfParty.build(),
      partiesOfCollaboration: partiesOfCollaboration.build(),
    };
    return this.compactForm;
  }
}

/** Rows of integers, packed: row i is `values[start[i]] … values[start[i + 1] - 1]`. */
export interface Csr {
  start: Int32Array;
  values: Int32Array;
}

/**
 * Parties and collaborations numbered, with each party's collaborations and each collaboration's
 * parties in the same order as collaborationsOf() and partiesOf().
 */
export interface CompactGraph {
  parties: readonly string[];
  partyIndex: ReadonlyMap<string, number>;
  collaborations: number;
  collaborationsOfParty: Csr;
  partiesOfCollaboration: Csr;
}

class CsrBuilder {
  private readonly starts = [0];
  private readonly values: number[] = [];

  row(values: readonly number[]): void {
    for (const v of values) this.values.push(v);
    this.starts.push(this.values.length);
  }

  build(): Csr {
    return { start: Int32Array.from(this.starts), values: Int32Array.from(this.values) };
  }
}

const EMPTY: ReadonlyMap<string, Edge> = new Map();

function byNewest(a: GraphCollaboration, b: GraphCollaboration): number {
  return (b.startDate ?? '').localeCompare(a.startDate ?? '');
}
