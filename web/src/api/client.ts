import createClient, { type Middleware } from 'openapi-fetch';
import type { components, paths } from './schema';

export type Schemas = components['schemas'];

/** The CSRF token of this session, from the cookie the service sets beside the session cookie. */
export function csrfToken(): string | undefined {
  return /(?:^|;\s*)pec_csrf=([^;]+)/.exec(document.cookie)?.[1];
}

/** Every change made with the session cookie carries the CSRF header the API asks for. */
const csrf: Middleware = {
  onRequest({ request }) {
    if (!['GET', 'HEAD', 'OPTIONS'].includes(request.method)) {
      const token = csrfToken();
      if (token) request.headers.set('X-CSRF-Token', token);
    }
    return request;
  },
};

/** The API on the same origin, typed from the service's own OpenAPI document. */
export const api = createClient<paths>({ baseUrl: '', credentials: 'same-origin' });
api.use(csrf);

/** An API problem (RFC 9457) as the app shows it: a sentence, and the fields it names. */
export class ApiProblem extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly fields: { field: string; reason: string }[] = [],
  ) {
    super(message);
  }
}

/** The data of an answer, or an ApiProblem; a lost connection becomes status 0. */
export async function ok<T>(
  call: Promise<{ data?: T; error?: unknown; response: Response }>,
): Promise<T> {
  let result: { data?: T; error?: unknown; response: Response };
  try {
    result = await call;
  } catch {
    throw new ApiProblem(0, 'NETWORK', 'network');
  }
  if (result.response.ok) return result.data as T;
  const body = (result.error ?? {}) as {
    code?: string;
    detail?: string;
    title?: string;
    errors?: { field: string; reason: string }[];
  };
  throw new ApiProblem(
    result.response.status,
    body.code ?? 'UNKNOWN',
    body.detail ?? body.title ?? result.response.statusText,
    body.errors ?? [],
  );
}
