import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import apec from '../../seeds/economies/apec-economies.json';
import { Clock } from '../common/clock/clock';
import { DomainError, FieldProblem, notFound } from '../common/errors/domain-error';
import { canonicalLanguages } from '../common/languages';
import { EconomiesRepository } from './economies.repository';
import { Economy, EconomyContent, UpsertOutcome } from './economy';

export const APEC_ECONOMIES: readonly EconomyContent[] = (
  apec as { economies: Omit<EconomyContent, 'apec'>[] }
).economies.map((e) => ({ ...e, apec: true }));
const APEC_CODES = new Set(APEC_ECONOMIES.map((e) => e.code));
/** How long economy names are kept between reads of the store. */
const NAMES_TTL_MS = 60_000;

export interface EconomyInput {
  name: string;
  languages: string[];
  timezone: string;
}

@Injectable()
export class EconomiesService implements OnApplicationBootstrap {
  private readonly logger = new Logger(EconomiesService.name);
  private known?: Set<string>;
  private names?: { readAt: number; byCode: ReadonlyMap<string, string> };

  constructor(
    @Inject(EconomiesRepository) private readonly economies: EconomiesRepository,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.ensureApecEconomies();
  }

  /** Inserts the APEC economies that are missing; never overwrites an operator's edits. */
  async ensureApecEconomies(): Promise<number> {
    const present = new Set((await this.economies.list()).map((e) => e.code));
    const missing = APEC_ECONOMIES.filter((e) => !present.has(e.code));
    for (const e of missing) await this.economies.upsert(e, this.clock.nowIso());
    if (missing.length) this.logger.log({ count: missing.length }, 'seeded APEC economies');
    this.known = undefined;
    return missing.length;
  }

  list(): Promise<Economy[]> {
    return this.economies.list();
  }

  async get(code: string): Promise<Economy> {
    const economy = await this.economies.findByCode(code);
    if (!economy) throw notFound('ECONOMY.NOT_FOUND', 'Economy', code);
    return economy;
  }

  /** Creates a guest economy or updates an economy (operators). */
  async put(
    code: string,
    input: EconomyInput,
  ): Promise<{ economy: Economy; outcome: UpsertOutcome }> {
    const content = toEconomyContent(code, input);
    const problems = timezoneProblems(content.timezone);
    if (problems.length)
      throw new DomainError(
        'VALIDATION.FAILED',
        'invalid',
        problems.map((p) => `${p.field}: ${p.reason}`).join('; '),
        problems,
      );
    const outcome = await this.economies.upsert(content, this.clock.nowIso());
    this.known?.add(code);
    this.names = undefined;
    return { economy: await this.get(code), outcome };
  }

  async delete(code: string): Promise<void> {
    if (APEC_CODES.has(code)) {
      throw new DomainError(
        'ECONOMY.APEC_PROTECTED',
        'conflict',
        `${code} is an APEC member economy and cannot be deleted`,
      );
    }
    const result = await this.economies.delete(code);
    if (result === 'not_found') throw notFound('ECONOMY.NOT_FOUND', 'Economy', code);
    if (result === 'in_use') {
      throw new DomainError(
        'ECONOMY.IN_USE',
        'conflict',
        `Economy ${code} is still used by clusters or collaboration items`,
      );
    }
    this.known?.delete(code);
    this.names = undefined;
  }

  /**
   * Every stored economy's name by code: what a guest economy (outside the APEC table) is called.
   * Kept for NAMES_TTL_MS, so reads do not ask the store each time, and read again at once when one
   * of `codes` is missing (an economy an import or another process just added). A rename made here
   * is seen at once; one made by another process within NAMES_TTL_MS.
   */
  async givenNames(codes: Iterable<string> = []): Promise<ReadonlyMap<string, string>> {
    const now = this.clock.now().getTime();
    const stale =
      !this.names ||
      now - this.names.readAt > NAMES_TTL_MS ||
      [...codes].some((c) => !this.names!.byCode.has(c));
    if (stale)
      this.names = {
        readAt: now,
        byCode: new Map((await this.economies.list()).map((e) => [e.code, e.name])),
      };
    return this.names!.byCode;
  }

  /**
   * Whether the code names a stored economy. Cached; a miss re-reads the store once, so an
   * economy created by another process (an import, another replica) is found.
   */
  async isKnown(code: string): Promise<boolean> {
    if (this.known?.has(code)) return true;
    this.known = new Set((await this.economies.list()).map((e) => e.code));
    return this.known.has(code);
  }

  /** Field problems for economy codes that are not stored economies. */
  async unknownEconomyProblems(
    codes: readonly string[],
    field: string,
    indexed: boolean,
  ): Promise<FieldProblem[]> {
    const problems: FieldProblem[] = [];
    for (const [i, code] of codes.entries()) {
      if (!(await this.isKnown(code))) {
        problems.push({
          field: indexed ? `${field}[${i}]` : field,
          reason: `'${code}' is not a known economy (see GET /v1/economies)`,
        });
      }
    }
    return problems;
  }
}

export function toEconomyContent(code: string, input: EconomyInput): EconomyContent {
  return {
    code,
    name: input.name,
    languages: canonicalLanguages(input.languages),
    timezone: input.timezone,
    apec: APEC_CODES.has(code),
  };
}

export function timezoneProblems(timezone: string): FieldProblem[] {
  try {
    new Intl.DateTimeFormat('en', { timeZone: timezone });
    return [];
  } catch {
    return [
      { field: 'timezone', reason: `'${timezone}' is not an IANA time zone (e.g. Asia/Seoul)` },
    ];
  }
}
