/**
 * Layer rules, checked by `npm test` (scripts/test.sh) so that the architecture holds
 * without a reviewer having to remember it.
 *
 * Type-only imports are allowed across layers: tsc erases them, so they couple no runtime
 * code. dependency-cruiser marks `import type` as "type-only" and an ordinary import whose
 * names are used only as types as "pre-compilation-only" (only with tsPreCompilationDeps
 * 'specify', which compares each file's imports with those left in its transpiled output).
 */
const ERASED = ['type-only', 'pre-compilation-only'];

module.exports = {
  forbidden: [
    {
      name: 'compliance-is-pure',
      comment: 'src/compliance is pure evaluation over plain data: no framework, no database, no broker, no I/O.',
      severity: 'error',
      from: { path: '^src/compliance/' },
      to: {
        path: [
          // node_modules may be a symlink, so its packages can resolve outside the tree
          '(^|/)node_modules/(@nestjs|typeorm|pg|kafkajs)/',
          '^(node:)?(fs|net|http)$',
          '^src/(database|event-store|projections|observations)/',
        ],
        dependencyTypesNot: ERASED,
      },
    },
    {
      name: 'event-store-knows-no-readers',
      comment: 'The event store is the truth that projections, alerts and read models are built from, so it depends on none of them.',
      severity: 'error',
      from: { path: '^src/event-store/' },
      to: { path: '^src/(projections|alerts|api|read-model)/' },
    },
    {
      name: 'no-circular',
      comment: 'A cycle makes load order matter and the layers meaningless.',
      severity: 'error',
      from: { path: '^src/' },
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: 'specify',
  },
};
