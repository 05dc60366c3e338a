/**
 * What a container is handed at start: plain environment variables and secrets from Secrets
 * Manager or SSM (the execution role may read exactly those).
 */
import * as pulumi from "@pulumi/pulumi";
import { checkKmsKeyArn, checkSecretsManagerRef, checkSsmParameterRef } from "../internal/arns";
import { Check } from "../internal/validation";
import type { ContainerSpec } from "./containers";

/**
 * A secret injected as an environment variable. Give exactly one of `secretsManager` or `ssmParameter`.
 * The execution role is granted exactly `secretsmanager:GetSecretValue` / `ssm:GetParameters` on it.
 */
export interface SecretSpec {
    /**
     * A Secrets Manager secret: its name (`"laravel/prod/app"`, granted as `…:secret:laravel/prod/app-??????`)
     * or its full ARN including the 6-character suffix.
     * Default: none; set this or `ssmParameter`.
     * @default - none; set this or `ssmParameter`
     */
    secretsManager?: pulumi.Input<string> | undefined;
    /**
     * One key of a JSON secret, e.g. `"password"`.
     * Default: the whole secret string.
     * @default - the whole secret string
     */
    jsonKey?: string | undefined;
    /**
     * Version stage such as `"AWSPREVIOUS"`.
     * Default: "AWSCURRENT".
     * @default "AWSCURRENT"
     */
    versionStage?: string | undefined;
    /**
     * Version id. Not together with `versionStage`.
     * Default: current version.
     * @default - current version
     */
    versionId?: string | undefined;
    /**
     * An SSM parameter name (`"/app/prod/DB_URL"`) or full ARN.
     * Default: none; set this or `secretsManager`.
     * @default - none; set this or `secretsManager`
     */
    ssmParameter?: pulumi.Input<string> | undefined;
    /**
     * Customer-managed KMS key that encrypts the secret; adds `kms:Decrypt` on this key only.
     * Default: AWS-managed key.
     * @default - AWS-managed key
     */
    kmsKeyArn?: pulumi.Input<string> | undefined;
}

/** An environment variable name: letters, digits and "_", not starting with a digit. */
export const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** A container's `environment` and `secrets`: names, one source per variable, each secret's reference. */
export function checkEnvironment(check: Check, c: ContainerSpec): void {
    for (const key of Object.keys(c.environment ?? {})) {
        check.at("environment").at(key).matches(key, ENV_NAME, "an environment variable name (letters, digits, '_', not starting with a digit)");
    }
    for (const [key, s] of Object.entries(c.secrets ?? {})) {
        const sc = check.at("secrets").at(key);
        sc.matches(key, ENV_NAME, "an environment variable name (letters, digits, '_', not starting with a digit)");
        if (c.environment && key in c.environment) {
            sc.fail(`is also set in environment; a variable comes from one place only`);
        }
        checkSecretSpec(sc, s);
    }
}

export function checkSecretSpec(check: Check, s: SecretSpec): void {
    const hasSm = s.secretsManager !== undefined;
    const hasSsm = s.ssmParameter !== undefined;
    if (hasSm === hasSsm) {
        check.fail("must set exactly one of secretsManager or ssmParameter");
        return;
    }
    if (hasSm) {
        checkSecretsManagerRef(check.at("secretsManager"), s.secretsManager);
        if (s.versionStage !== undefined && s.versionId !== undefined) {
            check.fail("sets both versionStage and versionId; ECS accepts only one");
        }
    } else {
        checkSsmParameterRef(check.at("ssmParameter"), s.ssmParameter);
        for (const k of ["jsonKey", "versionStage", "versionId"] as const) {
            if (s[k] !== undefined) {
                check.at(k).fail("applies only to secretsManager secrets");
            }
        }
    }
    if (s.kmsKeyArn !== undefined) {
        checkKmsKeyArn(check.at("kmsKeyArn"), s.kmsKeyArn);
    }
}
