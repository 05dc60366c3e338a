/**
 * A web service's half of a shared load balancer: its target group(s), the security-group rules
 * between the load balancer and its tasks, its listener rule, an optional test listener, and a
 * target group and rule per additional target (another port).
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { SharedLoadBalancer, TLS_POLICY, admitCidrs } from "../platform/load-balancer";
import { physicalName } from "../internal/names";
import { arnOf, idOf } from "../internal/resource-inputs";
import { Route, routeConditions } from "../internal/routing";
import { LoadBalancerAttachment, WebSettings } from "./web-service-args";
import { ResolvedTarget } from "./web-target";
import { ResolvedHealth } from "./web-health-check";

export interface WebAttachment {
    targetGroup: aws.lb.TargetGroup;
    /** The green target group of BLUE_GREEN/CANARY/LINEAR deployments. */
    alternateTargetGroup?: aws.lb.TargetGroup | undefined;
    /** The service's listener rule; for the non-rolling strategies, the one ECS shifts traffic with. */
    productionRule: aws.lb.ListenerRule;
    testRule?: aws.lb.ListenerRule | undefined;
    /** The service's additional targets: another port each, with its own group and rule. */
    additional: AdditionalAttachment[];
}

export interface AdditionalAttachment {
    name: string;
    containerName: string;
    containerPort: number;
    targetGroup: aws.lb.TargetGroup;
    rule: aws.lb.ListenerRule;
}

export function attachToLoadBalancer(
    name: string,
    lb: LoadBalancerAttachment,
    vpcId: pulumi.Input<string>,
    route: Route,
    priority: number,
    additionalPriorities: number[],
    s: WebSettings,
    tasks: aws.ec2.SecurityGroup,
    testListener: { port: number; cidrs: string[] } | undefined,
    tags: Record<string, string> | undefined,
    parent: pulumi.Resource,
): WebAttachment {
    const opts = { parent };
    // Each service's tasks admit the load balancer on their own ports (traffic and health-check
    // ports of the service and its additional targets), and the load balancer may reach only those.
    // Separate rules, so neither group waits on the other; one pair per port (EC2 refuses duplicates).
    const admitted = new Set<number>();
    const admit = (prefix: string, port: number | undefined, health: boolean) => {
        if (port === undefined || admitted.has(port)) return;
        admitted.add(port);
        new aws.vpc.SecurityGroupEgressRule(
            `${prefix}-lb-to-${health ? "health" : "tasks"}`,
            { securityGroupId: idOf(lb.securityGroup), referencedSecurityGroupId: tasks.id, ipProtocol: "tcp", fromPort: port, toPort: port, description: `To the ${health ? "health-check" : "container"} port of ${prefix}`, tags },
            opts,
        );
        new aws.vpc.SecurityGroupIngressRule(
            `${prefix}-${health ? "health" : "tasks"}-from-lb`,
            { securityGroupId: tasks.id, referencedSecurityGroupId: idOf(lb.securityGroup), ipProtocol: "tcp", fromPort: port, toPort: port, description: health ? "Health checks from the load balancer only" : "From the load balancer only", tags },
            opts,
        );
    };
    admit(name, s.containerPort, false);
    // A health check on another port: the load balancer may reach that port too, and only it.
    admit(name, s.health.port, true);
    for (const t of s.additionalTargets) {
        admit(`${name}-${t.name}`, t.containerPort, false);
        admit(`${name}-${t.name}`, t.health.port, true);
    }

    const blueGreen = s.strategy !== "ROLLING";
    const internal = lb instanceof SharedLoadBalancer && lb.internal;
    const own = { port: s.containerPort, target: s.target, health: s.health, drainSeconds: s.maxRequestSeconds };
    const targetGroup = createTargetGroup(`${name}-tg`, vpcId, own, internal, tags, opts);
    const alternateTargetGroup = blueGreen ? createTargetGroup(`${name}-tg-green`, vpcId, own, internal, tags, opts) : undefined;
    const productionRule = routeRule(`${name}-route`, lb.listener, route, priority, targetGroup, alternateTargetGroup, tags, parent);

    let testRule: aws.lb.ListenerRule | undefined;
    if (alternateTargetGroup && testListener) {
        const description = `Test listener of ${name} (green)`;
        // A SharedLoadBalancer keeps its listener rules among its own children; joined by its parts, the service holds them.
        if (lb instanceof SharedLoadBalancer) lb.allowIngress(lb.securityGroup, `${name}-test-in`, testListener.port, testListener.cidrs, description);
        else admitCidrs(idOf(lb.securityGroup), `${name}-test-in`, testListener.port, testListener.cidrs, description, tags, parent);
        const listener = new aws.lb.Listener(
            `${name}-test`,
            {
                loadBalancerArn: arnOf(lb.loadBalancer),
                port: testListener.port,
                protocol: lb.https ? "HTTPS" : "HTTP",
                sslPolicy: lb.https ? TLS_POLICY : undefined,
                certificateArn: lb.certificateArn,
                defaultActions: [{ type: "fixed-response", fixedResponse: { contentType: "text/plain", statusCode: "404", messageBody: "Not found" } }],
                tags,
            },
            opts,
        );
        testRule = routeRule(`${name}-test`, listener, { ...route, priority: 1 }, 1, targetGroup, alternateTargetGroup, tags, parent);
    }
    const additional = s.additionalTargets.map((t, i) => {
        const group = createTargetGroup(`${name}-${t.name}-tg`, vpcId, { port: t.containerPort, target: t.target, health: t.health, drainSeconds: s.maxRequestSeconds }, internal, tags, opts);
        const rule = routeRule(`${name}-${t.name}-route`, lb.listener, t.route, additionalPriorities[i], group, undefined, tags, parent);
        return { name: t.name, containerName: t.containerName, containerPort: t.containerPort, targetGroup: group, rule };
    });
    return { targetGroup, alternateTargetGroup, productionRule, testRule, additional };
}

/** What a target group is made of: the port, how it is reached and checked, how long it drains. */
interface TargetGroupSpec {
    port: number;
    target: ResolvedTarget;
    health: ResolvedHealth;
    drainSeconds: number;
}

function createTargetGroup(name: string, vpcId: pulumi.Input<string>, s: TargetGroupSpec, internal: boolean, tags: Record<string, string> | undefined, opts: pulumi.CustomResourceOptions): aws.lb.TargetGroup {
    return new aws.lb.TargetGroup(
        name,
        {
            // What replaces the group (port, protocol, target type, VPC) changes its name, so the new
            // one can exist beside the old; see the options below for the order.
            name: pulumi.output(vpcId).apply((vpc) => physicalName(name, { max: 32, replaceOn: replaceOn(s, vpc, internal) })),
            targetType: "ip",
            protocol: s.target.protocol,
            // HTTP1 is ELB's default: left unset, so that existing groups keep their inputs.
            protocolVersion: s.target.protocolVersion === "HTTP1" ? undefined : s.target.protocolVersion,
            port: s.port,
            vpcId,
            // Old tasks stop receiving new requests at once and get maxRequestSeconds to finish
            // the ones in flight (AWS default: 300 s per rolling wave).
            deregistrationDelay: s.drainSeconds,
            slowStart: s.target.slowStartSeconds > 0 ? s.target.slowStartSeconds : undefined,
            stickiness: s.target.stickiness
                ? { enabled: true, type: s.target.stickiness.type, cookieDuration: s.target.stickiness.durationSeconds, cookieName: s.target.stickiness.cookieName }
                : undefined,
            healthCheck: {
                enabled: true,
                protocol: s.health.protocol,
                port: s.health.port !== undefined ? String(s.health.port) : "traffic-port",
                path: s.health.path,
                matcher: s.health.matcher,
                interval: s.health.intervalSeconds,
                timeout: s.health.timeoutSeconds,
                healthyThreshold: s.health.healthyThreshold,
                unhealthyThreshold: s.health.unhealthyThreshold,
            },
            tags,
        },
        // Create the new group before deleting the old: the bridge makes an explicitly named
        // resource delete-before-replace (nameRequiresDeleteBeforeReplace in
        // pulumi-terraform-bridge), and that delete fails while the listener rule still forwards
        // to the group — a port change would take the service down with no re-run getting past it.
        // Created first, the rule moves to the new group in place, then the old one goes.
        { ...opts, deleteBeforeReplace: false },
    );
}

/**
 * What replaces a target group (ForceNew: port, protocol, protocol version, target type, VPC),
 * in its name's suffix. The HTTP/HTTP1 form is the one groups had before the protocol could be
 * chosen, so that their names do not change.
 */
function replaceOn(s: TargetGroupSpec, vpc: string, internal: boolean): string {
    const version = s.target.protocolVersion === "HTTP1" ? "" : `/${s.target.protocolVersion}`;
    // A service moving between the internet-facing and the internal load balancer gets a new group:
    // an ALB target group forwards for one load balancer only, and the new rule is created before the old goes.
    return `${s.port}/${s.target.protocol}${version}/ip/${vpc}${internal ? "/internal" : ""}`;
}

/**
 * The service's rule: its host/path conditions, forwarding to its target group. With a green
 * group it is the pure-forward rule ECS blue/green requires, whose weights ECS owns.
 */
function routeRule(
    name: string,
    listener: pulumi.Input<aws.lb.Listener>,
    route: Route,
    priority: number,
    blue: aws.lb.TargetGroup,
    green: aws.lb.TargetGroup | undefined,
    tags: Record<string, string> | undefined,
    parent: pulumi.Resource,
): aws.lb.ListenerRule {
    const action = green
        ? { type: "forward", forward: { targetGroups: [{ arn: blue.arn, weight: 100 }, { arn: green.arn, weight: 0 }] } }
        : { type: "forward", targetGroupArn: blue.arn };
    return new aws.lb.ListenerRule(
        name,
        { listenerArn: arnOf(listener), priority, conditions: routeConditions(route), actions: [action], tags },
        // ECS moves the weights between blue and green; the next `pulumi up` must not move them back.
        { parent, ignoreChanges: green ? ["actions"] : [] },
    );
}
