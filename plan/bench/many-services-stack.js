#!/usr/bin/env node
// Writes a stack file with N services (web services by host on one load balancer, every third a
// worker alternating SQS and plain), for the synth benchmark. Prints its path.
// Usage: node plan/bench/many-services-stack.js <N>
const fs = require("fs");
const os = require("os");
const path = require("path");
const YAML = require("yaml");

const n = Number(process.argv[2] ?? 1);
const task = (name, command) => ({ cpu: 256, memory: 512, containers: [{ name, ...(command ? { command } : { ports: [3000] }) }] });
const webServices = {};
const workers = {};
for (let i = 0; i < n; i++) {
    if (i % 3 === 2) {
        workers[`worker${i}`] = i % 2 === 0 ? { queue: false, task: task("worker", ["bin/worker"]) } : { queueUrlVariable: `Q${i}_URL`, queueNameVariable: `Q${i}_NAME`, task: task("worker", ["bin/jobs"]) };
    } else {
        webServices[`web${i}`] = { domainName: `web${i}.example.com`, default: i === 0, task: task("app") };
    }
}
const config = {
    "aws:region": "us-east-1",
    "fargate-kit:protect": false,
    "fargate-kit:loadBalancer": { hostedZoneName: "example.com", certificateArns: ["arn:aws:acm:us-east-1:123456789012:certificate/bench"] },
    "fargate-kit:webServices": webServices,
    ...(Object.keys(workers).length ? { "fargate-kit:workers": workers } : {}),
};
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "fk-bench-"));
const file = path.join(dir, `Pulumi.bench${n}.yaml`);
fs.writeFileSync(file, YAML.stringify({ config }));
console.log(file);
