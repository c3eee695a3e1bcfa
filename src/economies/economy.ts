/** An APEC member economy, or a guest economy an operator added (e.g. for EU cluster cooperation). */
export interface Economy {
  code: string;
  name: string;
  languages: string[];
  timezone: string;
  apec: boolean;
  createdAt: string;
  updatedAt: string;
}

export type EconomyContent = Pick<Economy, 'code' | 'name' | 'languages' | 'timezone' | 'apec'>;

export type UpsertOutcome = 'created' | 'updated' | 'unchanged';

export function sameEconomyContent(a: EconomyContent, b: EconomyContent): boolean {
  return (
    a.code === b.code &&
    a.name === b.name &&
    a.timezone === b.timezone &&
    a.apec === b.apec &&
    a.languages.join('|') === b.languages.join('|')
  );
}
