import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { DomainError } from '../errors/domain-error';
import { ProblemDocument, problem, problemFromDomainError } from '../errors/problem';

/**
 * The one place where errors become HTTP answers: application/problem+json (RFC 9457), never a
 * stack trace. Anything unexpected is logged and answered with a bare 500.
 */
@Catch()
export class ProblemFilter implements ExceptionFilter {
  private readonly logger = new Logger('ProblemFilter');

  catch(exception: unknown, host: ArgumentsHost): void {
    const ctx = host.switchToHttp();
    const req = ctx.getRequest<Request>();
    const res = ctx.getResponse<Response>();
    const body = this.toProblem(exception, req.originalUrl ?? req.url);
    if (body.status >= 500)
      this.logger.error({ err: exception, path: req.path }, 'unhandled error');
    if (exception instanceof DomainError && exception.retryAfterSeconds !== undefined)
      res.setHeader('Retry-After', String(Math.max(1, Math.ceil(exception.retryAfterSeconds))));
    sendProblem(res, body);
  }

  private toProblem(exception: unknown, instance: string): ProblemDocument {
    if (exception instanceof DomainError) return problemFromDomainError(exception, instance);
    const parserProblem = bodyParserProblem(exception, instance);
    if (parserProblem) return parserProblem;
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const code =
        status === 404 ? 'ROUTE.NOT_FOUND' : status === 429 ? 'RATE.LIMITED' : `HTTP.${status}`;
      return problem(status, code, httpTitle(status), exception.message, instance);
    }
    return problem(
      500,
      'INTERNAL',
      'Internal server error',
      'An unexpected error occurred.',
      instance,
    );
  }
}

/** body-parser errors (malformed JSON, body too large, bad charset) as problems. */
export function bodyParserProblem(
  exception: unknown,
  instance?: string,
): ProblemDocument | undefined {
  if (!exception || typeof exception !== 'object') return undefined;
  // A compressed body that does not decompress (zlib's Z_DATA_ERROR…, brotli's ERR__ERROR_…).
  const zlibCode = (exception as { code?: unknown }).code;
  if (typeof zlibCode === 'string' && /^(Z_|ERR__ERROR_)/.test(zlibCode))
    return problem(
      400,
      'BODY.BAD_COMPRESSION',
      'Invalid request',
      'The request body does not decompress with its Content-Encoding.',
      instance,
    );
  if (!('type' in exception)) return undefined;
  const { type, status, limit } = exception as { type?: string; status?: number; limit?: number };
  switch (type) {
    case 'entity.parse.failed':
      return problem(
        400,
        'BODY.MALFORMED_JSON',
        'Invalid request',
        'The request body is not valid JSON.',
        instance,
      );
    case 'entity.too.large':
      return problem(
        413,
        'BODY.TOO_LARGE',
        'Payload too large',
        `The request body exceeds the limit of ${limit ?? '?'} bytes.`,
        instance,
      );
    case 'charset.unsupported':
    case 'encoding.unsupported':
      return problem(
        415,
        'BODY.UNSUPPORTED_ENCODING',
        'Unsupported media type',
        'The body encoding or charset is not supported.',
        instance,
      );
    case 'request.aborted':
      return problem(
        400,
        'BODY.ABORTED',
        'Invalid request',
        'The request was aborted by the client.',
        instance,
      );
    default:
      return typeof status === 'number' && status >= 400 && status < 500
        ? problem(
            status,
            `HTTP.${status}`,
            httpTitle(status),
            'The request body could not be read.',
            instance,
          )
        : undefined;
  }
}

export function sendProblem(res: Response, body: ProblemDocument): void {
  if (res.headersSent) return;
  if (body.status === 401) res.setHeader('WWW-Authenticate', 'Bearer realm="pec-match"');
  res.status(body.status).type('application/problem+json').send(JSON.stringify(body));
}

function httpTitle(status: number): string {
  const titles: Record<number, string> = {
    400: 'Invalid request',
    401: 'Authentication required',
    403: 'Forbidden',
    404: 'Not found',
    405: 'Method not allowed',
    409: 'Conflict',
    413: 'Payload too large',
    415: 'Unsupported media type',
    429: 'Too many requests',
  };
  return titles[status] ?? (status >= 500 ? 'Server error' : 'Request error');
}
