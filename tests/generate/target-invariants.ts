/**
 * Additional targets (another port of a web service's tasks): each has its group on its port, a
 * rule that forwards to that group by the target's hosts (else the service's) and paths, and an
 * entry in the ECS service's load balancers, with the container that exposes the port.
 */
import { ProgramRun } from "../../tools/mock-runtime";
import { GeneratedStack } from "./stack-file";

export function targetProblems(file: GeneratedStack, run: ProgramRun): string[] {
    const web: Record<string, any> = (file.config["fargate-kit:webServices"] as Record<string, any> | undefined) ?? {};
    const out: string[] = [];
    for (const [service, w] of Object.entries(web)) {
        const targets = Object.entries<any>(w.additionalTargets ?? {});
        const parent = `fargate-kit:index:FargateWebService::${service}`;
        const child = (type: string, name: string) => run.resources.find((r) => r.type === type && r.parent === parent && r.name === name);
        const ecs = child("aws:ecs/service:Service", service);
        if (!ecs) continue;
        const entries: any[] = ecs.inputs.loadBalancers ?? [];
        if (entries.length !== 1 + targets.length) out.push(`${service}: ${entries.length} ECS load-balancer entries for ${targets.length} additional target(s)`);
        for (const [name, t] of targets) {
            const group = child("aws:lb/targetGroup:TargetGroup", `${service}-${name}-tg`);
            const rule = child("aws:lb/listenerRule:ListenerRule", `${service}-${name}-route`);
            if (!group || !rule) {
                out.push(`${service}.${name}: no target group or rule`);
                continue;
            }
            if (group.inputs.port !== t.containerPort) out.push(`${service}.${name}: group on ${group.inputs.port}, not ${t.containerPort}`);
            if (!String(rule.inputs.actions?.[0]?.targetGroupArn).includes(`/${group.inputs.name}/`)) out.push(`${service}.${name}: its rule forwards to ${rule.inputs.actions?.[0]?.targetGroupArn}, not ${group.inputs.name}`);
            const values = (key: string) => (rule.inputs.conditions as any[]).flatMap((c) => c[key]?.values ?? []);
            const hosts = t.hosts ?? [...(w.domainName ? [w.domainName] : []), ...(w.aliases ?? [])];
            if (JSON.stringify(values("hostHeader")) !== JSON.stringify(hosts)) out.push(`${service}.${name}: rule hosts ${values("hostHeader")}, not ${hosts}`);
            if (JSON.stringify(values("pathPattern")) !== JSON.stringify(t.paths ?? [])) out.push(`${service}.${name}: rule paths ${values("pathPattern")}, not ${t.paths ?? []}`);
            const entry = entries.find((e) => String(e.targetGroupArn).includes(`/${group.inputs.name}/`));
            const owner = w.task.containers.find((c: any) => (c.ports ?? []).some((p: any) => (typeof p === "object" ? p.containerPort : p) === t.containerPort));
            if (!entry || entry.containerPort !== t.containerPort || entry.containerName !== (t.containerName ?? owner?.name)) out.push(`${service}.${name}: ECS entry ${JSON.stringify(entry)}`);
        }
    }
    return out;
}
