/**
 * The deploy role against AWS's authorization data and the AWS provider's calls: a mock run shows
 * only what we send, so these tests check what AWS would decide.
 */
import * as assert from "assert";
import { ProgramRun, runProgram } from "../tools/mock-runtime";
import { DATA_SOURCE_CALLS, PROVIDER_CALLS, ProviderCall } from "../tools/provider-calls";
import { PolicyStatement, Request, allows, authorizationProblems, exampleResources } from "../tools/iam-check";
import { bothStacks, ofType, one, serviceConfig, withWeb } from "./support";

const LOC = { partition: "aws", region: "us-east-1", accountId: "123456789012" };
/** Physical names of the prod stack's data stores (`<project>-<stack>-<name>`, lower-case) and AWS's default groups. */
const DATA_NAMES = {
    DbClusterInstanceName: "fargate-kit-prod-main-1a2b", DbInstanceName: "fargate-kit-prod-main-writer", SubnetGroupName: "fargate-kit-prod-main", ClusterSnapshotName: "fargate-kit-prod-main-1a2b-final",
    SnapshotName: "fargate-kit-prod-main-1a2b-final", ClusterParameterGroupName: "default.aurora-postgresql16", ParameterGroupName: "default.postgres16", OptionGroupName: "default:aurora-postgresql-16",
    ServerlessCacheName: "fargate-kit-prod-main-3c4d", ReplicationGroupId: "fargate-kit-prod-main-3c4d", CacheClusterId: "fargate-kit-prod-main-3c4d-001", CacheSubnetGroupName: "fargate-kit-prod-main", CacheParameterGroupName: "default.valkey8",
};

function deployPolicy(run: ProgramRun): PolicyStatement[] {
    return JSON.parse(one(run.resources, "aws:iam/rolePolicy:RolePolicy", "deploy-role").inputs.policy).Statement;
}

/** The IAM requests one provider call makes, with example ARNs in the stack's own naming. */
function requests(call: ProviderCall, stackRolePath: string, names: Record<string, string> = {}) {
    const fill = (name: string) =>
        ({ Partition: LOC.partition, Region: LOC.region, Account: LOC.accountId, GroupName: "default", TaskDefinitionFamilyName: "fargate-kit-prod-migrate", RoleNameWithPath: `${stackRolePath.slice(1)}web-task-1a2b3c4`, ...names } as Record<string, string>)[name];
    // The stack's own boundary: `/fargate-kit/<project>/<stack>/` names the stack.
    const stack = (v: string) => v.replace("<stack>", stackRolePath.split("/")[3]);
    const resources = (call.resource ? [call.resource(LOC)] : exampleResources(call.action, call.resourceType, fill)).map(stack);
    return { action: call.action, resources, context: call.context && Object.fromEntries(Object.entries(call.context).map(([k, v]) => [k, stack(v)])) };
}

describe("the deploy role against AWS's authorization data", () => {
    let stage: ProgramRun;
    let prod: ProgramRun;
    let wide: ProgramRun;
    let multi: ProgramRun;
    let lean: ProgramRun;
    let codecommit: ProgramRun;
    let shapes: ProgramRun;
    before(async function () {
        // Seven programs under mocks: more than the default hook time on a loaded machine.
        this.timeout(120000);
        // Deployments from CodeCommit: the push trigger's connection, API destination, rule, target and role.
        codecommit = await runProgram({ stack: "codecommit", stackFile: require("path").join(__dirname, "..", "examples", "stacks", "Pulumi.codecommit.yaml"), overrides: { "fargate-kit:imageTag": "3f2c1ab" } });
        // Real apps' service shapes: scheduled, step and custom-metric scaling, a singleton.
        shapes = await runProgram({
            stack: "services",
            stackFile: require("path").join(__dirname, "..", "examples", "stacks", "Pulumi.services.yaml"),
            overrides: { "fargate-kit:imageTag": "3f2c1ab", "fargate-kit:deployments": { organization: "acme", repository: "acme/shapes" } },
        });
        // NAT instances: network interfaces, Elastic IPs, routes, launch templates, groups, an instance profile.
        lean = await runProgram({
            stack: "lean",
            stackFile: require("path").join(__dirname, "..", "examples", "stacks", "Pulumi.lean.yaml"),
            overrides: { "fargate-kit:imageTag": "3f2c1ab", "fargate-kit:deployments": { organization: "acme", repository: "acme/tool" } },
        });
        // Many services, plain workers, and extra listener certificates.
        multi = await runProgram({
            stack: "multi",
            stackFile: require("path").join(__dirname, "..", "examples", "stacks", "Pulumi.multi.yaml"),
            overrides: {
                "fargate-kit:imageTag": "3f2c1ab",
                "fargate-kit:loadBalancer": { certificateArns: ["arn:aws:acm:us-east-1:123456789012:certificate/a", "arn:aws:acm:us-east-1:123456789012:certificate/b"] },
                "fargate-kit:deployments": { organization: "acme", repository: "acme/shop" },
            },
        });
        ({ stage, prod } = await bothStacks());
        // Every optional resource type: canary (listener rules, infrastructure role), endpoints, secrets by name.
        wide = await runProgram({
            stack: "prod",
            overrides: {
                "fargate-kit:imageTag": "3f2c1ab",
                "fargate-kit:network": { availabilityZones: 2, nat: "perAz", vpcEndpoints: true },
                ...withWeb({ ...serviceConfig("prod", "webServices", "web"), autoscaling: { minTasks: 2, maxTasks: 10 }, deployment: { strategy: "CANARY", testListenerPort: 8443, testListenerCidrs: ["10.0.0.0/8"] } }),
            },
        });
    });

    it("uses only actions AWS has, and Resource \"*\" only for actions AWS authorizes on no resource type", () => {
        const problems: string[] = [];
        for (const run of [stage, prod, wide, multi, lean, codecommit, shapes]) {
            for (const policy of ofType(run.resources, "aws:iam/rolePolicy:RolePolicy")) {
                problems.push(...authorizationProblems(JSON.parse(policy.inputs.policy).Statement, `${run.stack} ${policy.name}`));
            }
        }
        assert.deepStrictEqual(problems, []);
    });

    it("knows the provider's calls for every resource type and data source the program uses", () => {
        for (const run of [stage, prod, wide, multi, lean, codecommit, shapes]) {
            const types = [...new Set(run.resources.map((r) => r.type))].filter((t) => !t.startsWith("fargate-kit:") && t !== "pulumi:providers:aws");
            assert.deepStrictEqual(types.filter((t) => !(t in PROVIDER_CALLS)), [], `${run.stack}: resource types without a call table entry`);
            assert.deepStrictEqual(run.invokes.filter((t) => !(t in DATA_SOURCE_CALLS)), [], `${run.stack}: data sources without a call table entry`);
        }
    });

    it("allows every call the provider makes for the program's resources, on the resources it touches", () => {
        const denied = [
            // Data stores, with the names the prod stack gives them and AWS's default groups they are created with.
            ...deniedCalls(wide, [wide, multi], DATA_NAMES),
            ...deniedCalls(shapes, [shapes]),
            // NAT instances, with the names the lean stack gives its groups, roles and profiles.
            // The push trigger, with the names the codecommit stack gives its connection, destination, rule and EventBridge role.
            ...deniedCalls(codecommit, [codecommit], { ConnectionName: "fargate-kit-codecommit-deploy-pulumi-api/0f1e2d3c", ApiDestinationName: "fargate-kit-codecommit-deploy-pulumi-api/1a2b3c4d", RuleName: "fargate-kit-codecommit-deploy-on-push", RoleNameWithPath: "fargate-kit/fargate-kit/codecommit/fargate-kit-codecommit-deploy-events-0000000" }),
            ...deniedCalls(lean, [lean], { GroupFriendlyName: "fargate-kit-lean-app-nat-0", RoleNameWithPath: "fargate-kit/fargate-kit/lean/nat/fargate-kit-lean-app-nat-1a2b3c4", InstanceProfileNameWithPath: "fargate-kit/fargate-kit/lean/fargate-kit-lean-app-nat-1a2b3c4" }),
        ];
        assert.deepStrictEqual(denied, []);
    });

    /** The calls of the resource types and data sources of `runs` that `owner`'s deploy role would be denied. */
    function deniedCalls(owner: ProgramRun, runs: ProgramRun[], names: Record<string, string> = {}): string[] {
        const policy = deployPolicy(owner);
        const path = ofType(owner.resources, "aws:iam/role:Role").find((r) => r.name === "web-task")!.inputs.path;
        const denied: string[] = [];
        const types = new Set(runs.flatMap((r) => r.resources).map((r) => r.type));
        const invokes = new Set(runs.flatMap((r) => r.invokes));
        const calls = [...Object.entries(PROVIDER_CALLS).filter(([t]) => types.has(t)), ...Object.entries(DATA_SOURCE_CALLS).filter(([t]) => invokes.has(t))];
        for (const [type, list] of calls) {
            for (const call of list) {
                try {
                    const request = requests(call, path, names);
                    if (!allows(policy, request)) denied.push(`${type}: ${call.action} on ${request.resources.join(", ")}`);
                } catch (e) {
                    denied.push(`${type}: ${(e as Error).message}`);
                }
            }
        }
        return denied;
    }

    it("includes the steady-state waiter's and the rollback's calls on the service-deployment resource", () => {
        const policy = deployPolicy(prod);
        const deployment = "arn:aws:ecs:us-east-1:123456789012:service-deployment/app-0000000/web-0000000/Zq1X3w";
        const service = "arn:aws:ecs:us-east-1:123456789012:service/app-0000000/web-0000000";
        for (const action of ["ecs:DescribeServiceDeployments", "ecs:StopServiceDeployment"]) assert.ok(allows(policy, { action, resources: [service, deployment] }), action);
        assert.ok(allows(policy, { action: "ecs:ListServiceDeployments", resources: [service] }));
        assert.ok(allows(policy, { action: "route53:ListTagsForResource", resources: ["arn:aws:route53:::hostedzone/Z0123456789ABCDEFGHIJ"] }));
        // The migration gate runs its own family, and no other.
        assert.ok(allows(policy, { action: "ecs:RunTask", resources: ["arn:aws:ecs:us-east-1:123456789012:task-definition/fargate-kit-prod-migrate:12"] }));
        assert.ok(!allows(policy, { action: "ecs:RunTask", resources: ["arn:aws:ecs:us-east-1:123456789012:task-definition/fargate-kit-prod-web:12"] }));
    });

    it("manages only the stack's own roles, attaches only the stack's managed policies and passes roles only to ECS", () => {
        const policy = deployPolicy(prod);
        const own = "arn:aws:iam::123456789012:role/fargate-kit/fargate-kit/prod/web-task-1a2b3c4";
        const admin = "arn:aws:iam::123456789012:role/Admin";
        const otherStack = "arn:aws:iam::123456789012:role/fargate-kit/fargate-kit/stage/web-task-1a2b3c4";
        const self = one(prod.resources, "aws:iam/role:Role", "deploy-role");
        const deployRole = `arn:aws:iam::123456789012:role${self.inputs.path}deploy-role-0000000`;
        const boundary = { "iam:PermissionsBoundary": "arn:aws:iam::123456789012:policy/fargate-kit-deploy/fargate-kit-prod-boundary" };
        assert.ok(allows(policy, { action: "iam:PutRolePolicy", resources: [own], context: boundary }));
        // A role without the stack's boundary (or with another) cannot be created or given a policy; none can lose it.
        for (const action of ["iam:CreateRole", "iam:PutRolePolicy", "iam:PutRolePermissionsBoundary"]) {
            assert.ok(!allows(policy, { action, resources: [own] }), `${action} without the boundary`);
            assert.ok(!allows(policy, { action, resources: [own], context: { "iam:PermissionsBoundary": "arn:aws:iam::aws:policy/AdministratorAccess" } }), `${action} with another boundary`);
        }
        assert.ok(!allows(policy, { action: "iam:DeleteRolePermissionsBoundary", resources: [own], context: boundary }));
        for (const action of ["iam:CreatePolicyVersion", "iam:SetDefaultPolicyVersion", "iam:DeletePolicy", "iam:DeletePolicyVersion", "iam:CreatePolicy"]) {
            assert.ok(!allows(policy, { action, resources: [boundary["iam:PermissionsBoundary"]] }), `${action} on the boundary`);
        }
        for (const target of [admin, otherStack, deployRole]) {
            for (const action of ["iam:PutRolePolicy", "iam:UpdateAssumeRolePolicy", "iam:CreateRole", "iam:DeleteRole"]) {
                assert.ok(!allows(policy, { action, resources: [target] }), `${action} on ${target}`);
            }
        }
        const infra = "arn:aws:iam::aws:policy/AmazonECSInfrastructureRolePolicyForLoadBalancers";
        assert.ok(allows(policy, { action: "iam:AttachRolePolicy", resources: [own], context: { "iam:PolicyARN": infra, ...boundary } }));
        assert.ok(!allows(policy, { action: "iam:AttachRolePolicy", resources: [own], context: { "iam:PolicyARN": infra } }), "not to a role without the boundary");
        assert.ok(!allows(policy, { action: "iam:AttachRolePolicy", resources: [own], context: { "iam:PolicyARN": "arn:aws:iam::aws:policy/AdministratorAccess" } }));
        assert.ok(allows(policy, { action: "iam:PassRole", resources: [own], context: { "iam:PassedToService": "ecs-tasks.amazonaws.com" } }));
        assert.ok(!allows(policy, { action: "iam:PassRole", resources: [own], context: { "iam:PassedToService": "lambda.amazonaws.com" } }));
        assert.ok(!allows(policy, { action: "iam:PassRole", resources: [admin], context: { "iam:PassedToService": "ecs-tasks.amazonaws.com" } }));
        // Without a service in the request (AddRoleToInstanceProfile) only the stack's NAT roles pass,
        // by their path: a name cut short and hashed (long project names) passes too.
        // Only a stack with NAT instances (lean) may pass its NAT role, to EC2 or into the profile, or launch instances.
        const natPolicy = deployPolicy(lean);
        const natRole = "arn:aws:iam::123456789012:role/fargate-kit/fargate-kit/lean/nat/fargate-kit-lean-app-nat-1a2b3c4";
        assert.ok(allows(natPolicy, { action: "iam:PassRole", resources: [natRole] }));
        assert.ok(allows(natPolicy, { action: "iam:PassRole", resources: ["arn:aws:iam::123456789012:role/fargate-kit/fargate-kit/lean/nat/a-very-long-project-name-pr-1f2e3d-0000000"] }));
        assert.ok(allows(natPolicy, { action: "iam:PassRole", resources: [natRole], context: { "iam:PassedToService": "ec2.amazonaws.com" } }));
        const leanTaskRole = "arn:aws:iam::123456789012:role/fargate-kit/fargate-kit/lean/web-task-1a2b3c4";
        assert.ok(!allows(natPolicy, { action: "iam:PassRole", resources: [leanTaskRole], context: { "iam:PassedToService": "ec2.amazonaws.com" } }), "a task role never goes to EC2");
        const instance = ["arn:aws:ec2:us-east-1:123456789012:instance/*", "arn:aws:ec2:us-east-1::image/ami-0123456789abcdef0"];
        assert.ok(allows(natPolicy, { action: "ec2:RunInstances", resources: instance, context: { "ec2:LaunchTemplate": "arn:aws:ec2:us-east-1:123456789012:launch-template/lt-0123456789abcdef0" } }));
        assert.ok(!allows(natPolicy, { action: "ec2:RunInstances", resources: instance }), "not without a launch template");
        const prodNatRequests: Request[] = [
            { action: "ec2:RunInstances", resources: instance, context: { "ec2:LaunchTemplate": "arn:aws:ec2:us-east-1:123456789012:launch-template/lt-0123456789abcdef0" } },
            { action: "iam:PassRole", resources: ["arn:aws:iam::123456789012:role/fargate-kit/fargate-kit/prod/nat/x"], context: { "iam:PassedToService": "ec2.amazonaws.com" } },
            { action: "iam:PassRole", resources: ["arn:aws:iam::123456789012:role/fargate-kit/fargate-kit/prod/nat/x"] },
        ];
        for (const request of prodNatRequests) assert.ok(!allows(policy, request), `prod (no NAT instances): ${request.action}`);
        assert.ok(!allows(policy, { action: "iam:PassRole", resources: [own] }));
        assert.ok(!allows(policy, { action: "iam:AttachRolePolicy", resources: [own], context: { "iam:PolicyARN": "arn:aws:iam::aws:policy/AmazonEC2FullAccess" } }));
        for (const action of ["iam:CreateOpenIDConnectProvider", "iam:AddClientIDToOpenIDConnectProvider", "iam:UpdateOpenIDConnectProviderThumbprint"]) {
            assert.ok(!allows(policy, { action, resources: ["arn:aws:iam::123456789012:oidc-provider/api.pulumi.com/oidc"] }), action);
        }
    });

    it("may pass exactly the role ARNs the program hands to ECS and Scheduler (the mock's ARNs carry the IAM path, as AWS's do)", () => {
        for (const run of [stage, prod]) {
            const policy = deployPolicy(run);
            const scheduler = ofType(run.resources, "aws:iam/rolePolicy:RolePolicy").find((r) => r.name === "scheduler-scheduler")!;
            const passed: string[] = JSON.parse(scheduler.inputs.policy).Statement.find((st: any) => st.Sid === "PassItsRoles").Resource;
            assert.ok(passed.length === 2 && passed.every((arn) => arn.includes(`:role/fargate-kit/fargate-kit/${run.stack}/`)), passed.join(", "));
            for (const arn of passed) assert.ok(allows(policy, { action: "iam:PassRole", resources: [arn], context: { "iam:PassedToService": "ecs-tasks.amazonaws.com" } }), arn);
            const taskDefs = ofType(run.resources, "aws:ecs/taskDefinition:TaskDefinition");
            for (const td of taskDefs) {
                for (const arn of [td.inputs.executionRoleArn, td.inputs.taskRoleArn]) assert.ok(allows(policy, { action: "iam:PassRole", resources: [arn], context: { "iam:PassedToService": "ecs-tasks.amazonaws.com" } }), `${td.name}: ${arn}`);
            }
        }
    });

    it("puts every role the stack creates under the stack's path, and the deploy role outside it", () => {
        for (const run of [stage, prod, wide, lean]) {
            const roles = ofType(run.resources, "aws:iam/role:Role");
            // The NAT instances' role sits in `nat/` below it (see NAT_ROLE_SUBPATH).
            for (const r of roles.filter((x) => x.name !== "deploy-role")) assert.strictEqual(r.inputs.path, `/fargate-kit/fargate-kit/${run.stack}/${r.name === "app-nat" ? "nat/" : ""}`, r.name);
            assert.strictEqual(one(run.resources, "aws:iam/role:Role", "deploy-role").inputs.path, "/fargate-kit-deploy/");
        }
        assert.ok(ofType(wide.resources, "aws:iam/role:Role").some((r) => r.name === "web-infrastructure"));
    });
});
