/**
 * The layer rules of ../shared/CONVENTIONS.md, checked by `npm run lint:deps`:
 * domain imports nothing of ours; contracts import domain only; server and web never import each other;
 * the CLI calls the server's services but never its entry point; a server feature never imports another
 * feature's internals (only its service, the area's public face); a web feature never imports another
 * web feature (pages compose them); no import cycles.
 */
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'Import cycles make modules impossible to load or test on their own.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'domain-is-pure',
      severity: 'error',
      comment: 'src/domain holds pure rules: it imports only src/domain and libraries (node built-ins: see domain-no-io).',
      from: { path: '^src/domain/' },
      to: {
        pathNot: ['^src/domain/', '^node_modules/'],
        dependencyTypesNot: ['core'],
      },
    },
    {
      name: 'domain-no-io',
      severity: 'error',
      comment: 'No I/O in the domain: node built-ins (fs, net, child_process, …) stay out of src/domain.',
      from: { path: '^src/domain/', pathNot: '\\.test\\.ts$' },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'contracts-import-domain-only',
      severity: 'error',
      comment: 'Contracts (zod schemas shared by server, CLI and web) import only the domain and zod.',
      from: { path: '^src/contracts/' },
      to: { pathNot: ['^src/domain/', '^src/contracts/', '^node_modules/zod/'] },
    },
    {
      name: 'server-not-web-or-cli',
      severity: 'error',
      comment: 'The server never imports the web app or the CLI (its tests may run CLI commands in-process).',
      from: { path: '^src/server/', pathNot: ['\\.test\\.ts$', '^src/server/test/'] },
      to: { path: ['^src/web/', '^src/cli/'] },
    },
    {
      name: 'web-not-server-or-cli',
      severity: 'error',
      comment: 'The web app never imports server or CLI code; it shares only domain and contracts.',
      from: { path: '^src/web/' },
      to: { path: ['^src/server/', '^src/cli/'] },
    },
    {
      name: 'cli-not-web-nor-server-entry',
      severity: 'error',
      comment: 'The CLI calls the services; it never imports the web app or the server entry point.',
      from: { path: '^src/cli/' },
      to: { path: ['^src/web/', '^src/server/main\\.ts$'] },
    },
    {
      name: 'feature-not-into-another-feature',
      severity: 'error',
      comment:
        'A server feature may call another area only through its service (<area>.service.ts); its queries, routes and helpers are internal.',
      from: { path: '^src/server/features/([^/]+)/', pathNot: '\\.test\\.ts$' },
      to: {
        path: '^src/server/features/([^/]+)/',
        pathNot: ['^src/server/features/$1/', '\\.service\\.ts$'],
      },
    },
    {
      name: 'web-feature-not-into-another',
      severity: 'error',
      comment: 'Pages compose web features; a web feature never imports another feature.',
      from: { path: '^src/web/features/([^/]+)/' },
      to: { path: '^src/web/features/([^/]+)/', pathNot: '^src/web/features/$1/' },
    },
    {
      name: 'not-to-test-code',
      severity: 'error',
      comment: 'Production code never imports tests or the test harness.',
      from: { pathNot: ['\\.test\\.ts$', '^src/server/test/', '^e2e/', '^bench/', '^scripts/'] },
      to: { path: ['\\.test\\.ts$', '^src/server/test/'] },
    },
    {
      name: 'no-unresolvable',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: ['^dist/', '^test-output/'] },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    parser: 'tsc',
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.tsx', '.js', '.mjs', '.cjs', '.json'],
    },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
