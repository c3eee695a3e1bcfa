import isic from '../../seeds/sectors/isic-rev4.json';

/** ISIC Rev.4 codes, the sector vocabulary shared by all economies (derived: seeds/sectors). */
export type SectorLevel = 'section' | 'division' | 'group' | 'class';

export interface Sector {
  code: string;
  level: SectorLevel;
  parent: string | null;
  title: string;
}

const SECTORS: readonly Sector[] = (isic as { codes: Sector[] }).codes;
const BY_CODE = new Map(SECTORS.map((s) => [s.code, s]));

export function isSectorCode(code: string): boolean {
  return BY_CODE.has(code);
}

export function sectorByCode(code: string): Sector | undefined {
  return BY_CODE.get(code);
}

export function listSectors(level?: SectorLevel, parent?: string): Sector[] {
  return SECTORS.filter(
    (s) => (!level || s.level === level) && (parent === undefined || s.parent === parent),
  );
}

/** The code and all its ancestors up to the section: '2610' → ['2610', '261', '26', 'C']. */
export function sectorLineage(code: string): string[] {
  const lineage: string[] = [];
  for (let s = BY_CODE.get(code); s; s = s.parent ? BY_CODE.get(s.parent) : undefined)
    lineage.push(s.code);
  return lineage;
}

/** Every code a record with these sectors is found under, for hierarchical sector filters. */
export function sectorIndexFor(codes: readonly string[]): string[] {
  return [...new Set(codes.flatMap(sectorLineage))].sort();
}

/** Field problems for codes that are not ISIC Rev.4 codes, named by their index. */
export function unknownSectorProblems(codes: readonly string[] | undefined, field = 'sectors') {
  return (codes ?? [])
    .map((code, i) => ({ code, i }))
    .filter(({ code }) => !BY_CODE.has(code))
    .map(({ code, i }) => ({
      field: `${field}[${i}]`,
      reason: `'${code}' is not an ISIC Rev.4 code (a section letter, or a 2-, 3- or 4-digit code; see GET /v1/sectors)`,
    }));
}

/** Problems of a `sector` list filter (a single code). */
export function sectorFilterProblems(code: string | undefined) {
  return code && !BY_CODE.has(code)
    ? [{ field: 'sector', reason: `'${code}' is not an ISIC Rev.4 code (see GET /v1/sectors)` }]
    : [];
}
