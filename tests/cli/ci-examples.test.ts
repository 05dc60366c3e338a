/**
 * The CI examples wait for the deploy they start: `fargate-kit wait` on the id the create call
 * returned, with credentials that may read the ECS rollouts, and the pipeline fails when wait
 * fails. The GitLab and CodeBuild scripts are run with bash against a fake curl and npm.
 */
import * as assert from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as YAML from "yaml";

const read = (f: string) => fs.readFileSync(path.join(__dirname, "..", "..", "examples", "ci", f), "utf8");
const WAIT = /npm (?:--prefix infra )?run fargate-kit -- wait --deployment ".+" --timeout 45m/;

/** Runs shell lines with `set -e` where curl prints a created deployment and npm records its arguments and exits `npmCode`. */
function runScript(lines: string[], npmCode: number, env: Record<string, string> = {}) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "fargate-kit-ci-"));
    const bin = path.join(dir, "bin");
    fs.mkdirSync(bin);
    fs.writeFileSync(path.join(bin, "curl"), `#!/bin/sh\nwhile [ $# -gt 0 ]; do if [ "$1" = "-o" ]; then shift; echo '{"id":"dep-77","consoleUrl":"https://app.pulumi.com/x","version":77}' > "$1"; fi; shift; done\n`);
    fs.writeFileSync(path.join(bin, "npm"), `#!/bin/sh\necho "$*" >> "${dir}/npm.log"\ncase "$*" in *wait*) exit ${npmCode} ;; esac\n`);
    for (const f of ["curl", "npm"]) fs.chmodSync(path.join(bin, f), 0o755);
    const r = spawnSync("bash", ["-e", "-c", lines.join("\n")], { cwd: dir, encoding: "utf8", env: { PATH: `${bin}:${path.dirname(process.execPath)}:/usr/bin:/bin`, ...env } });
    const npm = fs.existsSync(path.join(dir, "npm.log")) ? fs.readFileSync(path.join(dir, "npm.log"), "utf8").trim().split("\n") : [];
    return { status: r.status, stderr: r.stderr, npm };
}

describe("CI examples wait for the deploy and fail on a failed one", () => {
    it("GitHub Actions: the create call's id goes to wait, after assuming the push role, in the program's directory", () => {
        const steps = YAML.parse(read("github-actions.yml")).jobs.deploy.steps;
        assert.match(steps[1].run, /> deployment\.json\n\s*echo "id=\$\(jq -r \.id deployment\.json\)" >> "\$GITHUB_OUTPUT"/);
        assert.strictEqual(steps[1].id, "deploy");
        const creds = steps.findIndex((s: any) => s.uses?.startsWith("aws-actions/configure-aws-credentials"));
        const wait = steps.findIndex((s: any) => WAIT.test(s.run ?? ""));
        assert.ok(creds > 1 && wait > creds, "credentials before wait");
        assert.match(steps[wait].run, /--deployment "\$\{\{ steps\.deploy\.outputs\.id \}\}"/);
        assert.strictEqual(steps[creds].with["role-to-assume"], "${{ vars.CI_PUSH_ROLE_ARN }}");
        assert.deepStrictEqual([steps[wait]["working-directory"], steps[wait].env.PULUMI_STACK, steps[wait].if], ["infra", "${{ vars.PULUMI_STACK }}", "steps.newest.outputs.skip != 'true'"]);
    });

    it("GitLab CI: waits on the created deployment with web-identity credentials; a failed wait fails the job", () => {
        const job = YAML.parse(read("gitlab-ci.yml")).deploy;
        assert.deepStrictEqual([job.variables.AWS_ROLE_ARN, job.id_tokens.AWS_ID_TOKEN.aud], ["$CI_PUSH_ROLE_ARN", "https://gitlab.com"]);
        const ok = runScript(job.script, 0, { AWS_WEB_IDENTITY_TOKEN_FILE: "token", AWS_ID_TOKEN: "jwt" });
        assert.strictEqual(ok.status, 0, ok.stderr);
        assert.deepStrictEqual(ok.npm, ["ci --prefix infra", "--prefix infra run fargate-kit -- wait --deployment dep-77 --timeout 45m"]);
        const failed = runScript(job.script, 1, { AWS_WEB_IDENTITY_TOKEN_FILE: "token", AWS_ID_TOKEN: "jwt" });
        assert.strictEqual(failed.status, 1, "a failed or rolled-back deploy fails the job");
    });

    it("CodeBuild: the same after the create call; a failed wait fails the build", () => {
        const commands: string[] = YAML.parse(read("codebuild-buildspec.yml")).phases.post_build.commands;
        assert.match(commands[1], /-o deployment\.json\n?$/);
        const ok = runScript(commands.slice(1), 0);
        assert.deepStrictEqual([ok.status, ok.npm], [0, ["ci --prefix infra", "--prefix infra run fargate-kit -- wait --deployment dep-77 --timeout 45m"]]);
        assert.strictEqual(runScript(commands.slice(1), 1).status, 1);
    });

    it("CircleCI: a step after the deploy call waits, with the job's OIDC token as web identity", () => {
        const steps = YAML.parse(read("circleci.yml")).jobs.deploy.steps;
        const wait = steps[2].run.command as string;
        assert.match(wait, /export AWS_ROLE_ARN="\$CI_PUSH_ROLE_ARN" AWS_WEB_IDENTITY_TOKEN_FILE=\/tmp\/aws-id-token/);
        assert.match(wait, WAIT);
        const body = wait.split("\n").filter((l) => !l.startsWith("printf") && !l.startsWith("#"));
        const r = runScript(body, 1, { CI_PUSH_ROLE_ARN: "arn:aws:iam::1:role/x" });
        assert.strictEqual(r.status, 0, "no deployment.json (a newer commit deploys): nothing to wait for");
        assert.match(steps[1].run.command, /-o deployment\.json\n$/);
    });
});
