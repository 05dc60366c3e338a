/**
 * Several images per stack (issue 21, item 1): named images beside the app's, each with its
 * repository, lifecycle and tag; containers pick one by name; one CI push role for all of them.
 */
import * as assert from "assert";
import * as path from "path";
import { loadStackConfig } from "../stack/config";
import { ProgramRun, readStackFiles, runProgram } from "../tools/mock-runtime";
import { containerDefs, one, ofType, statements, throwsValidation } from "./support";

const root = path.join(__dirname, "..");
const ACCOUNT = "123456789012";
const REGISTRY = `${ACCOUNT}.dkr.ecr.us-east-1.amazonaws.com`;
const PROD = readStackFiles(root, "prod").config;
const prod = (key: string) => JSON.parse(PROD[`fargate-kit:${key}`]);
function load(patch: Record<string, unknown>, env: Record<string, string> = {}) {
    const raw = { ...PROD };
    for (const [k, v] of Object.entries(patch)) {
        if (v === undefined) delete raw[k];
        else raw[k] = typeof v === "string" ? v : JSON.stringify(v);
    }
    return loadStackConfig(raw, env, "fargate-kit", "prod", () => false);
}

/** prod's web service with nginx on its own image (and, when asked, the app's environment). */
function webOnNginx(nginx: Record<string, unknown> = {}) {
    const web = prod("webServices");
    const c = web.web.task.containers[0];
    delete c.inheritAppEnvironment;
    delete c.command;
    Object.assign(c, { image: "nginx" }, nginx);
    return web;
}
const IMAGES = {
    nginx: { keepTaggedImages: 10, untaggedExpiryDays: 2 },
    mailer: { repository: "registry.gitlab.com/acme/mailer", repositoryCredentialsSecret: "gitlab/registry", tag: "1.4.2" },
};

describe("named images", () => {
    let run: ProgramRun;
    before(async () => {
        const workers = prod("workers");
        workers.mailer = { queue: false, task: { cpu: 256, memory: 512, containers: [{ name: "mailer", image: "mailer", readonlyRootFilesystem: false }] } };
        run = await runProgram({ stack: "prod", overrides: { "fargate-kit:imageTag": "abc1234", "fargate-kit:images": IMAGES, "fargate-kit:webServices": webOnNginx(), "fargate-kit:workers": workers } });
    });

    it("gives a managed image its own repository and lifecycle, protected as the app's", () => {
        const repo = one(run.resources, "aws:ecr/repository:Repository", "nginx");
        assert.deepStrictEqual([repo.parent, repo.inputs.name, repo.inputs.imageTagMutability, repo.protect, repo.inputs.forceDelete], ["fargate-kit:index:RegistryRepo::nginx", "fargate-kit-prod-nginx", "IMMUTABLE", true, false]);
        const rules = JSON.parse(one(run.resources, "aws:ecr/lifecyclePolicy:LifecyclePolicy", "nginx").inputs.policy).rules;
        assert.deepStrictEqual(rules.map((r: any) => r.selection.countNumber), [2, 10]);
        // An image outside the stack gets no repository.
        assert.deepStrictEqual(ofType(run.resources, "aws:ecr/repository:Repository").map((r) => r.name).sort(), ["app", "nginx"]);
    });

    it("runs each container on the image it names, with the stack's tag or the pinned one", () => {
        const [nginx, php] = containerDefs(one(run.resources, "aws:ecs/taskDefinition:TaskDefinition", "web-task"));
        assert.deepStrictEqual([nginx.image, php.image], [`${REGISTRY}/fargate-kit-prod-nginx:abc1234`, `${REGISTRY}/fargate-kit-prod-app:abc1234`]);
        const [mailer] = containerDefs(one(run.resources, "aws:ecs/taskDefinition:TaskDefinition", "mailer-task"));
        assert.strictEqual(mailer.image, "registry.gitlab.com/acme/mailer:1.4.2");
        assert.match(mailer.repositoryCredentials.credentialsParameter, /^arn:aws:secretsmanager:us-east-1:123456789012:secret:gitlab\/registry/);
    });

    it("gives a container on another image no app environment or secrets unless it asks", async () => {
        const [nginx, php] = containerDefs(one(run.resources, "aws:ecs/taskDefinition:TaskDefinition", "web-task"));
        const names = (c: any) => (c.secrets ?? []).map((s: any) => s.name);
        assert.deepStrictEqual(names(nginx), []);
        assert.ok(names(php).length > 0);
        const asks = await runProgram({ stack: "prod", overrides: { "fargate-kit:imageTag": "abc1234", "fargate-kit:images": { nginx: {} }, "fargate-kit:webServices": webOnNginx({ inheritAppEnvironment: true }) } });
        const [n2, p2] = containerDefs(one(asks.resources, "aws:ecs/taskDefinition:TaskDefinition", "web-task"));
        assert.deepStrictEqual(names(n2), names(p2));
        assert.strictEqual(n2.image, `${REGISTRY}/fargate-kit-prod-nginx:abc1234`);
    });

    it("lets the execution role pull exactly the stack's ECR images it runs", () => {
        const pull = statements(one(run.resources, "aws:iam/rolePolicy:RolePolicy", "web-execution").inputs.policy).find((s) => s.Sid === "PullImage")!;
        assert.deepStrictEqual([...pull.Resource].sort(), [`arn:aws:ecr:us-east-1:${ACCOUNT}:repository/fargate-kit-prod-app`, `arn:aws:ecr:us-east-1:${ACCOUNT}:repository/fargate-kit-prod-nginx`]);
    });

    it("lets the one CI push role push to every managed repository of the stack, and to no other", () => {
        const push = statements(one(run.resources, "aws:iam/rolePolicy:RolePolicy", "app-ci-push").inputs.policy).find((s) => s.Sid === "PushHere")!;
        assert.deepStrictEqual(push.Resource, [`arn:aws:ecr:us-east-1:${ACCOUNT}:repository/fargate-kit-prod-app`, `arn:aws:ecr:us-east-1:${ACCOUNT}:repository/fargate-kit-prod-nginx`]);
        assert.strictEqual(ofType(run.resources, "aws:iam/role:Role").filter((r) => r.name.endsWith("-ci-push")).length, 1);
    });

    it("outputs each image with the containers that run it, and the plan lists them", async () => {
        const images = run.outputs.images as Record<string, any>;
        assert.deepStrictEqual(Object.keys(images), ["app", "nginx", "mailer"]);
        assert.deepStrictEqual(images.nginx, { repositoryUrl: `${REGISTRY}/fargate-kit-prod-nginx`, image: `${REGISTRY}/fargate-kit-prod-nginx:abc1234`, tag: "abc1234", tagVariable: "IMAGE_TAG_NGINX", pinned: false, containers: ["web/nginx"] });
        assert.deepStrictEqual(images.mailer.containers, ["mailer/mailer"]);
        assert.deepStrictEqual(images.app.containers, ["web/php", "worker/worker", "scheduler/scheduler", "migrate/migrate"]);
        const { buildPlan, summarize } = (require("../plan/plan") as typeof import("../plan/plan"));
        const text = summarize(buildPlan(run), run);
        assert.match(text, /\n  nginx +123456789012\.dkr\.ecr\.us-east-1\.amazonaws\.com\/fargate-kit-prod-nginx:abc1234 · \$IMAGE_TAG_NGINX · run by web\/nginx\n/);
        // A pinned image names no CI variable: setting it to another tag would be refused.
        assert.strictEqual(images.mailer.pinned, true);
        assert.match(text, /\n  mailer +registry\.gitlab\.com\/acme\/mailer:1\.4\.2 · pinned in the stack file · run by mailer\/mailer\n/);
    });
});

describe("images named by full reference", () => {
    it("the plan lists them apart, with the containers that run them: their tags move only in the stack file", async () => {
        const web = prod("webServices");
        web.web.task.containers.push({ name: "datadog-agent", image: "public.ecr.aws/datadog/agent:7.58.2", essential: false, environment: { DD_SITE: "datadoghq.eu" } });
        const run = await runProgram({ stack: "prod", overrides: { "fargate-kit:imageTag": "abc1234", "fargate-kit:webServices": web } });
        const { buildPlan, summarize } = require("../plan/plan") as typeof import("../plan/plan");
        const text = summarize(buildPlan(run), run);
        assert.match(text, /\n {2}other images \(named by full reference; their tags change only in the stack file\):\n {4}public\.ecr\.aws\/datadog\/agent:7\.58\.2 · run by web\/datadog-agent\n/);
        // The stack's own images are not repeated there.
        assert.doesNotMatch(text.slice(text.indexOf("other images")), /fargate-kit-prod-app/);
    });
});

describe("named images: tags and mistakes", () => {
    it("takes an image's tag from $IMAGE_TAG_<NAME>, else the stack's; a pinned tag and a different one from CI are refused", () => {
        const images = { nginx: {}, "pdf-renderer": {} };
        const c = load({ "fargate-kit:images": images }, { IMAGE_TAG: "abc1234", IMAGE_TAG_PDF_RENDERER: "f00d" });
        assert.deepStrictEqual(c.imageTags, { nginx: "abc1234", "pdf-renderer": "f00d" });
        throwsValidation(() => load({ "fargate-kit:images": { nginx: { tag: "1.27" } } }, { IMAGE_TAG_NGINX: "1.28" }), 'fargate-kit:images.nginx.tag: is "1.27" but $IMAGE_TAG_NGINX is "1.28"; set the tag in one place');
        throwsValidation(() => load({ "fargate-kit:images": images }, { IMAGE_TAG_NGINX: "-x" }), '$IMAGE_TAG_NGINX: is "-x"; allowed: a Docker tag');
    });

    it("refuses a container image that is neither an image of the stack nor a full reference, listing the images", () => {
        throwsValidation(
            () => load({ "fargate-kit:images": { nginx: {} }, "fargate-kit:webServices": webOnNginx({ image: "ngnix" }) }),
            'fargate-kit:webServices.web.task.containers[0].image: is "ngnix", which is not an image of this stack (images: "app", "nginx"); an image from a registry is written in full with its tag, e.g. "public.ecr.aws/nginx/nginx:1.27"',
        );
    });

    it("refuses an image named app, a bad name, a tagged repository, managed-only keys on an outside one, and a build for another architecture", () => {
        throwsValidation(() => load({ "fargate-kit:images": { app: {} } }), "fargate-kit:images.app: names the app image, whose repository, build and lifecycle are set under app");
        throwsValidation(() => load({ "fargate-kit:images": { Nginx_1: {} } }), "fargate-kit:images.Nginx_1: is not an image name; allowed: 1-40 lower-case letters");
        throwsValidation(() => load({ "fargate-kit:images": { mailer: { repository: "registry.gitlab.com/acme/mailer:1.4" } } }), 'fargate-kit:images.mailer.repository: is "registry.gitlab.com/acme/mailer:1.4", which names a tag or digest; give the repository alone ("registry.gitlab.com/acme/mailer")');
        throwsValidation(() => load({ "fargate-kit:images": { mailer: { repository: "registry.gitlab.com/acme/mailer", keepTaggedImages: 5 } } }), "fargate-kit:images.mailer: sets repository (outside the stack) together with keepTaggedImages, which apply only to a managed ECR repository");
        throwsValidation(() => load({ "fargate-kit:images": { nginx: { build: { context: "docker/nginx", platform: "linux/arm64" } } } }), 'fargate-kit:images.nginx.build.platform: is "linux/arm64", but the stack\'s tasks run "linux/amd64"');
        throwsValidation(() => load({ "fargate-kit:images": { nginx: { keepTaggedImages: 0 } } }), "fargate-kit:images.nginx.keepTaggedImages: is 0; allowed: a whole number from 1 to 1000 images");
        throwsValidation(() => load({ "fargate-kit:images": { nginx: { repositoryCredentialsSecret: "x" } } }), "fargate-kit:images.nginx.repositoryCredentialsSecret: is set, but the image is in the stack's own ECR repository");
    });

    it("plans the shipped stacks unchanged: no named images, the app image as before", async () => {
        const c = load({});
        assert.deepStrictEqual([c.images, c.imageTags], [{}, {}]);
    });
});

describe("CI examples: one build per image", () => {
    const fs = require("fs") as typeof import("fs");
    const YAML = require("yaml") as typeof import("yaml");
    const { execFileSync } = require("child_process") as typeof import("child_process");
    const read = (f: string) => fs.readFileSync(path.join(root, "examples", "ci", f), "utf8");

    /** Runs a CI example's image loop under sh with docker stubbed; returns the docker commands it ran. */
    function loop(script: string, env: Record<string, string>): string[] {
        const stub = `docker() { echo "docker $*"; }\n${script}`;
        return execFileSync("sh", ["-c", stub], { env: { PATH: process.env.PATH!, ...env }, encoding: "utf8" }).trim().split("\n").filter(Boolean);
    }
    const repo = `${REGISTRY}/fargate-kit-prod-app`;

    it("GitLab: builds and pushes each image of $IMAGES to its repository with the commit tag", () => {
        const script = (YAML.parse(read("gitlab-ci.yml")).image.script as string[]).find((s) => s.startsWith("for spec"))!;
        assert.deepStrictEqual(loop(script, { IMAGES: "nginx=docker/nginx pdf=.:Dockerfile.pdf", REPOSITORY_URL: repo, CI_COMMIT_SHORT_SHA: "abc1234" }), [
            `docker build --platform linux/amd64 -f docker/nginx/Dockerfile -t ${REGISTRY}/fargate-kit-prod-nginx:abc1234 docker/nginx`,
            `docker push ${REGISTRY}/fargate-kit-prod-nginx:abc1234`,
            `docker build --platform linux/amd64 -f Dockerfile.pdf -t ${REGISTRY}/fargate-kit-prod-pdf:abc1234 .`,
            `docker push ${REGISTRY}/fargate-kit-prod-pdf:abc1234`,
        ]);
        assert.deepStrictEqual(loop(script, { IMAGES: "", REPOSITORY_URL: repo, CI_COMMIT_SHORT_SHA: "abc1234" }), []);
    });

    it("CodeBuild: the same loop, with its tag", () => {
        const script = (YAML.parse(read("codebuild-buildspec.yml")).phases.build.commands as string[]).find((s) => s.startsWith("for spec"))!;
        assert.deepStrictEqual(loop(script, { IMAGES: "nginx=docker/nginx", REPOSITORY_URL: repo, TAG: "f00d" }).slice(-1), [`docker push ${REGISTRY}/fargate-kit-prod-nginx:f00d`]);
    });

    it("the repository CI derives for an image is the one the program makes for it", async () => {
        const run = await runProgram({ stack: "prod", overrides: { "fargate-kit:imageTag": "abc1234", "fargate-kit:images": { nginx: {} } } });
        const images = run.outputs.images as Record<string, { repositoryUrl: string }>;
        assert.strictEqual(images.nginx.repositoryUrl, `${images.app.repositoryUrl.replace(/-app$/, "")}-nginx`);
    });
});

describe("named images: a deploy without tags", () => {
    it("keeps the tag each image ran, as the app image keeps its own", async () => {
        const run = await runProgram({ stack: "prod", overrides: { "fargate-kit:images": { nginx: {}, pdf: {} }, "fargate-kit:webServices": webOnNginx() }, previousOutputs: { imageTag: "1111111", images: { app: { tag: "1111111" }, nginx: { tag: "2222222" } } } });
        const [nginx, php] = containerDefs(one(run.resources, "aws:ecs/taskDefinition:TaskDefinition", "web-task"));
        assert.deepStrictEqual([nginx.image, php.image], [`${REGISTRY}/fargate-kit-prod-nginx:2222222`, `${REGISTRY}/fargate-kit-prod-app:1111111`]);
        // An image that ran no tag of its own follows the app's (built from the same commit).
        assert.deepStrictEqual([(run.outputs.images as any).pdf.tag, (run.outputs.images as any).nginx.tag], ["1111111", "2222222"]);
    });
});

describe("the shapes example (examples/stacks/Pulumi.shapes.yaml)", () => {
    it("plans a compose-shaped Laravel shop: nginx on its own image over a shared socket, a vendor image, workers in a circle, a seed task", async () => {
        const run = await runProgram({ stack: "shapes", stackFile: path.join(root, "examples", "stacks", "Pulumi.shapes.yaml"), overrides: { "fargate-kit:imageTag": "abc1234" } });
        const images = run.outputs.images as Record<string, any>;
        assert.deepStrictEqual(Object.fromEntries(Object.entries(images).map(([n, i]) => [n, i.containers])), { app: ["web/php", "orders/worker", "billing/worker", "thumbnails/worker", "db-seed/seed"], nginx: ["web/nginx"], pdf: ["pdf/renderer"] });
        const td = one(run.resources, "aws:ecs/taskDefinition:TaskDefinition", "web-task");
        assert.ok(td.inputs.volumes.some((v: any) => v.name === "php-socket"));
        const push = statements(one(run.resources, "aws:iam/rolePolicy:RolePolicy", "app-ci-push").inputs.policy).find((s) => s.Sid === "PushHere")!;
        assert.deepStrictEqual(push.Resource, [`arn:aws:ecr:us-east-1:${ACCOUNT}:repository/fargate-kit-shapes-app`, `arn:aws:ecr:us-east-1:${ACCOUNT}:repository/fargate-kit-shapes-nginx`]);
        assert.strictEqual((run.outputs.tasks as any)["db-seed"].family, "fargate-kit-shapes-db-seed");
    });
});
