/**
 * Standalone tasks: nothing in the stack runs them, so the groups a run needs are an output. It
 * must list exactly the task's own group, the access group of each data store that names it in
 * `usedBy`, and the clients group of each file system it mounts.
 */
import { ProgramRun } from "../../tools/mock-runtime";
import { GeneratedStack, PROJECT } from "./stack-file";

export function standaloneTaskProblems(file: GeneratedStack, run: ProgramRun): string[] {
    const cfg = (k: string) => file.config[`${PROJECT}:${k}`];
    const out: string[] = [];
    for (const [name, t] of Object.entries<any>(cfg("tasks") ?? {})) {
        const output = (run.outputs.tasks as Record<string, any> | undefined)?.[name];
        if (output === undefined) continue; // no image tag yet
        const stores = [
            ...Object.entries<any>(cfg("databases") ?? {}).filter(([, d]) => d.usedBy.includes(name)).map(([n]) => `${n}-database-access-id`),
            ...Object.entries<any>(cfg("caches") ?? {}).filter(([, c]) => c.usedBy.includes(name)).map(([n]) => `${n}-cache-access-id`),
        ];
        const mounted = [...new Set<string>(t.task.containers.flatMap((c: any) => (c.mounts ?? []).filter((m: any) => m.fileSystem).map((m: any) => m.fileSystem)))];
        const clients = mounted.map((f) => cfg("fileSystems")?.[f]?.adopt?.clientSecurityGroupId ?? `${f}-clients-id`);
        const want = [`${name}-tasks-id`, ...stores, ...clients].sort();
        const got = [...(output.securityGroupIds ?? [])].sort();
        if (JSON.stringify(got) !== JSON.stringify(want)) out.push(`tasks.${name}.securityGroupIds is ${got.join(", ")}, not ${want.join(", ")}`);
    }
    return out;
}
