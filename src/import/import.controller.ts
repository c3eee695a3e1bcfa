import { Controller, Get, HttpCode, Inject, Param, Post, Query, Req } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiBody,
  ApiConsumes,
  ApiOkResponse,
  ApiProperty,
  ApiPropertyOptional,
  ApiTags,
} from '@nestjs/swagger';
import type { Request } from 'express';
import { Roles } from '../auth/auth.decorators';
import { APP_CONFIG } from '../common/config/config.module';
import { AppConfig } from '../common/config/app-config';
import { DomainError } from '../common/errors/domain-error';
import { QueryIntField } from '../common/http/fields';
import { IdParamPipe } from '../common/http/params';
import { ImportRun, LineRejection } from './import-run';
import { ImportService, ImportSummary } from './import.service';
import {
  BodyDecodingError,
  IMPORT_ENCODINGS,
  StreamTooLargeError,
  decodedBody,
} from './ndjson-lines';

const NDJSON_TYPES = [
  'application/x-ndjson',
  'application/ndjson',
  'application/jsonl',
  'application/jsonlines',
];

class RejectionsQuery {
  @QueryIntField({
    optional: true,
    min: 0,
    max: 1_000_000_000,
    description: 'Rejections after this line',
  })
  afterLine?: number;

  @QueryIntField({ optional: true, min: 1, max: 1000 })
  limit?: number;
}

class FieldProblemResponse {
  @ApiProperty({ example: 'sectors[0]' }) field!: string;
  @ApiProperty({ example: 'is not an ISIC code' }) reason!: string;
}

class LineRejectionResponse {
  @ApiProperty({ description: 'The line of the import (1-based)' }) line!: number;
  @ApiProperty({ type: [FieldProblemResponse] }) problems!: FieldProblemResponse[];
}

class RejectionPage {
  @ApiProperty({ type: [LineRejectionResponse] }) items!: LineRejectionResponse[];
}

class ImportRunResponse {
  @ApiProperty() id!: string;
  @ApiProperty({ enum: ['running', 'completed', 'failed'] }) status!: string;
  @ApiProperty() lines!: number;
  @ApiProperty({
    description: 'Every line up to this one is durably applied or recorded as rejected',
  })
  committedThroughLine!: number;
  @ApiProperty() created!: number;
  @ApiProperty() updated!: number;
  @ApiProperty() unchanged!: number;
  @ApiProperty() rejected!: number;
  @ApiPropertyOptional({
    description:
      'POST only: lines whose record (type and externalId) a later line of the same file wrote again; the later line wins. The first 1,000: {line, supersededBy, record}',
  })
  superseded?: { line: number; supersededBy: number; record: string }[];
  @ApiPropertyOptional({ description: 'POST only: how many lines were superseded' })
  supersededCount?: number;
}

@ApiTags('import')
@ApiBearerAuth()
@Controller('v1')
export class ImportController {
  constructor(
    @Inject(ImportService) private readonly imports: ImportService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Streams the body: a large file is never held in memory. */
  @Post('import')
  @HttpCode(200)
  @Roles('operator')
  @ApiConsumes('application/x-ndjson')
  @ApiBody({ description: 'One JSON object per line: economy, cluster, member or item records' })
  @ApiOkResponse({ type: ImportRunResponse })
  async import(@Req() req: Request): Promise<ImportSummary> {
    const type = (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
    if (!NDJSON_TYPES.includes(type)) {
      throw new DomainError(
        'IMPORT.CONTENT_TYPE',
        'unsupported_media_type',
        'Send the import as Content-Type: application/x-ndjson',
      );
    }
    const encoding = (req.headers['content-encoding'] ?? '').trim().toLowerCase();
    const body = decodedBody(req, encoding);
    if (!body)
      throw new DomainError(
        'IMPORT.CONTENT_ENCODING',
        'unsupported_media_type',
        `Content-Encoding '${encoding}' is not supported: send the import uncompressed or as ${IMPORT_ENCODINGS.join(', ')}`,
      );
    const length = Number(req.headers['content-length'] ?? 0);
    if (length > this.config.import.maxBytes) throw tooLarge(this.config.import.maxBytes);
    try {
      return await this.imports.run(body, `api:${req.ip ?? 'unknown'}`);
    } catch (error) {
      if (error instanceof StreamTooLargeError) throw tooLarge(error.limit);
      if (error instanceof BodyDecodingError)
        throw new DomainError(
          'BODY.BAD_COMPRESSION',
          'invalid',
          `${error.message}; the lines before it were imported`,
        );
      throw error;
    }
  }

  @Get('imports/:id')
  @Roles('operator')
  @ApiOkResponse({ type: ImportRunResponse })
  get(@Param('id', IdParamPipe) id: string): Promise<ImportRun> {
    return this.imports.get(id);
  }

  @Get('imports/:id/rejections')
  @Roles('operator')
  @ApiOkResponse({ type: RejectionPage })
  async rejections(
    @Param('id', IdParamPipe) id: string,
    @Query() q: RejectionsQuery,
  ): Promise<{ items: LineRejection[] }> {
    return { items: await this.imports.rejections(id, q.afterLine ?? 0, q.limit ?? 100) };
  }
}

function tooLarge(limit: number): DomainError {
  return new DomainError(
    'IMPORT.TOO_LARGE',
    'too_large',
    `The import exceeds IMPORT_MAX_BYTES (${limit} bytes); lines before the limit were imported`,
  );
}
