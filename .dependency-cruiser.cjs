/**
 * Import rules for src/main and src/renderer, checked by `npm run lint` (dependency-cruiser).
 * Type-only imports count: a cycle of types ties folders together as much as a cycle of values.
 * `npx depcruise --config .dependency-cruiser.cjs --output-type err-long src/main src/renderer`
 * explains a failure. (The renderer's layers, views above the store, are eslint's: eslint.config.js.)
 */
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-folder-cycle',
      comment:
        'Folders of src/main and of src/renderer import one way (see the README, Architecture): a folder that imports one that ' +
        'imports it back has lost its direction. Move what both need down (core/ or components/, or the folder that owns it), or pass it in.',
      severity: 'error',
      scope: 'folder',
      from: { path: '(^|/)src/(main|renderer)/' },
      to: { circular: true },
    },
    {
      name: 'no-file-cycle',
      comment: 'Two files of src/main or of src/renderer that import each other, directly or around a loop.',
      severity: 'error',
      from: { path: '(^|/)src/(main|renderer)/' },
      to: { circular: true },
    },
    {
      name: 'cli-through-the-door',
      comment: 'The CLI reaches the engine through the API its host gives it (host/: openSession), never the engine itself.',
      severity: 'error',
      from: { path: '(^|/)src/main/cli/' },
      to: { path: '(^|/)src/main/engine/' },
    },
  ],
  options: {
    tsPreCompilationDeps: true,
    doNotFollow: { path: 'node_modules' },
    exclude: { path: 'node_modules' },
  },
}
