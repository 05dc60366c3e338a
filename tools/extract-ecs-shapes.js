#!/usr/bin/env node
// Extracts the ECS API shapes reachable from the given roots out of AWS's botocore model
// (../shared/reference/aws-ecs-service-2.json), so tests can validate generated JSON against
// the real API model without the 860 KB file. Usage:
//   node tools/extract-ecs-shapes.js <service-2.json> ContainerDefinition > tests/fixtures/ecs-shapes.json
const fs = require("fs");
const [, , modelPath, ...roots] = process.argv;
const model = JSON.parse(fs.readFileSync(modelPath, "utf8"));
const out = {};
const visit = (name) => {
    if (out[name]) return;
    const s = model.shapes[name];
    const { documentation, ...shape } = s;
    if (shape.members) {
        shape.members = Object.fromEntries(Object.entries(shape.members).map(([k, m]) => [k, { shape: m.shape }]));
    }
    out[name] = shape;
    for (const m of Object.values(shape.members ?? {})) visit(m.shape);
    if (shape.member) visit(shape.member.shape);
    if (shape.key) visit(shape.key.shape);
    if (shape.value) visit(shape.value.shape);
};
roots.forEach(visit);
process.stdout.write(JSON.stringify({ source: "boto/botocore botocore/data/ecs/2014-11-13/service-2.json (2026-08-07)", roots, shapes: out }, null, 1) + "\n");
