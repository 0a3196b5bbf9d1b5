/**
 * The layering of ARCHITECTURE.md as rules: cli -> runtime, daemon, backtest, optimize -> adapters (data,
 * store, the venues) -> core (features, models, ensemble, regime, risk, portfolio, strategy, the execution
 * engine) -> domain. Model persistence sits in models/ and may use the filesystem. `npm run lint` fails on
 * any import that points back up.
 */
const CORE = '^src/(features|models|ensemble|regime|risk|portfolio|strategy|domain)/';
const ENGINE = '^src/execution/(?!live/)';
const OUTER = '^src/(cli|runtime|daemon|backtest|optimize)/';

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'Cycles make the layers meaningless and the load order fragile.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'domain-is-the-floor',
      severity: 'error',
      comment: 'src/domain holds the shared types: it imports nothing else from src.',
      from: { path: '^src/domain/' },
      to: { path: '^src/', pathNot: '^src/domain/' },
    },
    {
      name: 'core-is-pure',
      severity: 'error',
      comment: 'The core (and the engine) never touches I/O: no ccxt, SQLite, logger, filesystem or environment.',
      from: { path: [CORE, ENGINE], pathNot: '^src/models/persistence/' },
      to: { path: ['^node_modules/(ccxt|better-sqlite3|pino)/', '^(fs|node:fs|fs/promises|node:fs/promises|child_process|node:child_process|http|node:http|https|node:https)$'] },
    },
    {
      name: 'core-points-down',
      severity: 'error',
      comment:
        'The core imports only the core, the domain and the error types, never an adapter or the runtime; ' +
        'it may read the shape of the config (types only).',
      from: { path: [CORE, ENGINE] },
      to: { path: '^src/(data|store|backtest|optimize|runtime|daemon|cli|internal)/', pathNot: '^src/internal/errors\\.ts$' },
    },
    {
      name: 'core-reads-config-types-only',
      severity: 'error',
      from: { path: [CORE, ENGINE] },
      to: { path: '^src/config/', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'adapters-never-import-the-runtime',
      severity: 'error',
      comment: 'Adapters (data, store, venues) are used by the runtime, backtests, optimize and the CLI, never the other way.',
      from: { path: '^src/(data|store|execution)/' },
      to: { path: OUTER },
    },
    {
      name: 'store-is-below-data-and-venues',
      severity: 'error',
      comment: 'The store persists; it does not fetch data or trade.',
      from: { path: '^src/store/' },
      to: { path: '^src/(data|execution)/' },
    },
    {
      name: 'live-venue-owns-its-errors',
      severity: 'error',
      comment: 'The live venue sees exchange errors as typed by its adapter, not through the data layer.',
      from: { path: '^src/execution/live/' },
      to: { path: '^src/(data|backtest|optimize)/' },
    },
    {
      name: 'nothing-imports-the-cli',
      severity: 'error',
      from: { pathNot: '^src/cli/' },
      to: { path: '^src/cli/' },
    },
    {
      name: 'sqlite-only-in-the-store',
      severity: 'error',
      comment: 'The Store is the only door to SQLite.',
      from: { path: '^src/', pathNot: '^src/store/' },
      to: { path: '^node_modules/better-sqlite3/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.js'] },
  },
};
