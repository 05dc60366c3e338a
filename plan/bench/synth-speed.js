#!/usr/bin/env node
// Times whole processes (node start to exit) with the same Node and the same TypeScript loader
// (tools/register.js): the bare mock runtime with one resource, `synth --stack prod`, synth of
// generated stack files with 1, 10 and 25 services (web services on one load balancer and
// workers), and 1 to 50 standalone web services in a library program. Reports the median of RUNS
// runs after one warm-up. Usage: node plan/bench/synth-speed.js [runs]
const { execFileSync } = require("child_process");
const path = require("path");
const root = path.join(__dirname, "..", "..");
const runs = Number(process.argv[2] ?? 7);
// The bundled prices: a benchmark never waits on the Price List API.
const node = (args) => () => execFileSync(process.execPath, ["-r", "./tools/register.js", ...args], { cwd: root, stdio: "pipe", env: { ...process.env, FARGATE_KIT_PRICES: "bundled" } });
function median(fn) {
    fn();
    const times = [];
    for (let i = 0; i < runs; i++) {
        const t = process.hrtime.bigint();
        fn();
        times.push(Number(process.hrtime.bigint() - t) / 1e6);
    }
    times.sort((a, b) => a - b);
    return times[Math.floor(times.length / 2)];
}
const bare = median(node(["plan/bench/bare.ts"]));
const prod = median(node(["plan/synth.ts", "--stack", "prod"]));
const stackSizes = [1, 10, 25];
const stacks = stackSizes.map((n) => {
    const file = execFileSync(process.execPath, ["plan/bench/many-services-stack.js", String(n)], { cwd: root, encoding: "utf8" }).trim();
    return median(node(["plan/synth.ts", "--stack-file", file, "--image-tag", "abc1234"]));
});
const sizes = [1, 10, 25, 50];
const many = sizes.map((n) => median(node(["plan/bench/many-web.ts", String(n)])));
const row = (label, ms) => console.log(`${label.padEnd(44)} ${ms.toFixed(0).padStart(6)} ms`);
console.log(`node ${process.version}, ${runs} runs each, median wall time per process`);
row("bare mock runtime, 1 resource", bare);
row("synth --stack prod", prod);
console.log(`${"ratio prod / bare".padEnd(44)} ${(prod / bare).toFixed(2).padStart(6)} x`);
stackSizes.forEach((n, i) => row(`synth of a stack with ${n} service(s)`, stacks[i]));
const perService = (stacks[2] - stacks[0]) / (stackSizes[2] - stackSizes[0]);
console.log(`${"stack: ms per service (1 → 25)".padEnd(44)} ${perService.toFixed(1).padStart(6)} ms; 10 services predicted ${(stacks[0] + 9 * perService).toFixed(0)} ms, measured ${stacks[1].toFixed(0)} ms`);
sizes.forEach((n, i) => row(`${n} web service(s) in one program`, many[i]));
// Linear growth: a least-squares line through (services, ms) and how well it fits (R² near 1).
const n = sizes.length;
const mx = sizes.reduce((a, b) => a + b) / n;
const my = many.reduce((a, b) => a + b) / n;
const slope = sizes.reduce((a, x, i) => a + (x - mx) * (many[i] - my), 0) / sizes.reduce((a, x) => a + (x - mx) ** 2, 0);
const intercept = my - slope * mx;
const ssRes = sizes.reduce((a, x, i) => a + (many[i] - (intercept + slope * x)) ** 2, 0);
const ssTot = many.reduce((a, y) => a + (y - my) ** 2, 0);
console.log(`${"linear fit: ms per web service".padEnd(44)} ${slope.toFixed(1).padStart(6)} ms`);
console.log(`${"linear fit: fixed cost".padEnd(44)} ${intercept.toFixed(0).padStart(6)} ms`);
console.log(`${"linear fit: R²".padEnd(44)} ${(1 - ssRes / ssTot).toFixed(3).padStart(6)}`);
