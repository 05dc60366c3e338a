import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { checkAcmArn } from "../internal/arns";
import { Route } from "../internal/routing";
import { Check, show } from "../internal/validation";
import type { FargateWebServiceSettings } from "./web-service-args";

/**
 * A load balancer a web service joins. In TypeScript, pass a `SharedLoadBalancer` as it is (it has
 * these members, and checks the routes of all its services against each other); from another
 * Pulumi language, pass that component's `loadBalancer`, `listener`, `securityGroup`, `https`,
 * `certificateArn` and `domainNames` outputs.
 */
export interface LoadBalancerAttachment {
    /** The application load balancer. */
    loadBalancer: pulumi.Input<aws.lb.LoadBalancer>;
    /** The listener the service adds its rule to: HTTPS, or HTTP without a domain. */
    listener: pulumi.Input<aws.lb.Listener>;
    /** The load balancer's security group: it may reach the service's tasks on their port, and only it. */
    securityGroup: pulumi.Input<aws.ec2.SecurityGroup>;
    /**
     * Whether the listener is HTTPS (a test listener then is too).
     * Default: false.
     * @default false
     */
    https?: boolean | undefined;
    /**
     * The HTTPS listener's certificate, for a blue/green test listener.
     * Default: none.
     * @default - none
     */
    certificateArn?: pulumi.Input<string> | undefined;
    /**
     * Hosts the certificate covers; the service's `domainName` and `aliases` must be among them.
     * Default: not checked.
     * @default - not checked
     */
    domainNames?: string[] | undefined;
}

/** A lower-case DNS name, optionally a wildcard; an IPv4 CIDR. */
export const HOSTNAME = /^(?=.{1,253}$)(\*\.)?([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;
export const CIDR = /^(\d{1,3}\.){3}\d{1,3}\/([0-9]|[12][0-9]|3[0-2])$/;

/** ALB path patterns: up to 128 of A-Z a-z 0-9 _ - . $ / ~ " ' @ : + & and the wildcards * ? (ELB rule conditions). */
export const PATH_PATTERN = /^\/[A-Za-z0-9_\-.$/~"'@:+&*?]{0,127}$/;

/** The service's route on its listener. */
export function webRoute(name: string, args: Pick<FargateWebServiceSettings, "domainName" | "aliases" | "paths" | "priority" | "defaultRoute">, shared: boolean): Route {
    return {
        service: name,
        hosts: shared ? [...(args.domainName !== undefined ? [args.domainName] : []), ...(args.aliases ?? [])] : [],
        paths: args.paths ?? [],
        priority: args.priority,
        isDefault: args.defaultRoute ?? !shared,
    };
}

/** Checks the routing settings of a web service. */
export function checkRouting(check: Check, args: FargateWebServiceSettings): void {
    (args.aliases ?? []).forEach((a, i) => check.at("aliases").at(i).matches(a, HOSTNAME, 'a lower-case DNS name such as "www.example.com"'));
    if ((args.aliases ?? []).length > 0 && args.domainName === undefined) check.at("aliases").fail("are set without domainName; give the primary name first");
    (args.paths ?? []).forEach((p, i) => check.at("paths").at(i).matches(p, PATH_PATTERN, 'a path pattern such as "/api/*" (starts with "/", at most 128 characters)'));
    check.at("priority").intRange(args.priority, 1, 50000);
}

/** Checks the domain, its zone and certificate of a service with a load balancer of its own. */
export function checkDomain(check: Check, args: FargateWebServiceSettings): void {
    if (args.domainName !== undefined && !HOSTNAME.test(args.domainName)) {
        check.at("domainName").fail(`is ${show(args.domainName)}; allowed: a lower-case DNS name such as "app.example.com"`);
    }
    const hasZone = args.hostedZoneName !== undefined || args.hostedZoneId !== undefined;
    if (args.hostedZoneName !== undefined && args.hostedZoneId !== undefined) {
        check.fail("hostedZoneName and hostedZoneId are both set; give one");
    }
    if (args.domainName === undefined) {
        for (const k of ["hostedZoneName", "hostedZoneId", "certificateArn"] as const) {
            if (args[k] !== undefined) {
                check.at(k).fail("is set without domainName; HTTPS needs the site's domain");
            }
        }
        return;
    }
    if (!hasZone && args.certificateArn === undefined) {
        check.at("domainName").fail("is set without hostedZoneName/hostedZoneId or certificateArn; give the Route 53 zone to issue a certificate in, or an existing certificate");
    }
    const zone = args.hostedZoneName?.replace(/\.$/, "");
    const hosts: [string, string][] = [["domainName", args.domainName], ...(args.aliases ?? []).map((a, i): [string, string] => [`aliases[${i}]`, a])];
    for (const [key, host] of hosts) {
        if (zone !== undefined && !(host === zone || host.endsWith(`.${zone}`))) check.at("hostedZoneName").fail(`is ${show(args.hostedZoneName)}, which does not contain ${key} ${show(host)}`);
    }
    if (args.certificateArn !== undefined) {
        checkAcmArn(check.at("certificateArn"), args.certificateArn);
    }
}
