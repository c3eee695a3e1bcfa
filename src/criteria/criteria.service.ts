import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { Principal } from '../auth/principal';
import { Clock } from '../common/clock/clock';
import { DomainError, invalidInput, notFound } from '../common/errors/domain-error';
import {
  CriteriaContent,
  DEFAULT_CRITERIA,
  FEATURES,
  MatchCriteria,
  withDefaults,
} from '../matching/criteria';
import { CriteriaAuditEntry, CriteriaRepository } from './criteria.repository';
import { CriteriaDraftDto } from './criteria.dto';

@Injectable()
export class CriteriaService implements OnApplicationBootstrap {
  private readonly logger = new Logger(CriteriaService.name);

  constructor(
    @Inject(CriteriaRepository) private readonly criteria: CriteriaRepository,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  /** A store without criteria gets the defaults as version 1, active. */
  async onApplicationBootstrap(): Promise<void> {
    if (await this.criteria.findActive()) return;
    const all = await this.criteria.list();
    const first =
      all[0] ?? (await this.criteria.createDraft(DEFAULT_CRITERIA, 'system', this.clock.nowIso()));
    await this.criteria.activate(first.version, 'system', this.clock.nowIso());
    this.logger.log({ version: first.version }, 'activated the default match criteria');
  }

  async active(): Promise<MatchCriteria> {
    const stored = await this.criteria.findActive();
    const active = stored && withDefaults(stored);
    if (!active)
      throw new DomainError(
        'CRITERIA.NONE_ACTIVE',
        'unavailable',
        'No match criteria are active yet',
      );
    return active;
  }

  async list(): Promise<MatchCriteria[]> {
    return (await this.criteria.list()).map(withDefaults);
  }

  async get(version: number): Promise<MatchCriteria> {
    const found = await this.criteria.findByVersion(version);
    if (!found) throw notFound('CRITERIA.NOT_FOUND', 'Match criteria version', String(version));
    return withDefaults(found);
  }

  /** A complete criteria document: the draft's values over its base version's. */
  async resolveDraft(draft: CriteriaDraftDto): Promise<CriteriaContent> {
    const base = draft.basedOn ? await this.get(draft.basedOn) : await this.active();
    const defined = <T extends object>(o: T | undefined) =>
      Object.fromEntries(Object.entries(o ?? {}).filter(([, v]) => v !== undefined)) as Partial<T>;
    const content: CriteriaContent = {
      weights: { ...base.weights, ...defined(draft.weights) },
      rules: { ...base.rules, ...defined(draft.rules) },
      note: draft.note ?? '',
    };
    if (!FEATURES.some((f) => content.weights[f] > 0)) {
      throw invalidInput('CRITERIA.INVALID', [
        { field: 'weights', reason: 'at least one weight must be above 0' },
      ]);
    }
    return content;
  }

  async createDraft(p: Principal, draft: CriteriaDraftDto): Promise<MatchCriteria> {
    return this.criteria.createDraft(await this.resolveDraft(draft), p.keyId, this.clock.nowIso());
  }

  /** Makes a version the active one; every suggestion computed afterwards records it. Audited. */
  async activate(
    p: Principal,
    version: number,
  ): Promise<{ active: MatchCriteria; previous: number | null }> {
    await this.get(version);
    const { previous } = await this.criteria.activate(version, p.keyId, this.clock.nowIso());
    this.logger.log({ version, previous, by: p.keyId }, 'match criteria activated');
    return { active: await this.get(version), previous };
  }

  audit(limit = 100): Promise<CriteriaAuditEntry[]> {
    return this.criteria.audit(limit);
  }
}
