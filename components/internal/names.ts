/**
 * Physical names that say which app and stack a resource belongs to (`shop-prod-web-tg`), so two
 * stacks or two apps in one account are told apart in the console, within AWS's name limits.
 */
import { createHash } from "crypto";
import * as pulumi from "@pulumi/pulumi";

const hash = (s: string, n = 6) => createHash("sha1").update(s).digest("hex").slice(0, n);

export interface NameOptions {
    /** AWS's limit for this name. */
    max: number;
    /** Lower-case only (S3 buckets, ECR repositories). */
    lower?: boolean | undefined;
    /**
     * What forces a replacement of the resource: a short hash of it ends the name, so a replacement
     * gets a new name and can be created before the old one is deleted.
     */
    replaceOn?: string | undefined;
}

/**
 * `<project>-<stack>-<logical>`, with characters AWS refuses turned into "-"; too long, it is cut
 * and a hash of the full name keeps it unique.
 */
export function physicalName(logical: string, options: NameOptions): string {
    let base = `${pulumi.getProject()}-${pulumi.getStack()}-${logical}`.replace(/[^A-Za-z0-9-]+/g, "-").replace(/-+/g, "-").replace(/^-|-$/g, "");
    if (options.lower) base = base.toLowerCase();
    const suffix = options.replaceOn !== undefined ? `-${hash(`${base}|${options.replaceOn}`, 4)}` : "";
    if (base.length + suffix.length > options.max) {
        base = `${base.slice(0, options.max - suffix.length - 7).replace(/-$/, "")}-${hash(base)}`;
    }
    return `${base}${suffix}`;
}

/** A prefix for names AWS completes with a unique suffix (IAM roles: 38, security groups: 100). */
export function namePrefix(logical: string, max: number): string {
    return `${physicalName(logical, { max: max - 1 })}-`;
}
