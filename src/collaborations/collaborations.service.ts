import { Inject, Injectable } from '@nestjs/common';
import { Clock } from '../common/clock/clock';
import { FieldProblem, invalidInput, notFound } from '../common/errors/domain-error';
import { Page, PageQuery, pageOf, toPageRequest } from '../common/http/pagination';
import { newId } from '../common/ids';
import { PartyDirectory } from '../parties/party-directory';
import { Collaboration, CollaborationSource, sameCollaborationContent } from './collaboration';
import { CreateCollaborationDto } from './collaboration.dto';
import { CollaborationsRepository } from './collaborations.repository';

/** What a registry line or an operator says about a collaboration. */
export interface CollaborationInput {
  externalId?: string | null;
  /** Party keys (`cluster:<id>` / `member:<id>`). */
  parties?: readonly string[];
  /** Parties by registry externalId. */
  partyExternalIds?: readonly string[];
  title: string;
  area?: string | null;
  startDate?: string | null;
}

/**
 * Who worked with whom: registries' earlier projects (import), operators' records, and every
 * introduction both sides accepted. The graph channel and signal of matching read them.
 */
@Injectable()
export class CollaborationsService {
  constructor(
    @Inject(CollaborationsRepository) private readonly collaborations: CollaborationsRepository,
    @Inject(PartyDirectory) private readonly parties: PartyDirectory,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  async create(input: CreateCollaborationDto): Promise<Collaboration> {
    const result = await this.upsert(input, 'api', 'partyExternalIds');
    if (Array.isArray(result)) throw invalidInput('VALIDATION.FAILED', result);
    return result.collaboration;
  }

  /**
   * Creates or (by externalId) updates a collaboration; field problems when a party is unknown or
   * fewer than two remain. `externalIdsField` names the field the externalIds came in.
   */
  async upsert(
    input: CollaborationInput,
    source: CollaborationSource,
    externalIdsField: string,
  ): Promise<
    { collaboration: Collaboration; outcome: 'created' | 'updated' | 'unchanged' } | FieldProblem[]
  > {
    const { keys, problems } = await this.resolveParties(input, externalIdsField);
    if (problems.length) return problems;
    const parties = [...new Set(keys)].sort();
    if (parties.length < 2)
      return [{ field: 'parties', reason: 'a collaboration needs at least two different parties' }];
    const now = this.clock.nowIso();
    const content = {
      externalId: input.externalId ?? null,
      title: input.title,
      area: input.area ?? null,
      startDate: input.startDate ?? null,
      parties,
    };
    const existing = content.externalId
      ? await this.collaborations.findByExternalId(content.externalId)
      : undefined;
    if (existing && sameCollaborationContent(existing, content))
      return { collaboration: existing, outcome: 'unchanged' };
    const collaboration: Collaboration = {
      ...content,
      id: existing?.id ?? newId(),
      source: existing?.source ?? source,
      introductionId: existing?.introductionId ?? null,
      createdAt: existing?.createdAt ?? now,
      updatedAt: now,
    };
    await this.collaborations.save(collaboration);
    return { collaboration, outcome: existing ? 'updated' : 'created' };
  }

  /** An introduction both sides accepted is a collaboration (once, whatever retries happen). */
  async recordIntroduction(intro: {
    id: string;
    requesterKey: string;
    targetKey: string;
    decidedAt: string | null;
    title: string;
  }): Promise<Collaboration> {
    const existing = await this.collaborations.findByIntroduction(intro.id);
    if (existing) return existing;
    const at = intro.decidedAt ?? this.clock.nowIso();
    const collaboration: Collaboration = {
      id: newId(),
      externalId: null,
      title: intro.title,
      area: null,
      startDate: at.slice(0, 10),
      source: 'introduction',
      introductionId: intro.id,
      parties: [intro.requesterKey, intro.targetKey].sort(),
      createdAt: at,
      updatedAt: at,
    };
    await this.collaborations.save(collaboration);
    return collaboration;
  }

  async get(id: string): Promise<Collaboration> {
    const found = await this.collaborations.findById(id);
    if (!found) throw notFound('COLLABORATION.NOT_FOUND', 'Collaboration', id);
    return found;
  }

  async list(query: PageQuery & { party?: string }): Promise<Page<Collaboration>> {
    const page = toPageRequest(query);
    return pageOf(await this.collaborations.list({ party: query.party }, page), page.limit);
  }

  async delete(id: string): Promise<void> {
    await this.get(id);
    await this.collaborations.delete(id, this.clock.nowIso());
  }

  private async resolveParties(
    input: CollaborationInput,
    externalIdsField: string,
  ): Promise<{ keys: string[]; problems: FieldProblem[] }> {
    const problems: FieldProblem[] = [];
    const keys: string[] = [];
    const byKey = await this.parties.findMany(input.parties ?? []);
    (input.parties ?? []).forEach((key, i) => {
      if (byKey.has(key)) keys.push(key);
      else problems.push({ field: `parties[${i}]`, reason: `no cluster or member '${key}'` });
    });
    const externalIds = input.partyExternalIds ?? [];
    for (let i = 0; i < externalIds.length; i++) {
      const party = await this.parties.findByExternalId(externalIds[i]);
      if (party) keys.push(party.key);
      else
        problems.push({
          field: `${externalIdsField}[${i}]`,
          reason: `no cluster or member has externalId '${externalIds[i]}' (parties must come before their collaborations)`,
        });
    }
    return { keys, problems };
  }
}
