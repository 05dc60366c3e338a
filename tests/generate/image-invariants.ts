/**
 * Images built at deploy time: each is built once, from its context and target, for the
 * architecture the stack's tasks run, into its own repository.
 */
import { ProgramRun } from "../../tools/mock-runtime";
import { GeneratedStack, PROJECT } from "./stack-file";

export function imageBuildProblems(file: GeneratedStack, run: ProgramRun): string[] {
    const images: Record<string, any> = file.config[`${PROJECT}:images`] ?? {};
    const arm = file.config[`${PROJECT}:app`]?.cpuArchitecture === "ARM64";
    const out: string[] = [];
    for (const [name, image] of Object.entries(images).filter(([, i]) => i.build)) {
        const builds = run.resources.filter((r) => r.type === "awsx:ecr:Image" && r.name === `${name}-image`);
        if (builds.length !== 1) {
            out.push(`image ${name}: ${builds.length} builds, not 1`);
            continue;
        }
        const b = builds[0].inputs;
        if (b.context !== image.build.context || b.target !== image.build.target) out.push(`image ${name}: built from ${b.context} (${b.target}), not ${image.build.context} (${image.build.target})`);
        if (b.platform !== (arm ? "linux/arm64" : "linux/amd64")) out.push(`image ${name}: built for ${b.platform} though the tasks run ${arm ? "ARM64" : "X86_64"}`);
        if (!String(b.repositoryUrl).endsWith(`/${PROJECT}-${file.stack}-${name}`)) out.push(`image ${name}: pushed to ${b.repositoryUrl}`);
    }
    return out;
}
