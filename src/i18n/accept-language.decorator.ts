import { applyDecorators, createParamDecorator, ExecutionContext } from '@nestjs/common';
import { ApiHeader } from '@nestjs/swagger';
import type { Request } from 'express';

/** The request's Accept-Language header (undefined when absent), documented as optional. */
export const AcceptLanguage = createParamDecorator(
  (_: unknown, ctx: ExecutionContext): string | undefined =>
    ctx.switchToHttp().getRequest<Request>().headers['accept-language'],
);

/** Documents that a route answers in the language Accept-Language asks for. */
export const AnswersInReaderLanguage = () =>
  applyDecorators(
    ApiHeader({
      name: 'Accept-Language',
      required: false,
      description:
        'The language to answer in (en, es, ja, zh-Hans, zh-Hant, ko, ru, th, vi, id, ms); others get English',
    }),
  );
