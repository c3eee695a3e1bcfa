import type { NextFunction, Request, Response } from 'express';
import { FieldProblem, invalidInput } from '../errors/domain-error';
import { problemFromDomainError } from '../errors/problem';
import { forbiddenKeyProblems } from './validation';
import { sendProblem } from './problem.filter';

/** Query parameter names (or bracketed parts of them) that could reach a prototype. */
const PROTOTYPE_NAME = /(^|\[)(__proto__|constructor|prototype)(\]|$)/;

/**
 * Refuses, before any route sees it, what validation could not check safely: JSON bodies nested
 * deeper than MAX_JSON_DEPTH or carrying prototype keys, and query strings naming a prototype key
 * (the query parser would silently drop `?__proto__=1`, and so would hide it). Answers 400
 * problem+json naming the field.
 */
export function refuseUnsafeInput(req: Request, res: Response, next: NextFunction): void {
  const problems: FieldProblem[] = [];
  const at = req.originalUrl.indexOf('?');
  if (at >= 0)
    for (const name of new URLSearchParams(req.originalUrl.slice(at + 1)).keys())
      if (PROTOTYPE_NAME.test(name))
        problems.push({ field: `query.${name}`, reason: 'is not an allowed parameter name' });
  if (req.body && typeof req.body === 'object')
    problems.push(...forbiddenKeyProblems(req.body as unknown));
  if (!problems.length) return next();
  sendProblem(
    res,
    problemFromDomainError(invalidInput('VALIDATION.FAILED', problems), req.originalUrl),
  );
}
