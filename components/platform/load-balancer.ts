import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { ALB_ARN, ALB_LISTENER_ARN, certificateInProviderRegion, checkAcmArn, regionOfArn } from "../internal/arns";
import { elbLogDeliveryPrincipal } from "../internal/elb-log-delivery";
import { namePrefix, physicalName } from "../internal/names";
import { Route, assignPriority, routeKey, routeProblems } from "../internal/routing";
import { Check, Problem, ValidationError, known, show } from "../internal/validation";

/** The policy AWS recommends for HTTPS listeners (TLS 1.3 and 1.2, post-quantum key exchange). */
export const TLS_POLICY = "ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09";

/** An Application Load Balancer made elsewhere, which web services join without this stack managing it. */
export interface AdoptedLoadBalancerArgs {
    /** The load balancer's ARN. */
    loadBalancerArn: pulumi.Input<string>;
    /** The listener production traffic arrives on; services add their rules to it. */
    listenerArn: pulumi.Input<string>;
    /** The load balancer's security group: services add egress to their tasks. */
    securityGroupId: pulumi.Input<string>;
    /** Whether the listener is HTTPS (its certificates must cover the services' hosts). */
    https: boolean;
}

export interface SharedLoadBalancerArgs {
    /** The VPC of the subnets. */
    vpcId: pulumi.Input<string>;
    /**
     * Subnets in two or more AZs: public ones (`Network.publicSubnetIds`) for an internet-facing
     * load balancer, the tasks' (`Network.taskSubnetIds`) for an internal one. Ignored with `adopt`.
     */
    subnetIds: pulumi.Input<pulumi.Input<string>[]>;
    /**
     * An internal load balancer (scheme `internal`): its nodes have private addresses only, so it
     * is reachable from inside the VPC (and what is peered or connected to it), never from the
     * internet. HTTP on port 80 unless `domainNames` and `certificateArns` are given (as Copilot's
     * internal ALB: HTTPS only with imported certificates); no Route 53 records are made, since a
     * public zone would publish private addresses: keep its DNS in a private zone.
     * Changing it replaces the load balancer (ELB's scheme is fixed at creation).
     * Default: false (internet-facing).
     * @default false
     */
    internal?: boolean | undefined;
    /**
     * The VPC's CIDR block, which an internal load balancer admits when `allowedCidrs` is not
     * given (e.g. `Network.cidrBlock`).
     * Default: looked up from `vpcId` (its primary CIDR block).
     * @default - looked up from `vpcId`
     */
    vpcCidrBlock?: pulumi.Input<string> | undefined;
    /**
     * Join an existing load balancer and listener instead of creating them: only the services'
     * target groups, rules and security-group rules are created. Its certificates, DNS and
     * settings stay with whoever made it: the services' hosts need no `domainNames` here (give
     * them to have each service's hosts checked against what the listener's certificates cover),
     * and no alias record is made (point the hosts' DNS at the load balancer yourself).
     * Default: a new load balancer.
     * @default - a new load balancer
     */
    adopt?: AdoptedLoadBalancerArgs | undefined;
    /**
     * Every host name the services on this load balancer answer to (`app.example.com`,
     * `admin.example.com`). Turns on HTTPS with a TLS 1.3 policy and an HTTP→HTTPS redirect;
     * each name gets an alias record and is on the certificate.
     * Default: HTTP only, on the load balancer's DNS name.
     * @default - HTTP only, on the load balancer's DNS name
     */
    domainNames?: string[] | undefined;
    /**
     * Route 53 public zone of the names, e.g. `"example.com"`: validates the certificate and gets the alias records.
     * Default: see hostedZoneId.
     * @default - see hostedZoneId
     */
    hostedZoneName?: string | undefined;
    /**
     * The zone by id instead of name.
     * Default: see hostedZoneName.
     * @default - see hostedZoneName
     */
    hostedZoneId?: pulumi.Input<string> | undefined;
    /**
     * Existing ACM certificates covering `domainNames` (the first is the listener's default, the
     * rest are added to it). Without a zone, no DNS record is made (DNS kept elsewhere).
     * Default: one DNS-validated certificate with every name (ACM allows 10 names per certificate by default)
     * @default - one DNS-validated certificate with every name (ACM allows 10 names per certificate by default)
     */
    certificateArns?: pulumi.Input<string>[] | undefined;
    /**
     * CIDRs that may reach the listeners.
     * Default: ["0.0.0.0/0"]; with `internal`, the VPC's CIDR block.
     * @default ["0.0.0.0/0"]
     */
    allowedCidrs?: string[] | undefined;
    /**
     * Idle timeout, 1–4000 s.
     * A whole number.
     * Default: 60.
     * @default 60
     */
    idleTimeoutSeconds?: number | undefined;
    /**
     * Deletion protection.
     * Default: the value of `protect`.
     * @default - the value of `protect`
     */
    deletionProtection?: boolean | undefined;
    /**
     * Access logs to a new S3 bucket.
     * Default: the value of `protect`.
     * @default - the value of `protect`
     */
    accessLogs?: boolean | undefined;
    /**
     * Days access logs are kept.
     * A whole number.
     * Default: 90.
     * @default 90
     */
    accessLogRetentionDays?: number | undefined;
    /**
     * Production mode: deletion protection and access logs, and the log bucket protected.
     * Default: false.
     * @default false
     */
    protect?: boolean | undefined;
    /**
     * Leave the access-log bucket in AWS when it is removed from the stack or the stack is destroyed, independent
     * of \`protect\` (which only refuses the deletion): turning \`protect\` off to tear a stack down
     * then loses nothing it keeps.
     * Default: the value of \`protect\`.
     * @default - the value of \`protect\`
     */
    retainOnDelete?: boolean | undefined;
    /**
     * Tags of every resource.
     * Default: none.
     * @default - none
     */
    tags?: Record<string, string> | undefined;
}

/** ACM's default quota of names per certificate. */
const ACM_NAMES_PER_CERTIFICATE = 10;
const HOSTNAME = /^(?=.{1,253}$)(\*\.)?([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;
const CIDR = /^(\d{1,3}\.){3}\d{1,3}\/([0-9]|[12][0-9]|3[0-2])$/;
/** A zone name as Route 53 takes it; a trailing dot (as Route 53 shows names) is the same zone. */
const ZONE_NAME = /^(?=.{1,254}$)([a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9])?\.)*[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.?$/i;
const ZONE_ID = /^Z[A-Z0-9]{1,31}$/;

/**
 * An Application Load Balancer that several web services share, internet-facing or (`internal:
 * true`) reachable from inside the VPC only: each service
 * joins it with its own target group and a listener rule by host and/or path (see
 * `FargateWebService.loadBalancer`), and a default service takes what no rule matches. One ALB
 * costs ~$22/month; a second service on it costs nothing more.
 *
 * Requests no rule matches get a 404 until a default service joins.
 *
 * @example
 * const lb = new SharedLoadBalancer("app", { vpcId: network.vpcId, subnetIds: network.publicSubnetIds,
 *     domainNames: ["app.example.com", "admin.example.com"], hostedZoneName: "example.com" });
 * new FargateWebService("web", { ...placement, loadBalancer: lb, domainName: "app.example.com", default: true, task });
 * new FargateWebService("admin", { ...placement, loadBalancer: lb, domainName: "admin.example.com", task: adminTask });
 */
/**
 * What the services of one load balancer have claimed on it. Kept outside the class: every
 * property of a component is an output in other Pulumi languages, and these are not.
 */
const claims = new WeakMap<SharedLoadBalancer, { routes: Route[]; priorities: Map<string, number>; testPorts: Map<number, string>; coveredHosts: string[] | undefined }>();

export class SharedLoadBalancer extends pulumi.ComponentResource {
    readonly loadBalancer: aws.lb.LoadBalancer;
    readonly securityGroup: aws.ec2.SecurityGroup;
    /** The listener production traffic arrives on: HTTPS on 443 with domain names, else HTTP on 80. */
    readonly listener: aws.lb.Listener;
    readonly accessLogBucket: aws.s3.Bucket | undefined;
    /** The listener's certificate, when HTTPS. */
    readonly certificateArn: pulumi.Output<string> | undefined;
    readonly https: boolean;
    /** Whether the scheme is internal (private addresses only). */
    readonly internal: boolean;
    readonly vpcId: pulumi.Input<string>;
    /** `https://<first domain>` or `http://<load balancer DNS name>`. */
    readonly url: pulumi.Output<string>;
    readonly domainNames: string[];
    readonly tags: Record<string, string> | undefined;

    constructor(name: string, args: SharedLoadBalancerArgs, opts?: pulumi.ComponentResourceOptions) {
        // Validated before the component registers: a refused input creates nothing, not even the component.
        validateSharedLoadBalancerArgs(Check.root(), args).throwIfFailed(`SharedLoadBalancer "${name}"`);
        const protect = args.protect ?? false;
        super("fargate-kit:index:SharedLoadBalancer", name, {}, opts);
        this.https = args.adopt ? args.adopt.https : (args.domainNames ?? []).length > 0;
        this.internal = args.internal ?? false;
        this.vpcId = args.vpcId;
        this.domainNames = args.domainNames ?? [];
        this.tags = args.tags;
        // An adopted listener's certificates are not ours to know: its hosts are checked only when listed.
        const coveredHosts = args.adopt && args.domainNames === undefined ? undefined : this.domainNames;
        claims.set(this, { routes: [], priorities: new Map(), testPorts: new Map(), coveredHosts });
        if (args.adopt) {
            // Read, not managed: `pulumi destroy` leaves them, and nothing here changes them.
            const opts = { parent: this };
            this.loadBalancer = aws.lb.LoadBalancer.get(`${name}-lb`, args.adopt.loadBalancerArn, undefined, opts);
            this.listener = aws.lb.Listener.get(`${name}-listener`, args.adopt.listenerArn, undefined, opts);
            this.securityGroup = aws.ec2.SecurityGroup.get(`${name}-lb`, args.adopt.securityGroupId, undefined, opts);
            this.accessLogBucket = undefined;
            this.certificateArn = undefined;
            this.url = this.https && this.domainNames.length ? pulumi.output(`https://${this.domainNames[0]}`) : pulumi.interpolate`${this.https ? "https" : "http"}://${this.loadBalancer.dnsName}`;
            this.registerOutputs({ loadBalancer: this.loadBalancer, securityGroup: this.securityGroup, listener: this.listener, url: this.url });
            return;
        }

        this.securityGroup = this.createSecurityGroup(name, args);
        const logs = (args.accessLogs ?? protect) ? createAccessLogBucket(name, args.accessLogRetentionDays ?? 90, protect, args.retainOnDelete ?? protect, args.tags, this) : undefined;
        this.accessLogBucket = logs?.bucket;
        this.loadBalancer = new aws.lb.LoadBalancer(
            `${name}-lb`,
            {
                name: physicalName(name, { max: 32 }),
                loadBalancerType: "application",
                internal: this.internal,
                subnets: args.subnetIds,
                securityGroups: [this.securityGroup.id],
                idleTimeout: args.idleTimeoutSeconds ?? 60,
                dropInvalidHeaderFields: true,
                desyncMitigationMode: "defensive",
                enableDeletionProtection: args.deletionProtection ?? protect,
                enableHttp2: true,
                accessLogs: logs ? { bucket: logs.bucket.bucket, prefix: name, enabled: true } : undefined,
                tags: args.tags,
            },
            // ELB checks that it may write to the bucket when logging is turned on: wait for the policy.
            { parent: this, dependsOn: logs ? [logs.policy] : [] },
        );
        this.certificateArn = this.https ? this.createCertificates(name, args) : undefined;
        this.listener = this.createListeners(name, args);
        this.createAliasRecords(name, args);
        this.url = this.https ? pulumi.output(`https://${this.domainNames[0]}`) : pulumi.interpolate`http://${this.loadBalancer.dnsName}`;
        this.registerOutputs({ loadBalancer: this.loadBalancer, securityGroup: this.securityGroup, listener: this.listener, url: this.url });
    }

    /**
     * Claims a place on the listener for a web service and returns its rule priority. Throws a
     * ValidationError naming the service when it would take the default twice, overlap another
     * route, or reuse an explicit priority.
     */
    claimRoute(route: Route, subject: string): number {
        return this.claimRoutes([{ route, at: "" }], subject)[0];
    }

    /**
     * Claims several routes of one service at once (its own and its additional targets'; `at`
     * prefixes each one's problems): all are checked before any is recorded, so a refused service
     * leaves no claim behind.
     */
    claimRoutes(routes: { route: Route; at: string }[], subject: string): number[] {
        const claimed = claims.get(this)!;
        const problems = routes.flatMap(({ route, at }, i) =>
            routeClaimProblems([...claimed.routes, ...routes.slice(0, i).map((r) => r.route)], route, this.https, claimed.coveredHosts).map((p) => ({ ...p, path: at + p.path })),
        );
        if (problems.length > 0) throw new ValidationError(subject, problems);
        return routes.map(({ route }) => {
            const priority = assignPriority(route, new Set(claimed.priorities.values()));
            claimed.routes.push(route);
            claimed.priorities.set(routeKey(route), priority);
            return priority;
        });
    }

    /** Claims a test-listener port for one service's blue/green deployments. */
    claimTestPort(port: number, service: string, subject: string): void {
        this.checkTestPort(port, subject);
        claims.get(this)!.testPorts.set(port, service);
    }

    /** Throws when another service has the test-listener port. */
    checkTestPort(port: number, subject: string): void {
        const other = claims.get(this)!.testPorts.get(port);
        if (other !== undefined) {
            throw new ValidationError(subject, [{ path: "deployment.testListenerPort", message: `is ${port}, which ${show(other)} already uses on this load balancer` }]);
        }
    }

    private createSecurityGroup(name: string, args: SharedLoadBalancerArgs): aws.ec2.SecurityGroup {
        // Rules are separate resources (never inline), so that services can add theirs (egress to
        // their tasks, a test listener's port) without the group's own rules fighting them.
        const sg = new aws.ec2.SecurityGroup(`${name}-lb`, { namePrefix: namePrefix(`${name}-lb`, 100), vpcId: args.vpcId, description: `Load balancer ${name}: listener ports only`, tags: args.tags }, { parent: this });
        // Internal: the VPC (every task, whatever its group) by default; internet-facing: the world.
        const vpcCidr = () => args.vpcCidrBlock ?? aws.ec2.getVpcOutput({ id: args.vpcId }, { parent: this }).cidrBlock;
        const cidrs: pulumi.Input<string>[] = args.allowedCidrs ?? (this.internal ? [vpcCidr()] : ["0.0.0.0/0"]);
        for (const port of this.https ? [80, 443] : [80]) {
            this.allowIngress(sg, `${name}-lb-in-${port}`, port, cidrs, `Listener ${port}`);
        }
        return sg;
    }

    /** Admits `cidrs` to `port` on the load balancer (one rule resource per CIDR, as EC2 stores them). */
    allowIngress(sg: aws.ec2.SecurityGroup, name: string, port: number, cidrs: pulumi.Input<string>[], description: string): void {
        admitCidrs(sg.id, name, port, cidrs, description, this.tags, this);
    }

    /** The certificate ARN: the given ones, or one new DNS-validated certificate with every domain name. */
    private createCertificates(name: string, args: SharedLoadBalancerArgs): pulumi.Output<string> {
        if (args.certificateArns !== undefined && args.certificateArns.length > 0) {
            return certificateInProviderRegion(args.certificateArns[0], this);
        }
        const zone = zoneIdOf(args, this)!;
        const [first, ...rest] = this.domainNames;
        const cert = new aws.acm.Certificate(`${name}-cert`, { domainName: first, subjectAlternativeNames: rest.length ? rest : undefined, validationMethod: "DNS", tags: args.tags }, { parent: this });
        // One validation record per name, matched by name (the provider returns the options as a set).
        const fqdns = this.domainNames.map((domain, i) => {
            const option = cert.domainValidationOptions.apply((options) => options.find((o) => o.domainName === domain)!);
            return new aws.route53.Record(
                i === 0 ? `${name}-cert-validation` : `${name}-cert-validation-${i}`,
                { zoneId: zone, name: option.resourceRecordName, type: option.resourceRecordType, records: [option.resourceRecordValue], ttl: 60, allowOverwrite: true },
                { parent: this },
            ).fqdn;
        });
        return new aws.acm.CertificateValidation(`${name}-cert`, { certificateArn: cert.arn, validationRecordFqdns: fqdns }, { parent: this }).certificateArn;
    }

    private createListeners(name: string, args: SharedLoadBalancerArgs): aws.lb.Listener {
        // Every request is routed by a service's listener rule; what none matches gets a 404.
        const notFound = [{ type: "fixed-response", fixedResponse: { contentType: "text/plain", statusCode: "404", messageBody: "Not found" } }];
        if (!this.https) {
            return new aws.lb.Listener(`${name}-http`, { loadBalancerArn: this.loadBalancer.arn, port: 80, protocol: "HTTP", defaultActions: notFound, tags: this.tags }, { parent: this });
        }
        const listener = new aws.lb.Listener(
            `${name}-https`,
            { loadBalancerArn: this.loadBalancer.arn, port: 443, protocol: "HTTPS", sslPolicy: TLS_POLICY, certificateArn: this.certificateArn, defaultActions: notFound, tags: this.tags },
            { parent: this },
        );
        // Extra certificates are added to the listener alongside its default one (SNI picks by host).
        (args.certificateArns ?? []).slice(1).forEach((arn, i) => new aws.lb.ListenerCertificate(`${name}-cert-${i + 1}`, { listenerArn: listener.arn, certificateArn: certificateInProviderRegion(arn, this) }, { parent: this }));
        new aws.lb.Listener(
            `${name}-http-redirect`,
            { loadBalancerArn: this.loadBalancer.arn, port: 80, protocol: "HTTP", defaultActions: [{ type: "redirect", redirect: { protocol: "HTTPS", port: "443", statusCode: "HTTP_301" } }], tags: this.tags },
            { parent: this },
        );
        return listener;
    }

    private createAliasRecords(name: string, args: SharedLoadBalancerArgs): void {
        const zone = zoneIdOf(args, this);
        if (zone === undefined) return;
        this.domainNames.forEach(
            (domain, i) =>
                new aws.route53.Record(
                    i === 0 ? `${name}-alias` : `${name}-alias-${i}`,
                    { zoneId: zone, name: domain, type: "A", aliases: [{ name: this.loadBalancer.dnsName, zoneId: this.loadBalancer.zoneId, evaluateTargetHealth: true }] },
                    { parent: this },
                ),
        );
    }
}

const zoneIds = new WeakMap<pulumi.Resource, pulumi.Output<string>>();

/** The Route 53 zone id, looked up once per component; undefined when no zone was given. */
/**
 * What is wrong with a service's route on a listener that already carries `claimed`: overlaps,
 * a second default, a taken explicit priority, and (HTTPS) hosts the certificate does not cover.
 * `domainNames` undefined: the covered hosts are not known, so not checked.
 */
export function routeClaimProblems(claimed: Route[], route: Route, https: boolean, domainNames: string[] | undefined): Problem[] {
    const problems: Problem[] = routeProblems([...claimed, route])
        .filter((p) => p.service === route.service && p.target === route.target)
        .map((p) => ({ path: p.field, message: p.message }));
    const outside = domainNames === undefined ? [] : route.hosts.filter((h) => !domainNames.includes(h));
    if (https && outside.length > 0) {
        problems.push({ path: route.target === undefined ? "domainName" : "hosts", message: `${outside.map((h) => show(h)).join(", ")} is not among the load balancer's domainNames (${domainNames!.map((d) => show(d)).join(", ")}), so it has no certificate` });
    }
    return problems;
}

/** One ingress rule resource per CIDR on `port` of a load balancer's group, as EC2 stores them. */
export function admitCidrs(securityGroupId: pulumi.Input<string>, name: string, port: number, cidrs: pulumi.Input<string>[], description: string, tags: Record<string, string> | undefined, parent: pulumi.Resource): void {
    cidrs.forEach((cidr, i) =>
        new aws.vpc.SecurityGroupIngressRule(i === 0 ? name : `${name}-${i}`, { securityGroupId, ipProtocol: "tcp", fromPort: port, toPort: port, cidrIpv4: cidr, description, tags }, { parent }),
    );
}

function zoneIdOf(args: SharedLoadBalancerArgs, parent: pulumi.Resource): pulumi.Output<string> | undefined {
    if (args.hostedZoneId !== undefined) return pulumi.output(args.hostedZoneId).apply(bareZoneId);
    if (args.hostedZoneName === undefined) return undefined;
    if (!zoneIds.has(parent)) zoneIds.set(parent, aws.route53.getZoneOutput({ name: args.hostedZoneName.replace(/\.$/, ""), privateZone: false }, { parent }).zoneId);
    return zoneIds.get(parent);
}

export function validateSharedLoadBalancerArgs(check: Check, args: Omit<SharedLoadBalancerArgs, "vpcId" | "subnetIds">): Check {
    const names = args.domainNames ?? [];
    if (!args.adopt) {
        names.forEach((d, i) => {
            if (!HOSTNAME.test(d)) check.at("domainNames").at(i).fail(`is ${show(d)}; allowed: a lower-case DNS name such as "app.example.com"`);
        });
        if (new Set(names).size !== names.length) check.at("domainNames").fail("lists a name twice");
        const hasZone = args.hostedZoneName !== undefined || args.hostedZoneId !== undefined;
        if (names.length > 0 && !hasZone && (args.certificateArns ?? []).length === 0) {
            check.at("domainNames").fail("are set without hostedZoneName/hostedZoneId or certificateArns; give the Route 53 zone to issue a certificate in, or existing certificates");
        }
        const zone = args.hostedZoneName?.replace(/\.$/, "");
        if (zone !== undefined) {
            names.forEach((d, i) => {
                if (!isInZone(d, zone)) check.at("domainNames").at(i).fail(`is ${show(d)}, which is outside the zone ${show(zone)}`);
            });
        }
        if (hasZone && (args.certificateArns ?? []).length === 0 && names.length > ACM_NAMES_PER_CERTIFICATE) {
            check.at("domainNames").fail(`has ${names.length} names, but an ACM certificate holds ${ACM_NAMES_PER_CERTIFICATE} by default; pass certificateArns, or raise the quota and split the names`);
        }
    }
    return checkLoadBalancerSettings(check, args, names.length > 0);
}

/** Route 53 shows zone ids as "/hostedzone/Z…" in places; records take the bare id. */
const bareZoneId = (id: string) => id.replace(/^\/hostedzone\//, "");

/** Whether a host name is the zone's apex or below it (`a.b.example.co.uk` in `example.co.uk`). */
export function isInZone(host: string, zone: string): boolean {
    const z = zone.replace(/\.+$/, "").toLowerCase();
    const h = host.replace(/\.+$/, "").toLowerCase();
    return h === z || h.endsWith(`.${z}`);
}

/**
 * The load balancer's own settings, given only whether any host is served: a stack file's hosts
 * are typed (and checked) at its web services, so a stack checks them there and this here.
 * `region`, when known, is the stack's: certificates must be in it.
 */
export function checkLoadBalancerSettings(check: Check, args: Omit<SharedLoadBalancerArgs, "vpcId" | "subnetIds" | "domainNames">, hasHosts: boolean, region?: string): Check {
    if (args.internal !== undefined && typeof args.internal !== "boolean") check.at("internal").fail(`is ${show(args.internal)}; allowed: true or false`);
    if (args.internal === true) {
        if (args.adopt) check.at("adopt").fail("is set on an internal load balancer; an adopted load balancer keeps its own scheme: leave internal unset");
        for (const k of ["hostedZoneName", "hostedZoneId"] as const) {
            if (args[k] !== undefined) check.at(k).fail("is set on an internal load balancer, whose private addresses would be published in a public zone; give certificateArns and keep the names in a private hosted zone");
        }
    }
    if (args.adopt) {
        for (const k of ["hostedZoneName", "hostedZoneId", "certificateArns", "allowedCidrs", "idleTimeoutSeconds", "deletionProtection", "accessLogs", "accessLogRetentionDays"] as const) {
            if (args[k] !== undefined) check.at(k).fail("is a setting of a load balancer this component creates; an adopted one keeps its own");
        }
        checkAdoptedLoadBalancer(check.at("adopt"), args.adopt, region);
        return check;
    }
    if (args.hostedZoneName !== undefined && args.hostedZoneId !== undefined) check.fail("hostedZoneName and hostedZoneId are both set; give one");
    if (!hasHosts) {
        for (const k of ["hostedZoneName", "hostedZoneId", "certificateArns"] as const) {
            if (args[k] !== undefined) check.at(k).fail("is set without any domain name; HTTPS needs the site's domain");
        }
    }
    check.at("hostedZoneName").matches(args.hostedZoneName, ZONE_NAME, 'a DNS zone name such as "example.com" or "shop.example.co.uk"');
    if (typeof args.hostedZoneId === "string") check.at("hostedZoneId").matches(bareZoneId(args.hostedZoneId), ZONE_ID, 'a Route 53 hosted zone id such as "Z0123456789ABCDEFGHIJ"');
    (args.certificateArns ?? []).forEach((c, i) => checkAcmArn(check.at("certificateArns").at(i), c, region));
    (args.allowedCidrs ?? []).forEach((c, i) => check.at("allowedCidrs").at(i).matches(c, CIDR, "an IPv4 CIDR such as 203.0.113.0/24"));
    check.at("idleTimeoutSeconds").intRange(args.idleTimeoutSeconds, 1, 4000, "seconds");
    check.at("accessLogRetentionDays").intRange(args.accessLogRetentionDays, 1, 3650, "days");
    return check;
}

/** An adopted load balancer's ARNs and security group, checked as far as their text shows. */
function checkAdoptedLoadBalancer(check: Check, adopt: AdoptedLoadBalancerArgs, region: string | undefined): void {
    if (!check.object(adopt, "loadBalancerArn, listenerArn, securityGroupId, https")) return;
    const inRegion = (c: Check, arn: string) => {
        const r = regionOfArn(arn);
        if (region !== undefined && r !== region) c.fail(`is in ${show(r)}, but this stack is in ${show(region)}; a service can join only a load balancer of its own region`);
    };
    const lb = known(adopt.loadBalancerArn);
    if (lb !== undefined && check.at("loadBalancerArn").matches(lb, ALB_ARN, "an Application Load Balancer ARN (arn:aws:elasticloadbalancing:<region>:<account>:loadbalancer/app/<name>/<id>)")) inRegion(check.at("loadBalancerArn"), lb);
    const listener = known(adopt.listenerArn);
    if (listener !== undefined && check.at("listenerArn").matches(listener, ALB_LISTENER_ARN, "a listener ARN (arn:aws:elasticloadbalancing:<region>:<account>:listener/app/<name>/<id>/<id>)")) {
        inRegion(check.at("listenerArn"), listener);
        const lbOfListener = listener.replace(":listener/", ":loadbalancer/").split("/").slice(0, 4).join("/");
        if (lb !== undefined && ALB_ARN.test(lb) && lbOfListener !== lb) check.at("listenerArn").fail(`is ${show(listener)}, a listener of another load balancer than loadBalancerArn ${show(lb)}`);
    }
    check.at("securityGroupId").matches(known(adopt.securityGroupId), /^sg-[0-9a-f]{8,17}$/, 'a security group id such as "sg-0123456789abcdef0"');
    if (typeof adopt.https !== "boolean") check.at("https").fail(`is ${show(adopt.https)}; allowed: true (an HTTPS listener) or false (HTTP)`);
}

/**
 * An S3 bucket the load balancer writes access logs to: SSE-S3 (the only encryption ELB logging
 * supports), no public access, TLS only, expiring after the retention period, protected in prod.
 */
function createAccessLogBucket(name: string, retentionDays: number, protect: boolean, retainOnDelete: boolean, tags: Record<string, string> | undefined, parent: pulumi.Resource): { bucket: aws.s3.Bucket; policy: aws.s3.BucketPolicy } {
    const opts = { parent };
    const bucket = new aws.s3.Bucket(`${name}-lb-logs`, { bucketPrefix: namePrefix(`${name}-lb-logs`, 37).toLowerCase(), forceDestroy: false, tags }, { parent, protect, retainOnDelete });
    new aws.s3.BucketPublicAccessBlock(`${name}-lb-logs`, { bucket: bucket.id, blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true }, opts);
    new aws.s3.BucketOwnershipControls(`${name}-lb-logs`, { bucket: bucket.id, rule: { objectOwnership: "BucketOwnerEnforced" } }, opts);
    new aws.s3.BucketServerSideEncryptionConfiguration(`${name}-lb-logs`, { bucket: bucket.id, rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }] }, opts);
    new aws.s3.BucketLifecycleConfiguration(`${name}-lb-logs`, { bucket: bucket.id, rules: [{ id: "expire-access-logs", status: "Enabled", filter: {}, expiration: { days: retentionDays } }] }, opts);
    const account = aws.getCallerIdentityOutput({}, opts).accountId;
    // Regions older than August 2022 deliver as a regional ELB account; newer ones as a service principal.
    const principal = pulumi.all([aws.getRegionOutput({}, opts), aws.getPartitionOutput({}, opts)]).apply(([r, p]) => elbLogDeliveryPrincipal(r.region, p.partition));
    const policy = new aws.s3.BucketPolicy(
        `${name}-lb-logs`,
        {
            bucket: bucket.id,
            policy: pulumi.jsonStringify({
                Version: "2012-10-17",
                Statement: [
                    {
                        Sid: "ElbLogDelivery",
                        Effect: "Allow",
                        Principal: principal,
                        Action: "s3:PutObject",
                        Resource: pulumi.interpolate`${bucket.arn}/${name}/AWSLogs/${account}/*`,
                    },
                    { Sid: "TlsOnly", Effect: "Deny", Principal: "*", Action: "s3:*", Resource: [bucket.arn, pulumi.interpolate`${bucket.arn}/*`], Condition: { Bool: { "aws:SecureTransport": "false" } } },
                ],
            }),
        },
        opts,
    );
    return { bucket, policy };
}
