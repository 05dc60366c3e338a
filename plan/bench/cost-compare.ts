/**
 * The cost comparison of docs/costs-and-speed.md ("What production costs"): the reference app of
 * examples/stacks/Pulumi.lean.yaml (web 2 × 0.5 vCPU / 1 GB behind HTTPS, worker 1 × 0.25 vCPU /
 * 0.5 GB, a new VPC over 2 AZs, us-east-1, production mode) planned twice: as it stands (NAT
 * instances, ARM64) and with the usual layout (a NAT gateway per AZ, x86). Prints both bills by
 * category and the ratio. Usage: node -r ./tools/register.js plan/bench/cost-compare.ts
 */
import * as path from "path";
import { estimateCost } from "../costs";
import { runProgram } from "../../tools/mock-runtime";

export const LEAN_STACK_FILE = path.join(__dirname, "..", "..", "examples", "stacks", "Pulumi.lean.yaml");

/** The lean stack's config, changed to the usual layout: NAT gateways per AZ and x86 tasks. */
export function usualLayout(leanConfig: { network: Record<string, unknown>; app: Record<string, unknown> }): Record<string, unknown> {
    const { natInstanceType: _type, ...network } = leanConfig.network;
    return { "fargate-kit:network": { ...network, nat: "perAz" }, "fargate-kit:app": { ...leanConfig.app, cpuArchitecture: "X86_64" } };
}

export async function compareCosts() {
    const { readStackFiles }: typeof import("../../tools/mock-runtime") = require("../../tools/mock-runtime");
    const raw = readStackFiles(path.join(__dirname, "..", ".."), "lean", {}, LEAN_STACK_FILE).config;
    const config = { network: JSON.parse(raw["fargate-kit:network"]), app: JSON.parse(raw["fargate-kit:app"]) };
    const tag = { "fargate-kit:imageTag": "3f2c1ab" };
    const lean = estimateCost(await runProgram({ stack: "lean", stackFile: LEAN_STACK_FILE, overrides: tag }));
    const usual = estimateCost(await runProgram({ stack: "lean", stackFile: LEAN_STACK_FILE, overrides: { ...tag, ...usualLayout(config) } }));
    return { lean, usual, ratio: lean.monthly! / usual.monthly! };
}

if (require.main === module) {
    compareCosts().then(({ lean, usual, ratio }) => {
        const categories = [...new Set([...Object.keys(usual.byCategory), ...Object.keys(lean.byCategory)])] as (keyof typeof lean.byCategory)[];
        const row = (label: string, a: number | undefined, b: number | undefined) => `${label.padEnd(22)} ${`$${(a ?? 0).toFixed(2)}`.padStart(9)} ${`$${(b ?? 0).toFixed(2)}`.padStart(9)}`;
        console.log(row("", undefined, undefined).replace(/\$0\.00/g, "").replace(/^(.{22}).*/, "$1") + "  gateways+x86  instance+ARM64");
        for (const c of categories) console.log(row(c, usual.byCategory[c], lean.byCategory[c]));
        console.log(row("total", usual.monthly!, lean.monthly!));
        console.log(row("at maximum scale", usual.monthlyAtMaxScale!, lean.monthlyAtMaxScale!));
        console.log(`ratio ${(ratio * 100).toFixed(1)} % (instance+ARM64 / gateways+x86)`);
    });
}
