/**
 * Pulumi Deployments from CodeCommit (examples/stacks/Pulumi.codecommit.yaml): the git source with
 * HTTPS Git credentials, the EventBridge push trigger calling the Deployments API, what the deploy
 * role and EventBridge's role may do, and the stack file's checks. Secrets never appear in clear.
 */
import * as assert from "assert";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import { ProgramRun, readStackFiles, resolveOutputs, runInMocks, runProgram } from "../tools/mock-runtime";
import { PROVIDER_CALLS, SERVICE_ROLE_CALLS } from "../tools/provider-calls";
import { allows, authorizationProblems, exampleResources } from "../tools/iam-check";
import { PulumiDeployments } from "../components/platform/deployments";
import { createPushTrigger, pushEventPattern } from "../components/platform/codecommit";
import { loadStackConfig } from "../stack/config";
import { TestParent, bothStacks, ofType, one, statements, throwsValidation } from "./support";

const EXAMPLE = path.join(__dirname, "..", "examples", "stacks", "Pulumi.codecommit.yaml");
const ACCOUNT = "123456789012";
const TAG = { "fargate-kit:imageTag": "3f2c1ab" };

describe("Pulumi Deployments from CodeCommit", function () {
    this.timeout(60000);
    let run: ProgramRun;
    before(async () => {
        run = await runProgram({ stack: "codecommit", stackFile: EXAMPLE, overrides: TAG });
    });

    it("clones the repository over HTTPS with Git credentials, without a VCS integration; the settings carry them only as a secret", () => {
        const settings = one(run.resources, "pulumiservice:index:DeploymentSettings");
        assert.strictEqual(settings.inputs.vcs, undefined, "no VCS integration: Pulumi has none for CodeCommit");
        // The password makes the SDK send the whole source context as a secret (encrypted in state).
        assert.strictEqual(settings.inputs.sourceContext, "[secret]");
        assert.strictEqual(settings.inputs.operationContext.oidc.aws.roleARN, "arn:aws:iam::123456789012:role/fargate-kit-deploy/fargate-kit-codecommit-deploy-role-0000000");
    });

    it("starts a deployment when the branch is created or moves in this repository, and only then", () => {
        const rule = one(run.resources, "aws:cloudwatch/eventRule:EventRule", "deploy-push");
        assert.strictEqual(rule.inputs.name, "fargate-kit-codecommit-deploy-on-push");
        assert.deepStrictEqual(JSON.parse(rule.inputs.eventPattern), {
            source: ["aws.codecommit"],
            "detail-type": ["CodeCommit Repository State Change"],
            resources: [`arn:aws:codecommit:us-east-1:${ACCOUNT}:shop-infra`],
            detail: { event: ["referenceCreated", "referenceUpdated"], referenceType: ["branch"], referenceName: ["main"] },
        });
        const target = one(run.resources, "aws:cloudwatch/eventTarget:EventTarget", "deploy-push");
        const destination = one(run.resources, "aws:cloudwatch/eventApiDestination:EventApiDestination");
        const role = one(run.resources, "aws:iam/role:Role", "deploy-events");
        assert.strictEqual(target.inputs.rule, "fargate-kit-codecommit-deploy-on-push");
        assert.strictEqual(target.inputs.arn, `arn:aws:events:us-east-1:${ACCOUNT}:api-destination/fargate-kit-codecommit-deploy-pulumi-api/1a2b3c4d-5e6f-4a1b-8c9d-0e1f2a3b4c5d`);
        assert.strictEqual(role.inputs.namePrefix, "fargate-kit-codecommit-deploy-events-");
        assert.strictEqual(target.inputs.roleArn, `arn:aws:iam::${ACCOUNT}:role/fargate-kit/fargate-kit/codecommit/fargate-kit-codecommit-deploy-events-0000000`);
        // The Deployments API's "create deployment": an update with the stack's settings (docs: /docs/pulumi-cloud/deployments/api).
        assert.deepStrictEqual(JSON.parse(target.inputs.input), { operation: "update", inheritSettings: true });
        assert.deepStrictEqual(target.inputs.retryPolicy, { maximumEventAgeInSeconds: 3600, maximumRetryAttempts: 20 });
        assert.deepStrictEqual(
            [destination.inputs.invocationEndpoint, destination.inputs.httpMethod, destination.inputs.invocationRateLimitPerSecond],
            ["https://api.pulumi.com/api/stacks/acme/fargate-kit/codecommit/deployments", "POST", 1],
        );
        const connection = one(run.resources, "aws:cloudwatch/eventConnection:EventConnection");
        assert.strictEqual(destination.inputs.connectionArn, `arn:aws:events:us-east-1:${ACCOUNT}:connection/fargate-kit-codecommit-deploy-pulumi-api/0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0`);
        assert.strictEqual(connection.inputs.authorizationType, "API_KEY");
        assert.strictEqual(connection.inputs.authParameters, "[secret]", "the token is a secret in state");
    });

    it("EventBridge's role: assumable only by this account's rule, may only call this destination, under the stack's path and boundary", () => {
        const role = one(run.resources, "aws:iam/role:Role", "deploy-events");
        assert.strictEqual(role.inputs.path, "/fargate-kit/fargate-kit/codecommit/");
        assert.strictEqual(role.inputs.permissionsBoundary, `arn:aws:iam::${ACCOUNT}:policy/fargate-kit-deploy/fargate-kit-codecommit-boundary`);
        assert.deepStrictEqual(JSON.parse(role.inputs.assumeRolePolicy).Statement, [
            {
                Effect: "Allow",
                Principal: { Service: "events.amazonaws.com" },
                Action: "sts:AssumeRole",
                Condition: { StringEquals: { "aws:SourceAccount": ACCOUNT }, ArnLike: { "aws:SourceArn": `arn:aws:events:us-east-1:${ACCOUNT}:rule/fargate-kit-codecommit-deploy-on-push` } },
            },
        ]);
        const granted = statements(one(run.resources, "aws:iam/rolePolicy:RolePolicy", "deploy-events").inputs.policy);
        const destination = `arn:aws:events:us-east-1:${ACCOUNT}:api-destination/fargate-kit-codecommit-deploy-pulumi-api/1a2b3c4d-5e6f-4a1b-8c9d-0e1f2a3b4c5d`;
        assert.deepStrictEqual(granted, [{ Effect: "Allow", Sid: "CallTheDeploymentsApi", Action: ["events:InvokeApiDestination"], Resource: [destination] }]);
        assert.deepStrictEqual(authorizationProblems(granted, "events role"), []);
        const boundary = statements(one(run.resources, "aws:iam/policy:Policy", "deploy-boundary").inputs.policy);
        assert.ok(allows(boundary, { action: "events:InvokeApiDestination", resources: [destination] }), "the boundary lets EventBridge's role call the stack's destination");
        assert.ok(!allows(boundary, { action: "events:InvokeApiDestination", resources: [`arn:aws:events:us-east-1:${ACCOUNT}:api-destination/billing-prod-hook/1a2b`] }), "and no other");
        // What EventBridge calls with the role (the call table's service calls), on the stack's destination: role and boundary allow it.
        const trusted = JSON.parse(role.inputs.assumeRolePolicy).Statement[0].Principal.Service;
        for (const call of SERVICE_ROLE_CALLS[trusted]) {
            const request = { action: call.action, resources: exampleResources(call.action, call.resourceType, (n) => ({ Partition: "aws", Region: "us-east-1", Account: ACCOUNT, ApiDestinationName: "fargate-kit-codecommit-deploy-pulumi-api/1a2b3c4d-5e6f-4a1b-8c9d-0e1f2a3b4c5d" } as Record<string, string>)[n]) };
            assert.ok(allows(granted, request) && allows(boundary, request), `${call.action} on ${request.resources}`);
        }
    });

    it("the deploy role may make every call the provider makes for the trigger, on the stack's own connection and destination only", () => {
        const policy = statements(one(run.resources, "aws:iam/rolePolicy:RolePolicy", "deploy-role").inputs.policy);
        const names = { ConnectionName: "fargate-kit-codecommit-deploy-pulumi-api/0f1e2d3c", ApiDestinationName: "fargate-kit-codecommit-deploy-pulumi-api/1a2b3c4d", RuleName: "fargate-kit-codecommit-deploy-on-push", RoleNameWithPath: "fargate-kit/fargate-kit/codecommit/fargate-kit-codecommit-deploy-events-0000000" };
        const fill = (n: string) => ({ Partition: "aws", Region: "us-east-1", Account: ACCOUNT, ...names } as Record<string, string>)[n];
        const denied: string[] = [];
        for (const type of ["aws:cloudwatch/eventConnection:EventConnection", "aws:cloudwatch/eventApiDestination:EventApiDestination", "aws:cloudwatch/eventRule:EventRule", "aws:cloudwatch/eventTarget:EventTarget"]) {
            assert.ok(ofType(run.resources, type).length > 0, type);
            for (const call of PROVIDER_CALLS[type]) {
                const resources = call.resource ? [call.resource({ partition: "aws", accountId: ACCOUNT })] : exampleResources(call.action, call.resourceType, fill);
                if (!allows(policy, { action: call.action, resources, context: call.context })) denied.push(`${type}: ${call.action} on ${resources.join(", ")}`);
            }
        }
        assert.deepStrictEqual(denied, []);
        const other = (kind: string) => `arn:aws:events:us-east-1:${ACCOUNT}:${kind}/billing-prod-hook/1a2b`;
        for (const action of ["events:UpdateConnection", "events:DeleteConnection"]) assert.ok(!allows(policy, { action, resources: [other("connection")] }), action);
        assert.ok(!allows(policy, { action: "events:UpdateApiDestination", resources: [other("api-destination")] }));
        assert.ok(!allows(policy, { action: "events:InvokeApiDestination", resources: [other("api-destination")] }), "the deploy role itself never calls an API destination");
    });

    it("keeps the Git password and the Pulumi token secret, and sends the token as `Authorization: token …`", async () => {
        const { resources, result } = await runInMocks(() => {
            const d = new PulumiDeployments("deploy", { organization: "acme", repository: "shop-infra", vcsProvider: "codecommit", branch: "prod", repoDir: "infra", gitCredentials: { username: "deployer-at-123456789012", password: "gitpass-0123" }, pulumiAccessToken: "pul-abcdef" });
            return d;
        });
        assert.doesNotMatch(JSON.stringify(resources), /gitpass-0123|pul-abcdef/);
        const source = (result.settings as unknown as { sourceContext: pulumi.Output<any> }).sourceContext;
        assert.strictEqual(await pulumi.isSecret(source), true);
        assert.deepStrictEqual(await resolveOutputs(source), {
            git: { branch: "refs/heads/prod", repoDir: "infra", repoUrl: "https://git-codecommit.us-east-1.amazonaws.com/v1/repos/shop-infra", gitAuth: { basicAuth: { username: "deployer-at-123456789012", password: "gitpass-0123" } } },
        });
        const rule = one(resources, "aws:cloudwatch/eventRule:EventRule");
        assert.deepStrictEqual(JSON.parse(rule.inputs.eventPattern).detail.referenceName, ["prod"]);

        const trigger = await runInMocks(() => createPushTrigger("t", { organization: "acme", project: "shop", stack: "prod", branch: "main", repositoryArn: "arn:aws:codecommit:us-east-1:123456789012:shop", pulumiAccessToken: "pul-abcdef", rolePath: "/fargate-kit/shop/prod/", permissionsBoundary: "arn:aws:iam::123456789012:policy/b" }, new TestParent()));
        const auth = trigger.result.connection.authParameters;
        assert.strictEqual(await pulumi.isSecret(auth), true);
        assert.deepStrictEqual(await resolveOutputs(auth.apiKey), { key: "Authorization", value: "token pul-abcdef" });
        assert.doesNotMatch(JSON.stringify(trigger.resources), /pul-abcdef/);
    });

    it("with pushToDeploy: false, creates no trigger and grants nothing for one", async () => {
        const manual = await runProgram({ stack: "codecommit", stackFile: EXAMPLE, overrides: { ...TAG, "fargate-kit:deployments": { organization: "acme", vcsProvider: "codecommit", repository: "shop-infra", gitUsername: "u-at-1", pushToDeploy: false }, "fargate-kit:deploymentsPulumiToken": undefined } });
        for (const type of ["aws:cloudwatch/eventConnection:EventConnection", "aws:cloudwatch/eventApiDestination:EventApiDestination"]) assert.deepStrictEqual(ofType(manual.resources, type), [], type);
        assert.ok(!ofType(manual.resources, "aws:cloudwatch/eventRule:EventRule").some((r) => r.name === "deploy-push"));
        const sids = statements(one(manual.resources, "aws:iam/rolePolicy:RolePolicy", "deploy-role").inputs.policy).map((s) => s.Sid);
        assert.ok(!sids.includes("DeployOnPush") && !sids.includes("ApiDestinationsServiceLinkedRole"), sids.join(", "));
        assert.ok(!statements(one(manual.resources, "aws:iam/policy:Policy", "deploy-boundary").inputs.policy).some((s) => s.Sid === "StackApiDestinations"));
    });

    it("the GitHub stacks get neither the trigger's grants nor its boundary statement", async () => {
        const { stage } = await bothStacks();
        const sids = statements(one(stage.resources, "aws:iam/rolePolicy:RolePolicy", "deploy-role").inputs.policy).map((s) => s.Sid);
        assert.ok(!sids.includes("DeployOnPush") && !sids.includes("ApiDestinationsServiceLinkedRole"), sids.join(", "));
        assert.ok(statements(one(run.resources, "aws:iam/rolePolicy:RolePolicy", "deploy-role").inputs.policy).some((s) => s.Sid === "DeployOnPush"));
        assert.ok(!statements(one(stage.resources, "aws:iam/policy:Policy", "deploy-boundary").inputs.policy).some((s) => s.Sid === "StackApiDestinations"));
    });
});

describe("CodeCommit deployments in the stack file", () => {
    const raw = readStackFiles(path.join(__dirname, ".."), "codecommit", {}, EXAMPLE);
    const secretKeys = new Set(raw.secretKeys);
    const load = (changes: Record<string, string | undefined>, secret: (k: string) => boolean = (k) => secretKeys.has(k)) => {
        const config = { ...raw.config, ...changes };
        for (const [k, v] of Object.entries(changes)) if (v === undefined) delete config[k];
        return loadStackConfig(config as Record<string, string>, {}, "fargate-kit", "codecommit", secret);
    };
    const deployments = (d: Record<string, unknown>) => ({ "fargate-kit:deployments": JSON.stringify({ organization: "acme", vcsProvider: "codecommit", repository: "shop-infra", gitUsername: "u-at-1", ...d }) });

    it("reads the example: the Git user name in the file, the password and the token as secrets", () => {
        const config = load({});
        assert.strictEqual(config.deployments?.gitUsername, "shop-deployer-at-123456789012");
        assert.deepStrictEqual(config.deploymentSecrets, { gitPassword: "[secret]", pulumiToken: "[secret]" });
    });

    it("refuses a Git password or token in clear text, without repeating it", () => {
        const e = throwsValidation(
            () => load({ "fargate-kit:deploymentsGitPassword": "hunter2-clear" }, (k) => k !== "fargate-kit:deploymentsGitPassword" && secretKeys.has(k)),
            "fargate-kit:deploymentsGitPassword: is stored in clear text in the stack file; it is a credential: remove it and set it with `pulumi config set --secret fargate-kit:deploymentsGitPassword <value>`",
        );
        assert.doesNotMatch(e.message, /hunter2-clear/);
    });

    it("names every missing or misplaced piece at its key", () => {
        throwsValidation(() => load({ ...deployments({ gitUsername: undefined }) }), "fargate-kit:deployments.gitUsername: is missing; CodeCommit is cloned over HTTPS");
        throwsValidation(() => load({ "fargate-kit:deploymentsGitPassword": undefined }), "fargate-kit:deploymentsGitPassword: is missing; set the Git password of deployments.gitUsername with `pulumi config set --secret fargate-kit:deploymentsGitPassword <password>`");
        throwsValidation(() => load({ "fargate-kit:deploymentsPulumiToken": undefined }), "fargate-kit:deploymentsPulumiToken: is missing; pushes start deployments through the Deployments API");
        throwsValidation(() => load(deployments({ paths: ["infra/**"] })), "fargate-kit:deployments.paths: is set, but CodeCommit's push events do not list the files a push changed");
        throwsValidation(() => load(deployments({ previewPullRequests: true })), "fargate-kit:deployments.previewPullRequests: is true, but Pulumi Deployments previews pull requests only through its VCS integrations");
        throwsValidation(() => load(deployments({ repository: "shop-infra.git" })), 'fargate-kit:deployments.repository: is "shop-infra.git"; allowed: a CodeCommit repository name');
        throwsValidation(() => load(deployments({ repository: "arn:aws:codecommit:eu-west-1:123456789012:shop-infra" })), "fargate-kit:deployments.repository: is in eu-west-1, but the stack deploys to us-east-1 (aws:region)");
        throwsValidation(() => load(deployments({ repository: "arn:aws:codecommit:us-east-1:shop-infra" })), 'fargate-kit:deployments.repository: is "arn:aws:codecommit:us-east-1:shop-infra"; allowed: a CodeCommit repository ARN');
        throwsValidation(() => load(deployments({ gitUsername: "user:name" })), 'fargate-kit:deployments.gitUsername: is "user:name"; allowed: a Git user name');
        // GitHub: the CodeCommit keys have nothing to do.
        throwsValidation(
            () => load({ "fargate-kit:deployments": JSON.stringify({ organization: "acme", repository: "acme/shop", gitUsername: "u" }) }),
            'fargate-kit:deployments.gitUsername: is set, but only deployments.vcsProvider: codecommit uses it (the provider is "github")',
            'fargate-kit:deploymentsGitPassword: is set, but only deployments.vcsProvider: codecommit uses it',
            'fargate-kit:deploymentsPulumiToken: is set, but only deployments.vcsProvider: codecommit uses it',
        );
        // A repository ARN in the stack's region is fine.
        load(deployments({ repository: "arn:aws:codecommit:us-east-1:123456789012:shop-infra" }));
    });

    it("the library refuses what it cannot build, naming the arg; a repository in another account fails before anything is created", async () => {
        throwsValidation(() => new PulumiDeployments("d", { organization: "acme", repository: "shop-infra", vcsProvider: "codecommit" }), 'PulumiDeployments "d"', "gitCredentials: is missing", "pulumiAccessToken: is missing");
        throwsValidation(() => new PulumiDeployments("d", { organization: "acme", repository: "acme/shop", gitCredentials: { username: "u", password: "p" } }), "gitCredentials: is set, but only a CodeCommit repository is cloned with Git credentials");
        await assert.rejects(
            runInMocks(() => new PulumiDeployments("d", { organization: "acme", repository: "arn:aws:codecommit:us-east-1:999999999999:shop", vcsProvider: "codecommit", gitCredentials: { username: "u", password: "p" }, pulumiAccessToken: "t" })),
            /repository "arn:aws:codecommit:us-east-1:999999999999:shop" is in 999999999999\/us-east-1, but the stack deploys to 123456789012\/us-east-1/,
        );
    });

    it("the event pattern names the branch without refs/heads/ (CodeCommit's referenceName)", async () => {
        assert.deepStrictEqual(JSON.parse((await resolveOutputs(pushEventPattern("arn:aws:codecommit:us-east-1:1:r", "release/2026"))) as string).detail.referenceName, ["release/2026"]);
    });
});
