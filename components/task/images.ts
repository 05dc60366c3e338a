/** Which image each container runs, and the credentials to pull it from outside ECR. */
import { checkSecretsManagerRef } from "../internal/arns";
import { Check } from "../internal/validation";
import type { ContainerSpec } from "./containers";
import type { FargateTaskSpec } from "./task-spec";

/** A container's image: its own or the task's, and its registry credentials. */
export function checkContainerImage(check: Check, c: ContainerSpec, spec: FargateTaskSpec): void {
    if (c.image === undefined && spec.image === undefined) {
        check.at("image").fail("is missing; set the container's image or the task's image");
    }
    if (c.repositoryCredentialsSecret !== undefined) {
        checkSecretsManagerRef(check.at("repositoryCredentialsSecret"), c.repositoryCredentialsSecret);
    }
}
