import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import express, { NextFunction, Request, Response } from 'express';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import helmet from 'helmet';
import { Logger } from 'nestjs-pino';
import { AppModule, AppOptions } from './app.module';
import { AppConfig } from './common/config/app-config';
import { Metrics } from './common/metrics/metrics';
import { ProblemFilter, bodyParserProblem, sendProblem } from './common/http/problem.filter';
import { createValidationPipe } from './common/http/validation';
import { refuseUnsafeInput } from './common/http/request-shape';
import { projectRoot } from './common/paths';

/**
 * Builds the HTTP application (used by main.ts and by the e2e tests): JSON bodies up to
 * BODY_LIMIT, problem+json errors, validation that refuses unknown fields, OpenAPI at
 * /openapi.json with its UI at /docs. NDJSON import bodies are not parsed here: they stream.
 */
export async function createHttpApp(
  config: AppConfig,
  options: AppOptions = {},
): Promise<INestApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config, options), {
    bodyParser: false,
    bufferLogs: true,
    abortOnError: false,
  });
  app.useLogger(app.get(Logger));
  app.set('trust proxy', config.http.trustProxy);
  app.set('x-powered-by', false);
  app.use(timeRequests(app.get(Metrics)));
  app.use(securityHeaders());
  serveWebApp(app, join(projectRoot(), 'dist', 'web'));
  if (config.http.corsOrigins.length)
    app.enableCors({
      origin: [...config.http.corsOrigins],
      methods: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'],
      allowedHeaders: ['Authorization', 'Content-Type'],
      exposedHeaders: [
        'Retry-After',
        'RateLimit-Limit',
        'RateLimit-Remaining',
        'RateLimit-Reset',
        'RateLimit-Policy',
        'X-RateLimit-Limit',
        'X-RateLimit-Remaining',
        'X-RateLimit-Reset',
      ],
      maxAge: 600,
    });
  app.use(
    express.json({
      limit: config.http.bodyLimit,
      type: ['application/json', 'application/*+json'],
    }),
  );
  app.use((err: unknown, req: Request, res: Response, next: NextFunction) => {
    const problem = bodyParserProblem(err, req.originalUrl);
    if (problem) return sendProblem(res, problem);
    next(err);
  });
  app.use(refuseUnsafeInput);
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new ProblemFilter());
  mountOpenApi(app);
  return app;
}

/** Paths that are the API's, never the app's. */
const API_PATHS = /^\/(v1|health|openapi\.json|docs|metrics)(\/|$)/;

/**
 * The web app (built by `npm run build:web` into dist/web) at `/`, from the same origin as `/v1`:
 * its files, and for any other page a browser asks for (Accept: text/html) the app's index.html,
 * so client routes such as /suggestions/<id> from a digest email open in the app. API paths and
 * non-browser clients are untouched (a JSON 404 stays a JSON 404).
 */
function serveWebApp(app: NestExpressApplication, dir: string): void {
  const index = join(dir, 'index.html');
  if (!existsSync(index)) {
    app.get(Logger).warn(`the web app is not built (${dir}): npm run build:web`);
    return;
  }
  const files = express.static(dir, { index: false, maxAge: '1h' });
  app.use((req: Request, res: Response, next: NextFunction) => {
    if (API_PATHS.test(req.path) || (req.method !== 'GET' && req.method !== 'HEAD')) return next();
    files(req, res, () => {
      if (!(req.headers.accept ?? '').includes('text/html')) return next();
      res.setHeader('Cache-Control', 'no-cache');
      res.sendFile(index);
    });
  });
}

/**
 * Times every request into pec_http_request_duration_seconds, labelled with the route pattern
 * (`/v1/clusters/:id`, never the path: ids would make a series per record), or `unmatched`.
 */
function timeRequests(metrics: Metrics) {
  return (req: Request, res: Response, next: NextFunction) => {
    const end = metrics.httpDuration.startTimer();
    res.on('finish', () => {
      const route = (req.route as { path?: string } | undefined)?.path;
      end({
        method: req.method,
        // Nest answers unknown paths from a catch-all route (`/{*path}`).
        route: route && !route.includes('*') ? `${req.baseUrl}${route}` : 'unmatched',
        status: String(res.statusCode),
      });
    });
    next();
  };
}

function mountOpenApi(app: INestApplication): void {
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('PEC Match')
      .setDescription(
        'Partner matching for the innovative clusters of the APEC economies. All /v1 routes need ' +
          '`Authorization: Bearer <api key>`. Errors are application/problem+json (RFC 9457).',
      )
      .setVersion('1')
      .addBearerAuth()
      .build(),
  );
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'openapi.json', raw: ['json'] });
}

/**
 * Helmet's headers with a strict Content-Security-Policy for everything served: own origin only,
 * no inline scripts, no plugins, no framing. The API docs UI (/docs) also needs its inline styles
 * and data: images, so only there is style-src relaxed.
 */
function securityHeaders() {
  const strict = {
    defaultSrc: ["'self'"],
    scriptSrc: ["'self'"],
    styleSrc: ["'self'"],
    imgSrc: ["'self'", 'data:'],
    connectSrc: ["'self'"],
    fontSrc: ["'self'"],
    objectSrc: ["'none'"],
    baseUri: ["'self'"],
    formAction: ["'self'"],
    frameAncestors: ["'none'"],
    upgradeInsecureRequests: null,
  };
  const api = helmet({ contentSecurityPolicy: { useDefaults: false, directives: strict } });
  const docs = helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: { ...strict, styleSrc: ["'self'", "'unsafe-inline'"] },
    },
  });
  return (req: Request, res: Response, next: NextFunction) =>
    (req.path === '/docs' || req.path.startsWith('/docs/') ? docs : api)(req, res, next);
}
