/**
 * ECS Service Connect: a service publishes named ports of its task under DNS names in a Cloud Map
 * namespace, and services of the same namespace call them by those names through the proxy ECS
 * adds to each task. A service that only calls others joins the namespace without publishing.
 *
 * Facts (ECS developer guide, "Service Connect components"): the proxy listens on the
 * containerPort of the port mapping, so the publisher's security group must admit its clients on
 * that port; only tasks started after a publisher's deployment resolve its name, so clients are
 * deployed after their servers.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { Check, show } from "../internal/validation";
import { awsLocation } from "../internal/arns";
import { FargateTaskSpec } from "../task/task-spec";

/** A named port of the task, published under a DNS name. */
export interface ServiceConnectPortArgs {
    /** A named port of one of the task's containers (`ports[].name`). */
    portName: string;
    /**
     * The name clients call, e.g. `"api"` for `http://api:8080`.
     * Default: the port name.
     * @default - the port name
     */
    dnsName?: string | undefined;
    /**
     * The port clients call.
     * A whole number.
     * Default: the container port.
     * @default - the container port
     */
    port?: number | undefined;
}

/** The service in a Service Connect namespace. */
export interface ServiceConnectArgs {
    /** The Cloud Map namespace, by ARN or name (e.g. an `aws.servicediscovery.HttpNamespace`'s `arn`). */
    namespace: pulumi.Input<string>;
    /**
     * Ports the service publishes. Without any, the service only calls others (a client).
     * Default: none (a client only).
     * @default - none (a client only)
     */
    publish?: ServiceConnectPortArgs[] | undefined;
}

/** A published endpoint: what clients call. */
export interface ServiceConnectEndpoint {
    dnsName: string;
    port: number;
    containerPort: number;
}

const DNS_NAME = /^(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*$/;

/** The named ports of the task: name → container port and transport protocol. */
function namedPorts(task: FargateTaskSpec | undefined): Map<string, { containerPort: number; protocol: string }> {
    const out = new Map<string, { containerPort: number; protocol: string }>();
    for (const c of task?.containers ?? []) for (const p of c?.ports ?? []) if (p?.name !== undefined) out.set(p.name, { containerPort: p.containerPort, protocol: p.protocol ?? "tcp" });
    return out;
}

export function checkServiceConnect(check: Check, sc: ServiceConnectArgs | undefined, task: FargateTaskSpec | undefined): void {
    if (sc === undefined || !check.object(sc, "ServiceConnectArgs")) return;
    if (sc.namespace === undefined || sc.namespace === "") check.at("namespace").fail("is missing; give the Cloud Map namespace (ARN or name) the services share");
    if (!check.at("publish").list(sc.publish, "of { portName, dnsName, port }")) return;
    const ports = namedPorts(task);
    const seen = new Set<string>();
    (sc.publish ?? []).forEach((p, i) => {
        const c = check.at("publish").at(i);
        const port = ports.get(p?.portName);
        if (port === undefined) {
            c.at("portName").fail(`is ${show(p?.portName)}, which is not a named port of the task; named ports: ${[...ports.keys()].map(show).join(", ") || "none (give a container port a name)"}`);
        } else if (port.protocol !== "tcp") {
            c.at("portName").fail(`is ${show(p.portName)}, a ${port.protocol} port; Service Connect proxies TCP only`);
        }
        const dns = p?.dnsName ?? p?.portName;
        if (p?.dnsName !== undefined) c.at("dnsName").matches(p.dnsName, DNS_NAME, 'a lower-case DNS name such as "api" or "api.internal"');
        else if (typeof dns === "string" && !DNS_NAME.test(dns)) c.at("portName").fail(`is ${show(dns)}, which is not a DNS name clients could call; give dnsName`);
        c.at("port").intRange(p?.port, 1, 65535);
        const key = `${dns}:${p?.port ?? port?.containerPort}`;
        if (seen.has(key)) c.fail(`publishes ${key} again; each name and port once`);
        seen.add(key);
    });
}

/** What clients call, for each published port. */
export function serviceConnectEndpoints(sc: ServiceConnectArgs | undefined, task: FargateTaskSpec): ServiceConnectEndpoint[] {
    const ports = namedPorts(task);
    return (sc?.publish ?? []).map((p) => {
        const containerPort = ports.get(p.portName)!.containerPort;
        return { dnsName: p.dnsName ?? p.portName, port: p.port ?? containerPort, containerPort };
    });
}

/** The ECS service's Service Connect configuration; the proxy logs to the service's log group. */
export function serviceConnectConfiguration(
    sc: ServiceConnectArgs | undefined,
    task: FargateTaskSpec,
    logGroup: aws.cloudwatch.LogGroup,
    parent: pulumi.Resource,
): aws.types.input.ecs.ServiceServiceConnectConfiguration | undefined {
    if (sc === undefined) return undefined;
    const endpoints = serviceConnectEndpoints(sc, task);
    return {
        enabled: true,
        namespace: sc.namespace,
        services: (sc.publish ?? []).map((p, i) => ({ portName: p.portName, discoveryName: endpoints[i].dnsName, clientAlias: [{ dnsName: endpoints[i].dnsName, port: endpoints[i].port }] })),
        logConfiguration: {
            logDriver: "awslogs",
            options: { "awslogs-group": logGroup.name, "awslogs-region": awsLocation(parent).region, "awslogs-stream-prefix": "service-connect" },
        },
    };
}
