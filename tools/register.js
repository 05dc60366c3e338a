// Loads TypeScript sources without a type-check: `npm test` type-checks the whole tree once
// with `tsc --noEmit`, so tests and the offline plan only transpile.
require("ts-node").register({ transpileOnly: true, swc: true, project: require("path").join(__dirname, "..", "tsconfig.json") });

// The Pulumi SDK captures a full stack trace for every resource it registers (its source
// position). ts-node's source-map support rewrites each of those traces, which made a
// registration cost ~23 ms instead of ~6 ms here. Stack traces therefore show transpiled
// positions; set FARGATE_KIT_SOURCE_MAPS=1 to map them back to TypeScript when debugging.
if (!process.env.FARGATE_KIT_SOURCE_MAPS) {
    Error.prepareStackTrace = undefined;
}
