/**
 * The layering rules of the service, checked by `npm run lint` (docs/architecture.md explains the
 * layers). `npm run graph` prints the real folder graph.
 */
const FOUNDATIONS =
  '(sqlite-database|sqlite-lists|sqlite-entity-repository|mongo-store|mongo-entity-repository)\\.ts$';
const ADAPTER = ['^src/[^/]+/(sqlite|mongo)-[^/]+\\.ts$', '^src/infra/[^/]+/(sqlite|mongo)-[^/]+\\.ts$'];
const MATCHING_CORE =
  '^src/(matching/(scoring|fusion|diversity|explain|criteria|hard-rules|candidate-retrieval|party-views|sector-affinity)|vector-index/(keyword-index|tokenize))\\.ts$';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-folder-cycles',
      severity: 'error',
      comment: 'Folders form layers: no folder may reach itself again through others.',
      scope: 'folder',
      from: { path: '^src/' },
      to: { circular: true },
    },
    {
      name: 'no-file-cycles',
      severity: 'error',
      comment: 'No file may import itself again through others.',
      from: { path: '^(src|workers|bench|seeds)/' },
      to: { circular: true },
    },
    {
      name: 'base-layers-know-no-feature',
      severity: 'error',
      comment:
        'infra/ and common/ are the lowest layers: they import nothing from a feature. A feature ' +
        'builds on them (storeAdapter, UnitOfWork, the config), never the other way round.',
      from: { path: '^src/(infra|common)/' },
      to: { path: '^src/', pathNot: '^src/(infra|common)/' },
    },
    {
      name: 'features-do-not-import-the-composition-root',
      severity: 'error',
      comment:
        'app.module, http-app, main and the command-line tools compose the features; no feature ' +
        'imports them.',
      from: { path: '^src/[^/]+/', pathNot: '^src/cli/' },
      to: { path: '^src/([^/]+\\.ts|cli/)' },
    },
    {
      name: 'matching-core-is-pure',
      severity: 'error',
      comment:
        'Scoring, fusion, diversity, explanation, criteria, hard rules, retrieval and the keyword ' +
        'index are plain functions over plain data: no framework, store, queue or index adapter.',
      from: { path: MATCHING_CORE },
      to: {
        path: [
          '^node_modules/(@nestjs|mongoose|mongodb|better-sqlite3|bullmq|ioredis|hnswlib-node)/',
          '^src/infra/',
          ...ADAPTER,
          '^src/vector-index/(hnsw-|index-replica|index-snapshot)',
          '\\.(service|controller|module)\\.ts$',
        ],
      },
    },
    {
      name: 'store-adapters-only-in-their-own-module',
      severity: 'error',
      comment:
        'A SQLite or MongoDB adapter is built by its own feature module (storeAdapter) and used ' +
        'through its port; only that module and the tests import it.',
      from: { path: '^src/([^/]+)/', pathNot: ['^src/[^/]+/[^/]+\\.module\\.ts$', ...ADAPTER] },
      to: { path: ADAPTER, pathNot: FOUNDATIONS },
    },
    {
      name: 'modules-build-only-their-own-adapters',
      severity: 'error',
      from: { path: '^src/([^/]+)/[^/]+\\.module\\.ts$' },
      to: { path: ADAPTER, pathNot: ['^src/$1/', FOUNDATIONS] },
    },
    {
      name: 'workers-and-bench-through-modules-and-services',
      severity: 'error',
      comment:
        'workers/ and bench/ compose modules and call services and ports; they never reach into a ' +
        'store adapter, a controller or a DTO.',
      from: { path: '^(workers|bench)/' },
      to: { path: [...ADAPTER, '\\.controller\\.ts$', '\\.dto\\.ts$'], pathNot: FOUNDATIONS },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)(dist|web|node_modules)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default'],
    },
  },
};
