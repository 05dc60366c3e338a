/** Baseline for the synth benchmark: the bare Pulumi mock runtime registering one resource. */
import * as aws from "@pulumi/aws";
import { runInMocks } from "../../tools/mock-runtime";

runInMocks(() => new aws.sns.Topic("one", {})).then((run) => console.log(`${run.resources.length} resource`));
