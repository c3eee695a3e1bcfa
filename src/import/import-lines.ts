import { ClusterContent } from '../clusters/cluster';
import { ImportCollaborationLine } from '../collaborations/collaboration.dto';
import { CreateClusterDto } from '../clusters/cluster.dto';
import { toClusterContent } from '../clusters/clusters.service';
import { FieldProblem } from '../common/errors/domain-error';
import { validatePlain } from '../common/http/validation';
import { EconomyContent } from '../economies/economy';
import { EconomyDto } from '../economies/economy.dto';
import { timezoneProblems, toEconomyContent } from '../economies/economies.service';
import { ImportItemLine } from '../items/item.dto';
import { ImportMemberLine } from '../members/member.dto';
import { unknownSectorProblems } from '../sectors/sector-catalog';
import { RawLine } from './ndjson-lines';

/** A line that passed validation, ready to be applied in a batch. */
export type ImportOp =
  | { line: number; type: 'economy'; economy: EconomyContent }
  | { line: number; type: 'cluster'; cluster: ClusterContent }
  | { line: number; type: 'member'; member: ImportMemberLine }
  | { line: number; type: 'item'; item: ImportItemLine }
  | { line: number; type: 'collaboration'; collaboration: ImportCollaborationLine };

export type ParsedLine =
  | ImportOp
  | { line: number; type: 'blank' }
  | { line: number; type: 'rejected'; problems: FieldProblem[] };

const TYPES = ['economy', 'cluster', 'member', 'item', 'collaboration'] as const;

/**
 * Parses and validates one NDJSON line with the same DTO classes as the REST API, plus the checks
 * that need no store: sector codes, and economy codes against the economies known so far (those
 * stored, and those defined by earlier lines of the same import).
 */
export function parseImportLine(raw: RawLine, knownEconomy: (code: string) => boolean): ParsedLine {
  if ('error' in raw) return rejected(raw.line, [{ field: '(line)', reason: raw.error }]);
  if (raw.text.trim() === '') return { line: raw.line, type: 'blank' };
  let value: unknown;
  try {
    value = JSON.parse(raw.text);
  } catch (error) {
    return rejected(raw.line, [
      { field: '(line)', reason: `not valid JSON: ${(error as Error).message}` },
    ]);
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return rejected(raw.line, [{ field: '(line)', reason: 'must be a JSON object' }]);
  }
  const { type, ...fields } = value as Record<string, unknown>;
  if (typeof type !== 'string' || !(TYPES as readonly string[]).includes(type)) {
    return rejected(raw.line, [{ field: 'type', reason: `must be one of: ${TYPES.join(', ')}` }]);
  }
  switch (type as (typeof TYPES)[number]) {
    case 'economy':
      return parseEconomy(raw.line, fields);
    case 'cluster':
      return parseCluster(raw.line, fields, knownEconomy);
    case 'member':
      return parseMember(raw.line, fields);
    case 'item':
      return parseItem(raw.line, fields, knownEconomy);
    case 'collaboration': {
      const v = validatePlain(ImportCollaborationLine, fields);
      return v.ok
        ? { line: raw.line, type: 'collaboration', collaboration: v.value }
        : rejected(raw.line, v.problems);
    }
  }
}

function parseEconomy(line: number, fields: Record<string, unknown>): ParsedLine {
  const { code, ...rest } = fields;
  if (typeof code !== 'string' || !/^[A-Z]{2}$/.test(code)) {
    return rejected(line, [
      { field: 'code', reason: 'must be an economy code (two capital letters)' },
    ]);
  }
  const v = validatePlain(EconomyDto, rest);
  if (!v.ok) return rejected(line, v.problems);
  const problems = timezoneProblems(v.value.timezone);
  return problems.length
    ? rejected(line, problems)
    : { line, type: 'economy', economy: toEconomyContent(code, v.value) };
}

function parseCluster(
  line: number,
  fields: Record<string, unknown>,
  knownEconomy: (code: string) => boolean,
): ParsedLine {
  const v = validatePlain(CreateClusterDto, fields);
  if (!v.ok) return rejected(line, v.problems);
  const problems = [
    ...unknownSectorProblems(v.value.sectors),
    ...economyProblems([v.value.economy], 'economy', false, knownEconomy),
  ];
  return problems.length
    ? rejected(line, problems)
    : { line, type: 'cluster', cluster: toClusterContent(v.value) };
}

function parseMember(line: number, fields: Record<string, unknown>): ParsedLine {
  const v = validatePlain(ImportMemberLine, fields);
  if (!v.ok) return rejected(line, v.problems);
  const problems = unknownSectorProblems(v.value.sectors);
  return problems.length ? rejected(line, problems) : { line, type: 'member', member: v.value };
}

function parseItem(
  line: number,
  fields: Record<string, unknown>,
  knownEconomy: (code: string) => boolean,
): ParsedLine {
  const v = validatePlain(ImportItemLine, fields);
  if (!v.ok) return rejected(line, v.problems);
  const problems = [
    ...unknownSectorProblems(v.value.sectors),
    ...economyProblems(v.value.targetEconomies ?? [], 'targetEconomies', true, knownEconomy),
  ];
  return problems.length ? rejected(line, problems) : { line, type: 'item', item: v.value };
}

function economyProblems(
  codes: string[],
  field: string,
  indexed: boolean,
  known: (code: string) => boolean,
): FieldProblem[] {
  return codes
    .map((code, i) => ({ code, i }))
    .filter(({ code }) => !known(code))
    .map(({ code, i }) => ({
      field: indexed ? `${field}[${i}]` : field,
      reason: `'${code}' is not a known economy`,
    }));
}

function rejected(line: number, problems: FieldProblem[]): ParsedLine {
  return { line, type: 'rejected', problems };
}

/**
 * The registry identity a line writes: its type and externalId (an economy, its code). Two lines
 * of one file with the same identity write the same record: the later one wins.
 */
export function lineIdentity(op: ParsedLine): string | undefined {
  switch (op.type) {
    case 'economy':
      return `economy:${op.economy.code}`;
    case 'cluster':
      return op.cluster.externalId ? `cluster:${op.cluster.externalId}` : undefined;
    case 'member':
      return op.member.externalId ? `member:${op.member.externalId}` : undefined;
    case 'item':
      return op.item.externalId ? `item:${op.item.externalId}` : undefined;
    case 'collaboration':
      return op.collaboration.externalId
        ? `collaboration:${op.collaboration.externalId}`
        : undefined;
    default:
      return undefined;
  }
}
