import { Transform } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { invalidInput } from '../errors/domain-error';

/** Cursor pagination: results are ordered by id (UUIDv7, i.e. creation order). */
export class PageQuery {
  @ApiPropertyOptional({ minimum: 1, maximum: 200, default: 50 })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) =>
    typeof value === 'string' && /^-?\d+$/.test(value) ? Number(value) : value,
  )
  @IsInt({ message: 'must be an integer between 1 and 200' })
  @Min(1, { message: 'must be an integer between 1 and 200' })
  @Max(200, { message: 'must be an integer between 1 and 200' })
  limit?: number;

  @ApiPropertyOptional({ description: 'Opaque cursor from the previous page (`nextCursor`).' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  cursor?: string;
}

export interface Page<T> {
  items: T[];
  /** Pass as `cursor` to get the next page; null on the last page. */
  nextCursor: string | null;
}

export interface PageRequest {
  limit: number;
  /** Return records whose id is greater than this. */
  after?: string;
}

export function toPageRequest(q: PageQuery): PageRequest {
  return { limit: q.limit ?? 50, after: q.cursor ? decodeCursor(q.cursor) : undefined };
}

export function encodeCursor(lastId: string): string {
  return Buffer.from(JSON.stringify({ after: lastId }), 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string): string {
  try {
    const parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as {
      after?: unknown;
    };
    if (typeof parsed.after === 'string' && parsed.after.length <= 64) return parsed.after;
  } catch {
    // fall through to the error below
  }
  throw invalidInput('PAGE.INVALID_CURSOR', [
    { field: 'cursor', reason: 'is not a cursor this API returned' },
  ]);
}

/** Builds a page from `limit + 1` fetched rows: the extra row only says that there is more. */
export function pageOf<T extends { id: string }>(rows: T[], limit: number): Page<T> {
  const items = rows.slice(0, limit);
  return {
    items,
    nextCursor: rows.length > limit ? encodeCursor(items[items.length - 1].id) : null,
  };
}

export function mapPage<T, U>(page: Page<T>, fn: (t: T) => U): Page<U> {
  return { items: page.items.map(fn), nextCursor: page.nextCursor };
}
