import * as assert from "assert";
import * as pulumi from "@pulumi/pulumi";
import { PulumiDeployments } from "../components/platform/deployments";
import { DEPLOYER_ACTIONS_ON_ANY_RESOURCE } from "../components/internal/deployer-policy";
import { ProgramRun, runInMocks, runProgram } from "../tools/mock-runtime";
import { evaluateControls } from "../plan/controls";
import { PolicyStatement, allows } from "../tools/iam-check";
import { containerDefs, one, ofType, statements, throwsValidation, bothStacks } from "./support";

const TAG = { "fargate-kit:imageTag": "3f2c1ab" };

describe("Pulumi Deployments on push", () => {
    let stage: ProgramRun;
    let prod: ProgramRun;
    before(async () => {
        ({ stage, prod } = await bothStacks());
    });

    it("manages the stack's own DeploymentSettings with vcs, branch, path filters and OIDC credentials", () => {
        const settings = one(stage.resources, "pulumiservice:index:DeploymentSettings");
        assert.deepStrictEqual(
            [settings.inputs.organization, settings.inputs.project, settings.inputs.stack],
            ["acme", "fargate-kit", "stage"],
        );
        assert.deepStrictEqual(settings.inputs.vcs, {
            provider: "github",
            repository: "acme/laravel-app",
            deployCommits: true,
            previewPullRequests: true,
            pullRequestTemplate: false,
            paths: ["infra/Pulumi.yaml", "infra/Pulumi.stage.yaml", "infra/index.ts", "infra/components/**", "infra/stack/**", "infra/package.json", "infra/package-lock.json"],
        });
        assert.strictEqual(settings.inputs.github, undefined, "the deprecated github block is not used");
        assert.deepStrictEqual(settings.inputs.sourceContext, { git: { branch: "refs/heads/main", repoDir: "infra" } });
        assert.deepStrictEqual(settings.inputs.operationContext.oidc, {
            aws: { roleARN: "arn:aws:iam::123456789012:role/fargate-kit-deploy/fargate-kit-stage-deploy-role-0000000", sessionName: "pulumi-deployments", duration: "1h" },
        });
        assert.strictEqual(one(prod.resources, "pulumiservice:index:DeploymentSettings").inputs.sourceContext.git.branch, "refs/heads/release");
        // Two pushes close together: the older commit's deployment, queued behind, is skipped, never run last.
        assert.deepStrictEqual(settings.inputs.operationContext.options, { skipIntermediateDeployments: true });
    });

    it("trusts only this organization's deployments of this project and stack", () => {
        for (const run of [stage, prod]) {
            const role = one(run.resources, "aws:iam/role:Role", "deploy-role");
            assert.deepStrictEqual(JSON.parse(role.inputs.assumeRolePolicy).Statement, [
                {
                    Effect: "Allow",
                    Principal: { Federated: "arn:aws:iam::123456789012:oidc-provider/api.pulumi.com/oidc" },
                    Action: "sts:AssumeRoleWithWebIdentity",
                    Condition: {
                        StringEquals: { "api.pulumi.com/oidc:aud": "acme" },
                        StringLike: { "api.pulumi.com/oidc:sub": `pulumi:deploy:org:acme:project:fargate-kit:stack:${run.stack}:operation:*:scope:write` },
                    },
                },
            ]);
        }
        const provider = one(stage.resources, "aws:iam/openIdConnectProvider:OpenIdConnectProvider", "deploy-oidc");
        assert.deepStrictEqual([provider.inputs.url, provider.inputs.clientIdLists], ["https://api.pulumi.com/oidc", ["acme"]]);
    });

    const natRun = () => runProgram({ stack: "prod", overrides: { "fargate-kit:imageTag": "3f2c1ab", "fargate-kit:network": { availabilityZones: 2, nat: "instance" } } });

    it("gives the deploy role what a fargate-kit stack needs, scoped to its account and region", async () => {
        const policy = statements(one(prod.resources, "aws:iam/rolePolicy:RolePolicy", "deploy-role").inputs.policy);
        for (const s of policy) {
            for (const a of s.Action) assert.ok(!a.endsWith(":*") && a !== "*", `${s.Sid}: wildcard action ${a}`);
            if (s.Sid === "ReadAnywhere") {
                assert.deepStrictEqual(s.Resource, ["*"]);
                assert.deepStrictEqual(s.Action, [...DEPLOYER_ACTIONS_ON_ANY_RESOURCE]);
                continue;
            }
            if (s.Sid === "CreateEncryptedFileSystems") {
                // CreateFileSystem has no resource type: on "*", encrypted file systems only.
                assert.deepStrictEqual([s.Action, s.Resource, (s as any).Condition], [["elasticfilesystem:CreateFileSystem"], ["*"], { Bool: { "elasticfilesystem:Encrypted": "true" } }]);
                continue;
            }
            if (s.Sid === "FindRunningMigrations") {
                // Fargate's ListTasks is evaluated on "*": only the stack's clusters, by condition.
                assert.deepStrictEqual([s.Action, s.Resource, (s as any).Condition], [["ecs:ListTasks"], ["*"], { ArnLike: { "ecs:cluster": "arn:aws:ecs:us-east-1:123456789012:cluster/fargate-kit-prod-*" } }]);
                continue;
            }
            for (const r of s.Resource) assert.match(r, /^arn:aws:[a-z0-9-]+:(us-east-1)?:(123456789012)?:|^arn:aws:iam::123456789012:|^arn:aws:s3:::\*$|^arn:aws:route53:::/, `${s.Sid}: ${r}`);
        }
        const passRole = policy.find((s) => s.Sid === "PassStackRoles") as any;
        assert.deepStrictEqual(passRole.Condition, { StringEquals: { "iam:PassedToService": ["ecs-tasks.amazonaws.com", "ecs.amazonaws.com", "scheduler.amazonaws.com", "logs.amazonaws.com"] } });
        assert.deepStrictEqual(passRole.Resource, ["arn:aws:iam::123456789012:role/fargate-kit/fargate-kit/prod/*"]);
        // NAT instances: a role passed without a service only into the stack's NAT profile; groups only of the stack's names.
        // Prod runs NAT gateways: nothing of the NAT instances' launch, group, profile or role.
        assert.deepStrictEqual(policy.filter((s) => /Nat|InstanceProfiles/.test(s.Sid ?? "")).map((s) => s.Sid), []);
        assert.ok(!policy.some((s) => s.Action.includes("ec2:RunInstances")), "no ec2:RunInstances without NAT instances");
        // With NAT instances: only through a launch template, groups of the stack's names, the NAT role alone to EC2.
        const nat = statements(one((await natRun()).resources, "aws:iam/rolePolicy:RolePolicy", "deploy-role").inputs.policy);
        const bySid = (sid: string) => nat.find((s) => s.Sid === sid) as any;
        assert.deepStrictEqual(bySid("LaunchNatInstances").Condition, { ArnLike: { "ec2:LaunchTemplate": "arn:aws:ec2:us-east-1:123456789012:launch-template/*" } });
        assert.deepStrictEqual([bySid("PassNatRoleToEc2").Resource, bySid("PassNatRoleToEc2").Condition], [["arn:aws:iam::123456789012:role/fargate-kit/fargate-kit/prod/nat/*"], { StringEquals: { "iam:PassedToService": "ec2.amazonaws.com" } }]);
        assert.deepStrictEqual(bySid("PutNatRoleInProfile").Resource, ["arn:aws:iam::123456789012:role/fargate-kit/fargate-kit/prod/nat/*"]);
        assert.deepStrictEqual(bySid("NatInstanceGroups").Resource, ["arn:aws:autoscaling:us-east-1:123456789012:autoScalingGroup:*:autoScalingGroupName/fargate-kit-prod-*"]);
        assert.deepStrictEqual(bySid("StackInstanceProfiles").Resource, ["arn:aws:iam::123456789012:instance-profile/fargate-kit/fargate-kit/prod/*"]);
        // Reads only: nothing that changes an existing resource is granted on "*".
        for (const a of DEPLOYER_ACTIONS_ON_ANY_RESOURCE) assert.match(a, /:(Describe|List|Get)|^ecs:(CreateCluster|RegisterTaskDefinition|DeregisterTaskDefinition)$|^acm:RequestCertificate$|^ecr:GetAuthorizationToken$|^servicediscovery:(CreateHttpNamespace|TagResource|UntagResource)$/, a);
        assert.deepStrictEqual(evaluateControls(prod.resources).filter((c) => c.status === "fail"), []);
    });

    it("adopts an existing OIDC provider instead of creating a second one", async () => {
        const arn = "arn:aws:iam::123456789012:oidc-provider/api.pulumi.com/oidc";
        const run = await runProgram({ stack: "prod", overrides: { ...TAG, "fargate-kit:deployments": { organization: "acme", repository: "acme/laravel-app", oidcProviderArn: arn } } });
        assert.deepStrictEqual(ofType(run.resources, "aws:iam/openIdConnectProvider:OpenIdConnectProvider").map((p) => p.name), ["app-ci-oidc"]);
        assert.strictEqual(JSON.parse(one(run.resources, "aws:iam/role:Role", "deploy-role").inputs.assumeRolePolicy).Statement[0].Principal.Federated, arn);
    });

    it("keeps secret deployment environment variables secret", async () => {
        const run = await runInMocks(
            () =>
                new PulumiDeployments("deploy", {
                    organization: "acme",
                    repository: "acme/app",
                    environmentVariables: { SLACK_TOKEN: pulumi.secret("xoxb-1"), REGION: "us-east-1" },
                    pushToDeploy: false,
                }),
        );
        const settings = one(run.resources, "pulumiservice:index:DeploymentSettings");
        assert.strictEqual(settings.inputs.vcs.deployCommits, false);
        // The SDK sends the whole operation context as a secret (encrypted in state); the recorder,
        // and so the plan, shows it redacted.
        assert.strictEqual(settings.inputs.operationContext, "[secret]");
        assert.doesNotMatch(JSON.stringify(run.resources), /xoxb-1/);
    });

    it("rejects bad deployment settings, naming the field", () => {
        throwsValidation(() => new PulumiDeployments("d1", { organization: "acme", repository: "laravel-app" }), 'PulumiDeployments "d1": repository: is "laravel-app"; allowed: a repository such as "acme/laravel-app"');
        throwsValidation(() => new PulumiDeployments("d2", { organization: "acme", repository: "acme/app", branch: "refs/heads/main" }), 'branch: is "refs/heads/main"; allowed: a branch name such as "main" (without "refs/heads/")');
        throwsValidation(() => new PulumiDeployments("d3", { organization: "acme", repository: "acme/app", sessionDuration: "1 hour" }), 'sessionDuration: is "1 hour"; allowed: a duration such as "1h"');
    });
});

describe("the bootstrap's resources on a push", () => {
    it("keep the tags they were created with: the deploy role may not tag itself, its boundary or the OIDC providers, so a change of the stack's tags would fail the push", async () => {
        const { prod } = await bothStacks();
        const bootstrap = [
            ["aws:iam/role:Role", "deploy-role", "iam:TagRole", "arn:aws:iam::123456789012:role/fargate-kit-deploy/fargate-kit-prod-deploy-role-0000000"],
            ["aws:iam/policy:Policy", "deploy-boundary", "iam:TagPolicy", "arn:aws:iam::123456789012:policy/fargate-kit-deploy/fargate-kit-prod-boundary"],
            ["aws:iam/openIdConnectProvider:OpenIdConnectProvider", "deploy-oidc", "iam:TagOpenIDConnectProvider", "arn:aws:iam::123456789012:oidc-provider/api.pulumi.com/oidc"],
            ["aws:iam/openIdConnectProvider:OpenIdConnectProvider", "app-ci-oidc", "iam:TagOpenIDConnectProvider", "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com"],
        ];
        const policy = statements(one(prod.resources, "aws:iam/rolePolicy:RolePolicy", "deploy-role").inputs.policy) as PolicyStatement[];
        for (const [type, name, action, arn] of bootstrap) {
            const r = one(prod.resources, type, name);
            assert.ok(Object.keys(r.inputs.tags ?? {}).length > 0, `${name} is tagged`);
            assert.deepStrictEqual(r.ignoreChanges, ["tags"], name);
            assert.strictEqual(allows(policy, { action, resources: [arn] }), false, `${action} on ${name}`);
        }
        // Every role the stack makes keeps following the stack's tags: the deploy role may tag those.
        assert.ok(ofType(prod.resources, "aws:iam/role:Role").filter((r) => r.name !== "deploy-role").every((r) => r.ignoreChanges === undefined));
    });
});

describe("image flow", () => {
    const webImage = (run: ProgramRun) => containerDefs(one(run.resources, "aws:ecs/taskDefinition:TaskDefinition", "web-task"))[0].image;

    it("runs the tag CI gives in $IMAGE_TAG or config, and exports it", async () => {
        const run = await runProgram({ stack: "stage", overrides: { "fargate-kit:imageTag": "9a8b7c6" } });
        assert.strictEqual(webImage(run), "123456789012.dkr.ecr.us-east-1.amazonaws.com/fargate-kit-stage-app:9a8b7c6");
        assert.strictEqual(run.outputs.imageTag, "9a8b7c6");
    });

    it("keeps the deployed tag when a deploy carries none (an infrastructure-only push does not drop the services)", async () => {
        const run = await runProgram({ stack: "stage", previousOutputs: { imageTag: "1111111" } });
        assert.strictEqual(webImage(run), "123456789012.dkr.ecr.us-east-1.amazonaws.com/fargate-kit-stage-app:1111111");
        assert.strictEqual(one(run.resources, "pulumi:pulumi:StackReference").inputs.name, "organization/fargate-kit/stage");
    });

    it("on the very first deploy, without any tag, creates the repository and no services yet", async () => {
        const run = await runProgram({ stack: "stage" });
        assert.strictEqual(ofType(run.resources, "aws:ecr/repository:Repository").length, 1);
        assert.strictEqual(ofType(run.resources, "aws:ecs/service:Service").length, 0);
        assert.strictEqual(run.outputs.imageTag, undefined);
    });

    it("a rollback is a deploy of an earlier tag: only the task definitions change", async () => {
        const a = await runProgram({ stack: "prod", overrides: { "fargate-kit:imageTag": "2222222" } });
        const b = await runProgram({ stack: "prod", overrides: { "fargate-kit:imageTag": "1111111" } });
        const changed = a.resources.filter((r, i) => JSON.stringify(r.inputs) !== JSON.stringify(b.resources[i].inputs)).map((r) => `${r.type.split(":").pop()} ${r.name}`);
        // The migration and the scheduler run the same image: their task definitions change too.
        assert.deepStrictEqual(changed.sort(), ["TaskDefinition migrate-task", "TaskDefinition scheduler-task", "TaskDefinition web-task", "TaskDefinition worker-task"]);
    });

    it("lets the app repository's CI push to this repository only, through OIDC", () => {
        return bothStacks().then(({ stage: run }) => {
            const provider = one(run.resources, "aws:iam/openIdConnectProvider:OpenIdConnectProvider", "app-ci-oidc");
            assert.deepStrictEqual([provider.inputs.url, provider.inputs.clientIdLists], ["https://token.actions.githubusercontent.com", ["sts.amazonaws.com"]]);
            const trust = JSON.parse(one(run.resources, "aws:iam/role:Role", "app-ci-push").inputs.assumeRolePolicy).Statement[0];
            assert.deepStrictEqual(trust.Condition, {
                StringEquals: { "token.actions.githubusercontent.com:aud": "sts.amazonaws.com" },
                StringLike: { "token.actions.githubusercontent.com:sub": ["repo:acme/laravel-app:ref:refs/heads/main"] },
            });
            const push = statements(one(run.resources, "aws:iam/rolePolicy:RolePolicy", "app-ci-push").inputs.policy);
            assert.deepStrictEqual(push.find((s) => s.Sid === "PushHere")!.Resource, ["arn:aws:ecr:us-east-1:123456789012:repository/fargate-kit-stage-app"]);
            assert.strictEqual(run.outputs.ciPushRoleArn, "arn:aws:iam::123456789012:role/fargate-kit/fargate-kit/stage/fargate-kit-stage-app-ci-push-0000000");
        });
    });

    it("trusts GitLab CI by project path and branch", async () => {
        const run = await runProgram({ stack: "stage", overrides: { ...TAG, "fargate-kit:app": { ciPush: { provider: "gitlab", repository: "acme/site", branches: ["main", "release/*"] } } } });
        const trust = JSON.parse(one(run.resources, "aws:iam/role:Role", "app-ci-push").inputs.assumeRolePolicy).Statement[0];
        assert.deepStrictEqual(trust.Condition.StringLike, { "gitlab.com:sub": ["project_path:acme/site:ref_type:branch:ref:main", "project_path:acme/site:ref_type:branch:ref:release/*"] });
    });
});

describe("CI examples for an app repository", () => {
    const fs = require("fs") as typeof import("fs");
    const YAML = require("yaml") as typeof import("yaml");
    const read = (f: string) => fs.readFileSync(require("path").join(__dirname, "..", "examples", "ci", f), "utf8");

    it("GitHub Actions: OIDC push role, build and push by commit tag, deploy with IMAGE_TAG", () => {
        const wf = YAML.parse(read("github-actions.yml"));
        assert.strictEqual(wf.permissions["id-token"], "write");
        const image = wf.jobs.image.steps;
        assert.ok(image.some((s: any) => s.uses?.startsWith("aws-actions/configure-aws-credentials") && s.with["role-to-assume"] === "${{ vars.CI_PUSH_ROLE_ARN }}"));
        assert.ok(image.some((s: any) => /docker buildx build --platform .* --push -t "\$image" \./.test(s.run ?? "")));
        assert.deepStrictEqual(wf.jobs.deploy.needs, "image");
        assert.match(wf.jobs.deploy.steps[1].run, /"IMAGE_TAG": "\$\{\{ needs\.image\.outputs\.tag \}\}"/);
    });

    it("every CI example deploys only its branch's newest commit (an older build finishing last must not win)", () => {
        const wf = YAML.parse(read("github-actions.yml"));
        assert.match(wf.jobs.deploy.steps[0].run, /gh api "repos\/\$\{\{ github\.repository \}\}\/commits\/\$\{\{ github\.ref_name \}\}" --jq \.sha/);
        assert.strictEqual(wf.jobs.deploy.steps[1].if, "steps.newest.outputs.skip != 'true'");
        const gitlab = YAML.parse(read("gitlab-ci.yml"));
        assert.deepStrictEqual([gitlab.deploy.environment, gitlab.deploy.resource_group], ["production", "production"]);
        assert.match(read("circleci.yml"), /git ls-remote origin "refs\/heads\/\$CIRCLE_BRANCH" \| cut -f1\)" != "\$CIRCLE_SHA1" \]; then .*exit 0; fi\n\s+curl/);
        assert.match(read("codebuild-buildspec.yml"), /git ls-remote origin "refs\/heads\/\$BRANCH" \| cut -f1\)" != "\$CODEBUILD_RESOLVED_SOURCE_VERSION" \]; then .*exit 0; fi/);
    });

    it("GitLab CI: id_tokens audience matches the role's trust, same three steps", () => {
        const ci = YAML.parse(read("gitlab-ci.yml"));
        assert.deepStrictEqual(ci.stages, ["image", "deploy"]);
        assert.strictEqual(ci.image.id_tokens.AWS_ID_TOKEN.aud, "https://gitlab.com");
        assert.ok(ci.image.script.some((l: string) => l.includes("assume-role-with-web-identity")));
        assert.ok(ci.deploy.script[0].includes('\\"IMAGE_TAG\\":\\"$CI_COMMIT_SHORT_SHA\\"'));
    });
});

describe("CI push roles for CircleCI and AWS CodeBuild", () => {
    const { runProgram } = require("../tools/mock-runtime");
    const { one, statements, throwsValidation } = require("./support");
    const { loadStackConfig } = require("../stack/config");
    const { readStackFiles } = require("../tools/mock-runtime");
    const ORG = "0f5b6c7d-1234-4abc-9def-0123456789ab";
    const PROJECT = "9a8b7c6d-5678-4def-8abc-ba9876543210";
    const withCi = (ciPush: Record<string, unknown>) => ({ "fargate-kit:imageTag": "3f2c1ab", "fargate-kit:app": { ciPush } });

    it("CircleCI: the organization's issuer and audience, only this project's jobs", async () => {
        const run = await runProgram({ stack: "stage", overrides: withCi({ provider: "circleci", repository: "acme/site", circleciOrganizationId: ORG, circleciProjectId: PROJECT }) });
        assert.strictEqual(one(run.resources, "aws:iam/openIdConnectProvider:OpenIdConnectProvider", "app-ci-oidc").inputs.url, `https://oidc.circleci.com/org/${ORG}`);
        assert.deepStrictEqual(one(run.resources, "aws:iam/openIdConnectProvider:OpenIdConnectProvider", "app-ci-oidc").inputs.clientIdLists, [ORG]);
        const trust = JSON.parse(one(run.resources, "aws:iam/role:Role", "app-ci-push").inputs.assumeRolePolicy).Statement[0];
        assert.deepStrictEqual(trust.Condition, {
            StringEquals: { [`oidc.circleci.com/org/${ORG}:aud`]: ORG },
            StringLike: { [`oidc.circleci.com/org/${ORG}:sub`]: [`org/${ORG}/project/${PROJECT}/user/*`] },
        });
        assert.strictEqual(trust.Action, "sts:AssumeRoleWithWebIdentity");
    });

    it("CodeBuild: a service role only that project may assume, pushing here and writing its own logs", async () => {
        const run = await runProgram({ stack: "stage", overrides: withCi({ provider: "codebuild", repository: "laravel-app", codeBuildProject: "laravel-app-image" }) });
        assert.ok(!run.resources.some((r: any) => r.type === "aws:iam/openIdConnectProvider:OpenIdConnectProvider" && r.name === "app-ci-oidc"), "no OIDC provider");
        assert.deepStrictEqual(JSON.parse(one(run.resources, "aws:iam/role:Role", "app-ci-push").inputs.assumeRolePolicy).Statement, [
            {
                Effect: "Allow",
                Principal: { Service: "codebuild.amazonaws.com" },
                Action: "sts:AssumeRole",
                Condition: { StringEquals: { "aws:SourceAccount": "123456789012" }, ArnLike: { "aws:SourceArn": "arn:aws:codebuild:us-east-1:123456789012:project/laravel-app-image" } },
            },
        ]);
        const bySid = Object.fromEntries(statements(one(run.resources, "aws:iam/rolePolicy:RolePolicy", "app-ci-push").inputs.policy).map((s: any) => [s.Sid, s]));
        assert.deepStrictEqual(bySid.BuildLogs.Resource, ["arn:aws:logs:us-east-1:123456789012:log-group:/aws/codebuild/laravel-app-image:*"]);
        assert.deepStrictEqual(bySid.PushHere.Resource, ["arn:aws:ecr:us-east-1:123456789012:repository/fargate-kit-stage-app"]);
        // Every action exists and is scoped as AWS's authorization data allows.
        const { authorizationProblems } = require("../tools/iam-check");
        assert.deepStrictEqual(authorizationProblems(Object.values(bySid), "codebuild push role"), []);
    });

    it("refuses what the trust cannot enforce, naming the key", () => {
        const raw = readStackFiles(require("path").join(__dirname, ".."), "stage").config;
        const load = (ciPush: Record<string, unknown>) => loadStackConfig({ ...raw, "fargate-kit:app": JSON.stringify({ ...JSON.parse(raw["fargate-kit:app"]), ciPush }) }, {}, "fargate-kit", "stage", () => false);
        throwsValidation(() => load({ provider: "circleci", repository: "acme/site", circleciOrganizationId: ORG }), "fargate-kit:app.ciPush.circleciProjectId: is missing; CircleCI's OIDC trust needs the organization and project IDs");
        throwsValidation(() => load({ provider: "circleci", repository: "acme/site", circleciOrganizationId: ORG, circleciProjectId: PROJECT, branches: ["main"] }), "fargate-kit:app.ciPush.branches: is set, but CircleCI tokens name the branch only in a claim IAM cannot check");
        throwsValidation(() => load({ provider: "codebuild", repository: "laravel-app" }), "fargate-kit:app.ciPush.codeBuildProject: is missing; the role is the service role of one CodeBuild project: give its name");
        throwsValidation(() => load({ provider: "github", repository: "acme/site", codeBuildProject: "x1" }), 'fargate-kit:app.ciPush.codeBuildProject: is set, but provider is "github"; it applies only to "codebuild"');
    });

    it("the examples assume the role without stored keys, build for the stack's platform, push the commit tag and deploy it", () => {
        const fs = require("fs");
        const YAML = require("yaml");
        const read = (f: string) => fs.readFileSync(require("path").join(__dirname, "..", "examples", "ci", f), "utf8");
        const circle = YAML.parse(read("circleci.yml"));
        const steps = circle.jobs.image.steps.map((s: any) => s.run?.command ?? "").join("\n");
        assert.match(steps, /aws sts assume-role-with-web-identity[\s\S]*--web-identity-token "\$CIRCLE_OIDC_TOKEN_V2"/);
        assert.match(steps, /docker build --platform "\$\{IMAGE_PLATFORM:-linux\/amd64\}"/);
        assert.deepStrictEqual(circle.workflows["build-and-deploy"].jobs[1].deploy.requires, ["image"]);
        assert.match(circle.jobs.deploy.steps[1].run.command, /"IMAGE_TAG\\":\\"\$\{CIRCLE_SHA1:0:12\}\\"/);
        const build = YAML.parse(read("codebuild-buildspec.yml"));
        assert.match(build.phases.build.commands.join("\n"), /docker push "\$REPOSITORY_URL:\$TAG"/);
        assert.match(build.phases.post_build.commands[1], /"IMAGE_TAG\\":\\"\$TAG\\"/);
        assert.ok(!/AWS_ACCESS_KEY_ID|aws_secret/i.test(read("codebuild-buildspec.yml")), "no stored keys");
    });
});
