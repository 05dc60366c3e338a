// Loads TypeScript sources for the tests and the offline plan by transpiling each file with
// sucrase (pure JavaScript: no type-check, no per-platform binaries, line numbers kept, so
// stack traces point at the right lines without source maps). `npm test` type-checks the whole
// tree with `tsc --noEmit` first. `pulumi up` does not use this: Pulumi runs index.ts with its
// own ts-node.
require("sucrase/register/ts");
