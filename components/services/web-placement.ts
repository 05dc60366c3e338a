/**
 * Where a web service sits on its load balancer: the checks that need the load balancer it joins
 * (placement, scheme, HTTP/2), the claims of its routes and its additional targets' (all or none,
 * before the service registers), its own load balancer's host names, and its URL.
 */
import * as pulumi from "@pulumi/pulumi";
import { SharedLoadBalancer, routeClaimProblems } from "../platform/load-balancer";
import { ValidationError } from "../internal/validation";
import { Route, assignPriority } from "../internal/routing";
import { additionalHosts } from "./web-additional-targets";
import { FargateWebServiceArgs, LoadBalancerAttachment, WebSettings } from "./web-service-args";

/**
 * The service's places on the listener, its own route's and its additional targets': a
 * SharedLoadBalancer checks them against the routes of its other services (and the test port
 * against theirs) and picks free priorities, recording nothing unless all are free; joined by its
 * parts (from another language), only the service's own routes can be checked, and the
 * priorities follow from the routes.
 */
export function claimRoutes(lb: LoadBalancerAttachment, route: Route, s: WebSettings, name: string, testPort: number | undefined): { priority: number; additionalPriorities: number[] } {
    const subject = `FargateWebService "${name}"`;
    const routes = [{ route, at: "" }, ...s.additionalTargets.map((t, i) => ({ route: t.route, at: `additionalTargets[${i}].` }))];
    if (lb instanceof SharedLoadBalancer) {
        if (testPort !== undefined) lb.checkTestPort(testPort, subject);
        const [priority, ...additionalPriorities] = lb.claimRoutes(routes, subject);
        if (testPort !== undefined) lb.claimTestPort(testPort, name, subject);
        return { priority, additionalPriorities };
    }
    const problems = routes.flatMap((r, i) => routeClaimProblems(routes.slice(0, i).map((x) => x.route), r.route, lb.https ?? false, lb.domainNames).map((p) => ({ ...p, path: r.at + p.path })));
    if (problems.length > 0) throw new ValidationError(subject, problems);
    const taken = new Set<number>();
    const [priority, ...additionalPriorities] = routes.map((r) => {
        const p = assignPriority(r.route, taken);
        taken.add(p);
        return p;
    });
    return { priority, additionalPriorities };
}

/** What the args cannot say alone: own subnets or a load balancer to join, and that load balancer's listener and scheme. */
export function checkPlacement(name: string, args: FargateWebServiceArgs, s: WebSettings): void {
    const subject = `FargateWebService "${name}"`;
    if (args.loadBalancer === undefined && args.loadBalancerSubnetIds === undefined) {
        throw new ValidationError(subject, [{ path: "loadBalancerSubnetIds", message: "is missing; give the public subnets of the service's own load balancer, or a shared loadBalancer to join" }]);
    }
    if (args.loadBalancer !== undefined && !(args.loadBalancer.https ?? false)) {
        const http2 = [{ at: "", target: s.target }, ...s.additionalTargets.map((t, i) => ({ at: `additionalTargets[${i}].`, target: t.target }))].filter((t) => t.target.protocolVersion !== "HTTP1");
        const problems = http2.map((t) => ({ path: `${t.at}targetProtocolVersion`, message: `is ${t.target.protocolVersion}, which ELB offers only behind an HTTPS listener; the load balancer the service joins is HTTP: join an HTTPS one (domainNames or certificateArns), or use HTTP1` }));
        if (problems.length > 0) throw new ValidationError(subject, problems);
    }
    checkScheme(name, args);
}

/** A load balancer of the service's own serves its hosts and its additional targets' hosts (certificate, alias records). */
export function ownDomainNames(args: FargateWebServiceArgs): string[] | undefined {
    if (args.domainName === undefined) return undefined;
    return [...new Set([args.domainName, ...(args.aliases ?? []), ...additionalHosts(args.additionalTargets)])];
}

/** The service's address: its first host on an HTTPS load balancer, else the load balancer's. */
export function routeUrl(lb: LoadBalancerAttachment, args: FargateWebServiceArgs): pulumi.Output<string> {
    const path = (args.paths ?? [])[0]?.replace(/\*.*$/, "") ?? "";
    const host = args.domainName ?? lb.domainNames?.[0];
    if (lb.https && host !== undefined) return pulumi.output(`https://${host}${path}`);
    if (lb instanceof SharedLoadBalancer) return pulumi.interpolate`${lb.url}${path}`;
    return pulumi.interpolate`${lb.https ? "https" : "http"}://${pulumi.output(lb.loadBalancer).apply((l) => l.dnsName)}${path}`;
}

/** `public` must agree with the scheme of a shared load balancer the service joins. */
function checkScheme(name: string, args: FargateWebServiceArgs): void {
    const lb = args.loadBalancer;
    if (!(lb instanceof SharedLoadBalancer) || args.public === undefined || args.public === !lb.internal) return;
    const is = lb.internal ? "internal" : "internet-facing";
    throw new ValidationError(`FargateWebService "${name}"`, [{ path: "public", message: `is ${args.public}, but the load balancer it joins is ${is}; join ${args.public ? "an internet-facing" : "an internal"} SharedLoadBalancer, or leave public unset` }]);
}
