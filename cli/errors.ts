/**
 * Errors the command reports as one clear sentence (no stack trace), with the exit code it
 * returns: 1 something is unhealthy or failed, 2 a usage or setup problem.
 */
export class CliError extends Error {
    constructor(
        message: string,
        readonly exitCode = 2,
    ) {
        super(message);
        this.name = "CliError";
    }
}

/**
 * The AWS SDK's errors in the words of a person at a terminal: no credentials, expired ones, a
 * region where the stack's resources are not, or a permission the caller lacks.
 */
export function explainAwsError(error: unknown, where: { region: string; stackRegion?: string; what?: string; cluster?: string }): Error {
    if (error instanceof CliError) return error;
    const e = error as { name?: string; message?: string; Code?: string };
    const name = e?.name ?? e?.Code ?? "";
    const message = e?.message ?? String(error);
    if (name === "CredentialsProviderError" || /Could not load credentials|Unable to locate credentials/i.test(message)) {
        return new CliError(
            "no AWS credentials found: set AWS_PROFILE (after `aws sso login`), or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or run where a role is attached (the standard AWS credential chain)",
        );
    }
    if (["ExpiredToken", "ExpiredTokenException", "TokenRefreshRequired"].includes(name) || /token.*expired/i.test(message)) {
        return new CliError(`the AWS credentials have expired: ${message} (run \`aws sso login\` again, or refresh the session)`);
    }
    if (["UnrecognizedClientException", "InvalidClientTokenId", "InvalidSignatureException", "SignatureDoesNotMatch"].includes(name)) {
        return new CliError(`AWS refused the credentials (${name}): check AWS_PROFILE / AWS_ACCESS_KEY_ID, and that they belong to the stack's account`);
    }
    if (name === "ClusterNotFoundException" || name === "ServiceNotFoundException" || name === "ResourceNotFoundException") {
        const hint = where.stackRegion && where.stackRegion !== where.region ? `: the stack is in ${where.stackRegion}, not ${where.region}` : `: is the stack deployed in ${where.region}, with these credentials' account?`;
        const what = name === "ClusterNotFoundException" && where.cluster ? `cluster ${where.cluster}` : where.what ?? "a resource of the stack";
        return new CliError(`${what} was not found in ${where.region} (${name})${hint}`);
    }
    if (name === "AccessDeniedException" || name === "AccessDenied" || /not authorized to perform/i.test(message)) {
        return new CliError(`AWS denied a call: ${message}`);
    }
    return error instanceof Error ? error : new Error(message);
}
