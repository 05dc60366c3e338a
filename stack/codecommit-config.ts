/**
 * The stack file's side of Pulumi Deployments from CodeCommit: the Git user name is plain config
 * (`deployments.gitUsername`); the Git password and the Pulumi token are top-level keys that must
 * be Pulumi secrets, so neither is ever in clear text in the stack file, the state or a message.
 */
import { Check, show } from "../components/internal/validation";
import { parseCodeCommitRepository } from "../components/platform/codecommit";
import { VcsProvider } from "../components/enums";
import { DeploymentsConfig } from "./schema";

/** Top-level keys that hold a secret of the CodeCommit deployments and must be stored with `--secret`. */
export const DEPLOYMENT_SECRET_KEYS = ["deploymentsGitPassword", "deploymentsPulumiToken"] as const;

/** A Basic-auth user name: printable ASCII without ":" (which would end the user name). */
const GIT_USERNAME = /^[\x21-\x39\x3b-\x7e]{1,256}$/;

/** The values of the secret keys, as the loader read them (never shown in a message). */
export interface DeploymentSecrets {
    gitPassword?: string;
    pulumiToken?: string;
}

/** Secret-only keys set in clear text: the message names the key and the fix, never the value. */
export function checkSecretOnlyKey(check: Check, project: string, key: string): void {
    check.fail(`is stored in clear text in the stack file; it is a credential: remove it and set it with \`pulumi config set --secret ${project}:${key} <value>\``);
}

/**
 * With `vcsProvider: codecommit`: a Git user name and password (HTTPS Git credentials of an IAM
 * user, see docs/deployments.md), the Pulumi token unless `pushToDeploy: false`, and a repository
 * ARN (when given) in the stack's region. Without it, none of these.
 */
export function checkCodeCommitConfig(check: Check, project: string, region: string, d: DeploymentsConfig | undefined, secrets: DeploymentSecrets): void {
    const at = (key: string) => check.at(`${project}:deployments`).at(key);
    const top = (key: string) => check.at(`${project}:${key}`);
    if (d?.vcsProvider !== VcsProvider.codecommit) {
        const why = `is set, but only deployments.vcsProvider: codecommit uses it${d ? ` (the provider is ${show(d.vcsProvider ?? "github")})` : " (there is no deployments key)"}`;
        if (d?.gitUsername !== undefined) at("gitUsername").fail(why);
        if (secrets.gitPassword !== undefined) top("deploymentsGitPassword").fail(why);
        if (secrets.pulumiToken !== undefined) top("deploymentsPulumiToken").fail(why);
        return;
    }
    if (d.gitUsername === undefined) at("gitUsername").fail('is missing; CodeCommit is cloned over HTTPS with an IAM user\'s Git credentials: give its user name (e.g. "deployer-at-123456789012")');
    else at("gitUsername").matches(d.gitUsername, GIT_USERNAME, "a Git user name (printable characters, no \":\")");
    if (secrets.gitPassword === undefined) top("deploymentsGitPassword").fail(`is missing; set the Git password of deployments.gitUsername with \`pulumi config set --secret ${project}:deploymentsGitPassword <password>\``);
    if ((d.pushToDeploy ?? true) && secrets.pulumiToken === undefined) {
        top("deploymentsPulumiToken").fail(`is missing; pushes start deployments through the Deployments API with a Pulumi access token: \`pulumi config set --secret ${project}:deploymentsPulumiToken <token>\` (or set deployments.pushToDeploy: false)`);
    }
    if (!d.pushToDeploy && d.pushToDeploy !== undefined && secrets.pulumiToken !== undefined) top("deploymentsPulumiToken").fail("is set, but deployments.pushToDeploy is false: nothing calls the Deployments API; remove it");
    const repo = parseCodeCommitRepository(d.repository);
    if (repo.region !== undefined && region !== "" && repo.region !== region) {
        at("repository").fail(`is in ${repo.region}, but the stack deploys to ${region} (aws:region); CodeCommit sends push events only to its own region's event bus, so the repository must be in the stack's region`);
    }
}
