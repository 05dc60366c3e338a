/**
 * The image tag this stack deployed last time, read from its own `imageTag` output.
 *
 * A push that changes only infrastructure carries no $IMAGE_TAG. Without this, such a deploy
 * would drop the services (no image to run); with it, they keep running the image they run.
 */
import * as pulumi from "@pulumi/pulumi";

export async function previousImageTag(): Promise<string | undefined> {
    const self = new pulumi.StackReference(`${pulumi.getOrganization()}/${pulumi.getProject()}/${pulumi.getStack()}`, undefined, { retainOnDelete: true });
    const details = await self.getOutputDetails("imageTag");
    const tag = details.value ?? details.secretValue;
    return typeof tag === "string" && tag.length > 0 ? tag : undefined;
}
