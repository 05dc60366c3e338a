// Loads TypeScript sources without a type-check: `npm test` type-checks the whole
// tree once with `tsc --noEmit`, so tests and the offline plan only transpile.
require("ts-node").register({ transpileOnly: true, project: require("path").join(__dirname, "..", "tsconfig.json") });
