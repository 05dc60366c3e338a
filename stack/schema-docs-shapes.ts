/**
 * What the service-shape keys mean (docs/service-shapes.md): Service Connect (`reachableFrom`),
 * scaling signals beyond CPU and memory, the singleton and percent deployment settings, and how
 * the load balancer talks to a web service's target. Part of stack/schema-docs.ts, split by
 * concept; entries shared by web services and workers are written once.
 */
import type { KeyDoc } from "./schema-docs";

const prefixed = (prefix: string, docs: Record<string, KeyDoc>): Record<string, KeyDoc> => Object.fromEntries(Object.entries(docs).map(([k, v]) => [`${prefix}.${k}`, v]));

/** The `dimensions` of a metric, under `metrics[]` or `steps[]`. */
const dimensions: Record<string, KeyDoc> = {
    dimensions: { description: "The metric's dimensions, exactly as it is published: a metric with other dimensions is another metric.", default: "none", example: [{ name: "Stage", value: "prod" }] },
    "dimensions[].name": { description: "The dimension's name.", example: "QueueName" },
    "dimensions[].value": { description: "Its value.", example: "jobs" },
};

/**
 * Scaling signals beside CPU and memory, under a web service's `autoscaling` or a worker's
 * `scaling`. `plainOnly`: the worker's wording (metrics, steps and scaleOnCpu need `queue: false`).
 */
const scalingSignals = (plainOnly: boolean): Record<string, KeyDoc> => {
    const only = plainOnly ? "Plain (`queue: false`): " : "";
    return {
        scaleOnCpu: {
            description: `${only}false leaves out the CPU target-tracking policy the service otherwise has, to scale only on ${plainOnly ? "memory" : "requests, memory"}, \`metrics\`, \`steps\` or \`schedules\`; \`cpuPercent\` is then refused.${plainOnly ? "" : " Something else must scale the service."}`,
            default: true,
            example: false,
        },
        metrics: {
            description: `${only}Target tracking on any CloudWatch metric, one policy each. The metric must move with the task count (load per task, latency): a total that does not fall as tasks are added drives the service to its maximum.`,
            default: "none",
            example: [{ namespace: "MyApp", metricName: "ActiveSessionsPerTask", statistic: "Average", targetValue: 200 }],
        },
        "metrics[].namespace": { description: "The metric's namespace.", example: "MyApp" },
        "metrics[].metricName": { description: "The metric's name.", example: "ActiveSessionsPerTask" },
        ...prefixed("metrics[]", dimensions),
        "metrics[].statistic": { description: "How the metric's data points are combined per minute.", default: "Average", example: "Maximum" },
        "metrics[].unit": { description: "The metric's CloudWatch unit, when it is published with one (`Count`, `Seconds`, `Percent`, …).", default: "any unit", example: "Count" },
        "metrics[].targetValue": { description: "The value of the metric to hold.", example: 200 },
        steps: {
            description: `${only}Step scaling on a CloudWatch metric: one alarm and one policy per direction, the alarm at the innermost step, the outermost step open-ended. Priced in the plan like the other alarms.`,
            default: "none",
            example: [{ namespace: "MyApp", metricName: "QueueWaitSeconds", statistic: "Maximum", steps: [{ upper: 5, change: -1 }, { lower: 30, change: 1 }] }],
        },
        "steps[].namespace": { description: "The metric's namespace.", example: "MyApp" },
        "steps[].metricName": { description: "The metric's name.", example: "QueueWaitSeconds" },
        ...prefixed("steps[]", dimensions),
        "steps[].statistic": { description: "The statistic the alarms watch.", default: "Average", example: "Maximum" },
        "steps[].periodSeconds": { description: "Seconds per data point: 10, 20, 30 or a multiple of 60.", default: 60, example: 120 },
        "steps[].evaluationPeriods": { description: "Data points that must breach before a step is taken.", default: 1, example: 3 },
        "steps[].cooldownSeconds": { description: "Seconds after a step before the next one in the same direction.", default: "60 for scale-out, 300 for scale-in", example: 120 },
        "steps[].steps": {
            description: "The steps, in the metric's own values: each has `lower` (scale out at or above it, positive `change`) or `upper` (scale in at or below it, negative `change`). Scale-in bounds must stay below scale-out bounds.",
            example: [{ upper: 5, change: -1 }, { lower: 30, change: 1 }, { lower: 120, change: 3 }],
        },
        "steps[].steps[].lower": { description: "Scale out from this value up (to the next step's `lower`). Give `lower` or `upper`.", default: "none", example: 30 },
        "steps[].steps[].upper": { description: "Scale in from this value down (to the next step's `upper`). Give `lower` or `upper`.", default: "none", example: 5 },
        "steps[].steps[].change": { description: "Tasks to add (positive, with `lower`) or remove (negative, with `upper`).", example: 1 },
        schedules: {
            description: `Application Auto Scaling scheduled actions that change the count's range (office hours, a stage at zero at night)${plainOnly ? "; on a queue worker too. A plain worker with schedules gets a scalable target even when its range is fixed" : ""}. A \`pulumi up\` while a scheduled range is in force puts the service's own range back until the next action. The plan prices the month's average minimum.`,
            default: "none",
            example: [{ name: "office-hours", schedule: "cron(0 8 ? * MON-FRI *)", timezone: "Europe/Berlin", minTasks: 4 }],
        },
        "schedules[].name": { description: "The action's name, unique in the service: lower-case letters, digits and hyphens, at most 40.", example: "night" },
        "schedules[].schedule": { description: "`cron(…)` (six fields, EventBridge syntax), `rate(…)` or `at(yyyy-mm-ddThh:mm:ss)`.", example: "cron(0 20 ? * MON-FRI *)" },
        "schedules[].timezone": { description: "An IANA time zone for the schedule.", default: "UTC", example: "Europe/Berlin" },
        "schedules[].minTasks": { description: "The fewest tasks from then on; 0 stops the service (even where the service's own `minTasks` must be 1).", default: "unchanged", example: 0 },
        "schedules[].maxTasks": { description: "The most tasks from then on.", default: "unchanged", example: 12 },
    };
};

const singleton: KeyDoc = {
    description:
        "Stop the old task before starting the new one (0 %/100 %), so the process never runs twice, not even during a deploy (a scheduler, `celery beat`). The service then runs one task (a web service's `desiredCount`, a queue worker's `scaling.maxTasks` and a plain worker's count default to 1) and is down for the seconds between the two; a range above one task, and percentages beside it, are refused. ROLLING only.",
    default: false,
    example: true,
};

/** Keys web services and plain workers share. */
const serviceShapes: Record<string, KeyDoc> = {
    reachableFrom: {
        description:
            "Services of the stack that may call this one by name (ECS Service Connect, in one Cloud Map namespace per stack). Each gets `<NAME>_URL` = `http://<name>:<port>`, and the service's security group admits their tasks on that port (no CIDR; a web service still admits its load balancer). A web service publishes its target port, a plain worker (`queue: false`) its first port; a worker on an SQS queue, a cycle of callers or a variable set elsewhere is refused. The Service Connect proxy takes part of each task's CPU and memory.",
        default: "none (not published)",
        example: ["api-client", "horizon"],
    },
    "deployment.singleton": singleton,
};

/** The keys of a load-balancer health check, shared by a web service and its additional targets. */
export const HEALTH_CHECK_DOCS: Record<string, KeyDoc> = {
    "path": { description: "The path the load balancer requests; it should answer without touching slow dependencies.", default: "/", example: "/up" },
    "matcher": { description: "HTTP codes that count as healthy.", default: "200-399", example: "200" },
    "intervalSeconds": { description: "Seconds between checks, 5–300.", default: 5, example: 10 },
    "timeoutSeconds": { description: "Seconds before a check fails, 2–120 and less than the interval.", default: 4, example: 5 },
    "healthyThreshold": { description: "Consecutive successes before a task takes traffic, 2–10.", default: 2, example: 3 },
    "unhealthyThreshold": { description: "Consecutive failures before a task is taken out, 2–10.", default: 3, example: 5 },
};

/** How the load balancer talks to a target: a web service's own, and each additional target. */
const TARGET_DOCS: Record<string, KeyDoc> = {
    targetProtocol: {
        description: "How the load balancer talks to the container: HTTPS encrypts that hop, e.g. to a TLS sidecar (the certificate is not verified, so a self-signed one is enough). A change replaces the target group, created beside the old one before the rule moves.",
        default: "HTTP",
        example: "HTTPS",
    },
    targetProtocolVersion: {
        description:
            "The HTTP version towards the targets. HTTP2 needs an HTTPS listener (a `domainName`), and the load balancer then forwards only requests that reach it over HTTP/2: an HTTP/1.1 request (an old client, a WebSocket upgrade) is answered 464. Keep HTTP1 for a port that serves WebSockets. A change replaces the target group, like `targetProtocol`.",
        default: "HTTP1",
        example: "HTTP2",
    },
    stickiness: { description: "Sticky sessions: a client keeps reaching the same task while its cookie lasts.", default: "off" },
    "stickiness.type": { description: "`lb_cookie`: the load balancer's own cookie; `app_cookie`: it follows the app's cookie (`cookieName`).", default: "lb_cookie", example: "app_cookie" },
    "stickiness.durationSeconds": { description: "Seconds a client stays with its task, 1–604800 (7 days).", default: 86400, example: 3600 },
    "stickiness.cookieName": { description: "With `app_cookie`: the app's cookie; not starting with AWSALB, AWSALBAPP or AWSALBTG, which are the load balancer's.", default: "required with `app_cookie`", example: "laravel_session" },
    slowStartSeconds: { description: "A new task's share of requests ramps up over this many seconds (warming caches, JIT): 30–900, or 0 for off.", default: 0, example: 60 },
};

/** `additionalTargets.<name>`: another port of the same tasks, behind the same load balancer. */
const additionalTarget: Record<string, KeyDoc> = {
    containerPort: { description: "The port: a port of one of the task's containers, not the service's own `containerPort` nor another target's.", example: 9000 },
    containerName: { description: "The container that listens on it.", default: "the container whose `ports` include `containerPort`", example: "nginx" },
    paths: { description: "Path patterns routed to this port (`*` and `?` wildcards). Give `paths`, `hosts` or both; a route that matches the same requests as another service's or target's is refused.", default: "every path of its hosts", example: ["/horizon", "/horizon/*"] },
    hosts: {
        description: "Host names routed to this port. They join the load balancer's certificate and get alias records like `aliases`, so they must be in `loadBalancer.hostedZoneName`; not on an internal service. Requests to them that the target's `paths` do not match go to the stack's default service.",
        default: "the service's `domainName` and `aliases`",
        example: ["ws.example.com"],
    },
    priority: { description: "Its listener-rule priority, 1–50000 (lower wins).", default: "derived from the route, like the service's", example: 120 },
    healthCheck: { description: "The load balancer's check of this port, with the keys and defaults of the service's `healthCheck` but `gracePeriodSeconds`, which is the service's for all its targets. A deploy waits until new tasks pass every target's check.", default: "`/` every 5 s, healthy after 2" },
    ...prefixed("healthCheck", HEALTH_CHECK_DOCS),
    "healthCheck.port": { description: "Check another port of the task; the load balancer is admitted to it too.", default: "the target's `containerPort`", example: 9001 },
    "healthCheck.protocol": { description: "The check's protocol; a different one than the target's on its own port is refused.", default: "the target's `targetProtocol`", example: "HTTP" },
    ...TARGET_DOCS,
};

export const WEB_SHAPE_DOCS: Record<string, KeyDoc> = {
    ...serviceShapes,
    ...prefixed("autoscaling", scalingSignals(false)),
    "healthCheck.port": { description: "Check another port of the task (a port of one of its containers); the load balancer is then admitted to that port too.", default: "the traffic port (`containerPort`)", example: 9000 },
    "healthCheck.protocol": { description: "The health check's protocol. A different protocol than the target's on the traffic port is refused (a TLS port does not answer plain HTTP).", default: "the `targetProtocol`", example: "HTTP" },
    ...TARGET_DOCS,
    additionalTargets: {
        description:
            "More ports of the service's tasks behind the same load balancer, by name (1–20 lower-case letters, digits and hyphens): each gets a target group, a listener rule by its `paths`/`hosts`, a health check, security-group rules from the load balancer and 5xx/unhealthy alarms of its own, and ECS registers every task in each. E.g. Horizon's dashboard on 9000 under `/horizon/*`, websockets on 6001. At most 4 (ECS attaches 5 target groups to a service); ROLLING deployments only. See [service shapes](service-shapes.md#load-balancer-targets).",
        default: "none",
        example: { horizon: { containerPort: 9000, paths: ["/horizon", "/horizon/*"] } },
    },
    ...prefixed("additionalTargets.<name>", additionalTarget),
};

export const WORKER_SHAPE_DOCS: Record<string, KeyDoc> = {
    ...serviceShapes,
    ...prefixed("scaling", scalingSignals(true)),
    deployment: { description: "How a deploy replaces the tasks: rolling percentages, or `singleton`.", default: "100 %/200 %, circuit breaker with rollback" },
    "deployment.minimumHealthyPercent": {
        description: "Tasks (percent of the count) that must keep running during a deploy, 0–100. ECS rounds it up and `maximumPercent` down: a pair that leaves no room for the count the worker may run is refused.",
        default: 100,
        example: 50,
    },
    "deployment.maximumPercent": { description: "Tasks (percent of the count) that may run during a deploy, 100–200; 100 starts no extra task.", default: 200, example: 100 },
};
