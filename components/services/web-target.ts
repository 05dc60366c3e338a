/**
 * How the load balancer talks to the service's target: protocol (HTTPS to a TLS sidecar) and HTTP
 * version, sticky sessions, and slow start. Rules from the AWS provider's target group
 * (internal/service/elbv2/target_group.go: slow_start 0 or 30–900, stickiness cookie_duration up
 * to 604800, protocol and protocol_version ForceNew) and ELB's API.
 */
import { StickinessType, TargetProtocol, TargetProtocolVersion } from "../enums";
import { Check, show } from "../internal/validation";

/** Sticky sessions: a client keeps reaching the same task while its cookie lasts. */
export interface WebStickinessArgs {
    /**
     * `lb_cookie`: the load balancer's own cookie (AWSALB). `app_cookie`: your app's cookie
     * (`cookieName`), which the load balancer follows with one of its own (AWSALBAPP).
     * Default: "lb_cookie".
     * @default "lb_cookie"
     */
    type?: StickinessType;
    /**
     * Seconds a client stays with its task, 1–604800 (7 days).
     * A whole number.
     * Default: 86400.
     * @default 86400
     */
    durationSeconds?: number | undefined;
    /**
     * With `app_cookie`: the app's cookie, e.g. `"laravel_session"`.
     * Default: required with app_cookie.
     * @default - required with app_cookie
     */
    cookieName?: string | undefined;
}

/** The target settings as the target group takes them. */
export interface ResolvedTarget {
    protocol: TargetProtocol;
    protocolVersion: TargetProtocolVersion;
    stickiness?: { type: StickinessType; durationSeconds: number; cookieName?: string | undefined } | undefined;
    slowStartSeconds: number;
}

export interface TargetSettings {
    targetProtocol?: TargetProtocol;
    targetProtocolVersion?: TargetProtocolVersion;
    stickiness?: WebStickinessArgs | undefined;
    slowStartSeconds?: number | undefined;
}

/** Cookie names ELB keeps for itself (ELB API: AppCookieName may not start with them). */
const RESERVED_COOKIES = ["AWSALB", "AWSALBAPP", "AWSALBTG"];
/** RFC 6265 cookie-name characters (a token): no separators, controls or spaces. */
const COOKIE_NAME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]{1,255}$/;

/** Checks the target settings. `https`: whether the listener is HTTPS (undefined: not known here). */
export function checkTargetSettings(check: Check, t: TargetSettings, https: boolean | undefined): void {
    check.at("targetProtocol").oneOf(t.targetProtocol, Object.values(TargetProtocol));
    check.at("targetProtocolVersion").oneOf(t.targetProtocolVersion, Object.values(TargetProtocolVersion));
    if (https === false && t.targetProtocolVersion === "HTTP2") {
        check.at("targetProtocolVersion").fail("is HTTP2, which ELB offers only behind an HTTPS listener; give the service a domainName (HTTPS), or use HTTP1");
    }
    const slow = t.slowStartSeconds;
    if (slow !== undefined && !(Number.isInteger(slow) && (slow === 0 || (slow >= 30 && slow <= 900)))) {
        check.at("slowStartSeconds").fail(`is ${show(slow)}; allowed: 0 (off) or a whole number from 30 to 900 seconds`);
    }
    const st = t.stickiness;
    if (st === undefined || !check.at("stickiness").object(st, "WebStickinessArgs")) return;
    const c = check.at("stickiness");
    c.at("type").oneOf(st.type, Object.values(StickinessType));
    c.at("durationSeconds").intRange(st.durationSeconds, 1, 604800, "seconds");
    if ((st.type ?? "lb_cookie") === "app_cookie") {
        if (st.cookieName === undefined) c.at("cookieName").fail("is missing; app_cookie follows the app's own cookie: give its name (e.g. \"laravel_session\")");
        else if (!c.at("cookieName").matches(st.cookieName, COOKIE_NAME, "a cookie name (letters, digits and !#$%&'*+-.^_`|~, at most 255)")) {
            // reported
        } else if (RESERVED_COOKIES.some((p) => st.cookieName!.startsWith(p))) c.at("cookieName").fail(`is ${show(st.cookieName)}; names starting with AWSALB, AWSALBAPP or AWSALBTG are the load balancer's own`);
    } else if (st.cookieName !== undefined) {
        c.at("cookieName").fail("applies to app_cookie; lb_cookie uses the load balancer's own cookie");
    }
}

export function resolveTarget(t: TargetSettings): ResolvedTarget {
    const st = t.stickiness;
    return {
        protocol: t.targetProtocol ?? "HTTP",
        protocolVersion: t.targetProtocolVersion ?? "HTTP1",
        stickiness: st ? { type: st.type ?? "lb_cookie", durationSeconds: st.durationSeconds ?? 86400, cookieName: st.cookieName } : undefined,
        slowStartSeconds: t.slowStartSeconds ?? 0,
    };
}
