/**
 * Where a task's containers write their output: the awslogs driver into the task's log group
 * (retention, KMS key), or FireLens through a Fluent Bit router.
 */
import { Check, show } from "../internal/validation";
import { LogMode } from "../enums";
import { SecretSpec, checkSecretSpec } from "./secrets";

/** Options of the awslogs driver for one container. */
export interface ContainerLogging {
    /**
     * Streams are named `<prefix>/<container>/<task id>`.
     * Default: the component's name.
     * @default - the component's name
     */
    streamPrefix?: string | undefined;
    /**
     * A regular expression that starts a new log event; lines until the next match join it (stack
     * traces), e.g. `^\\[\\d{4}-` for Laravel's `[2026-12-03 10:00:00]` lines.
     * Default: one event per line.
     * @default - one event per line
     */
    multilinePattern?: string | undefined;
    /**
     * A strftime format that starts a new log event, e.g. `%Y-%m-%d %H:%M:%S` (instead of `multilinePattern`).
     * Default: one event per line.
     * @default - one event per line
     */
    datetimeFormat?: string | undefined;
    /**
     * `non-blocking`: the app never waits for CloudWatch, and a full buffer drops lines; `blocking`: no line is lost, and a slow CloudWatch stalls the app's writes.
     * Default: "non-blocking".
     * @default "non-blocking"
     */
    mode?: LogMode;
    /**
     * The non-blocking buffer, e.g. `"25m"` (bytes with k, m or g).
     * Default: "25m".
     * @default "25m"
     */
    maxBufferSize?: string | undefined;
    /**
     * Send this container's output through FireLens instead: a Fluent Bit log router added to the
     * task forwards it to `name` (a Fluent Bit output: `datadog`, `kinesis_firehose`, `s3`,
     * `cloudwatch_logs`, …). The router's own logs go to the task's log group. The task role needs
     * the destination's permissions (e.g. `firehose:PutRecordBatch`, in `taskRoleStatements`).
     * Default: the awslogs driver.
     * @default - the awslogs driver
     */
    fireLens?: FireLensOutput | undefined;
}

/** Where FireLens forwards a container's logs: a Fluent Bit output and its settings. */
export interface FireLensOutput {
    /** The Fluent Bit output plugin, e.g. `"datadog"`, `"kinesis_firehose"`, `"s3"`. */
    name: string;
    /**
     * Its settings, e.g. `{ Host: "http-intake.logs.datadoghq.eu", TLS: "on", dd_service: "shop" }`.
     * Default: none.
     * @default - none
     */
    options?: Record<string, string> | undefined;
    /**
     * Settings taken from Secrets Manager or SSM at task start, e.g. `{ apikey: { secretsManager: "datadog/api-key" } }`;
     * the execution role may read exactly these.
     * Default: none.
     * @default - none
     */
    secretOptions?: Record<string, SecretSpec> | undefined;
}

/** The memory (MiB) the FireLens log router reserves; it counts against the task's memory like any container's. */
export const LOG_ROUTER_MEMORY_RESERVATION = 50;

/** Retention values CloudWatch Logs accepts (PutRetentionPolicy). */
export const LOG_RETENTION_DAYS = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653] as const;
export const DEFAULT_LOG_RETENTION_DAYS = 30;
/** Log retention in production mode (`protect`): Security Hub CloudWatch.16 asks for at least 365 days. */
export const PROD_LOG_RETENTION_DAYS = 365;

/** One container's `logging`. */
export function checkLogging(check: Check, l: ContainerLogging | undefined): void {
    if (l === undefined || !check.object(l, "ContainerLogging")) return;
    check.at("streamPrefix").matches(l.streamPrefix, /^[^:*]{1,256}$/, "a stream prefix without ':' or '*' (at most 256 characters)");
    check.at("mode").oneOf(l.mode, Object.values(LogMode));
    check.at("maxBufferSize").matches(l.maxBufferSize, /^\d+[kmg]$/, 'a size such as "25m" (a number with k, m or g)');
    if (l.maxBufferSize !== undefined && l.mode === "blocking") check.at("maxBufferSize").fail('is set, but mode is "blocking", which has no buffer');
    if (l.multilinePattern !== undefined && l.datetimeFormat !== undefined) check.fail("sets both multilinePattern and datetimeFormat; the awslogs driver takes one (datetimeFormat wins), so give one");
    if (l.multilinePattern !== undefined) {
        try {
            new RegExp(l.multilinePattern);
        } catch (e) {
            check.at("multilinePattern").fail(`is ${show(l.multilinePattern)}, which is not a regular expression (${(e as Error).message})`);
        }
    }
    if (l.datetimeFormat !== undefined && !/%[a-zA-Z]/.test(l.datetimeFormat)) check.at("datetimeFormat").fail(`is ${show(l.datetimeFormat)}; expected a strftime format such as "%Y-%m-%d %H:%M:%S"`);
    if (l.fireLens !== undefined && check.at("fireLens").object(l.fireLens, "FireLensOutput: name, options, secretOptions")) {
        const f = check.at("fireLens");
        f.at("name").matches(l.fireLens.name, /^[a-z][a-z0-9_.-]*$/, 'a Fluent Bit output such as "datadog", "kinesis_firehose" or "s3"');
        if (l.fireLens.options && "Name" in l.fireLens.options) f.at("options").at("Name").fail("is set; the output is fireLens.name");
        for (const [key, secret] of Object.entries(l.fireLens.secretOptions ?? {})) {
            if (l.fireLens.options && key in l.fireLens.options) f.at("secretOptions").at(key).fail("is also in options; a setting comes from one place only");
            checkSecretSpec(f.at("secretOptions").at(key), secret);
        }
        const awslogsOnly = (["streamPrefix", "multilinePattern", "datetimeFormat", "mode", "maxBufferSize"] as const).filter((k) => l[k] !== undefined);
        if (awslogsOnly.length > 0) check.fail(`sets ${awslogsOnly.join(", ")} and fireLens; those are awslogs settings, which a FireLens container does not use`);
    }
}
