/** N web services in one program under mocks, to show synth cost grows linearly with size. */
import * as aws from "@pulumi/aws";
import { runInMocks } from "../../tools/mock-runtime";
import { FargateWebService } from "../../components/services/web-service";

const n = Number(process.argv[2] ?? "1");
runInMocks(() => {
    const cluster = new aws.ecs.Cluster("cluster", {});
    for (let i = 0; i < n; i++) {
        new FargateWebService(`web${i}`, {
            cluster,
            vpcId: "vpc-1",
            subnetIds: ["a", "b"],
            loadBalancerSubnetIds: ["c", "d"],
            autoscaling: { minTasks: 2, maxTasks: 6 },
            task: { image: "123456789012.dkr.ecr.us-east-1.amazonaws.com/app:1", cpu: 512, memory: 1024, containers: [{ name: "app", ports: [{ containerPort: 3000 }] }] },
        });
    }
}).then((run) => console.log(`${n} web services, ${run.resources.length} resources`));
