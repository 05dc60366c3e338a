/**
 * The optional peer packages, loaded only by the features that need them, so a program that never
 * uses a feature needs neither its package installed nor its types (the library's declarations
 * never import them). A missing one is named with the feature and the install command, not a bare
 * "Cannot find module".
 */
export const OPTIONAL_PACKAGES = {
    "@pulumi/pulumiservice": "PulumiDeployments",
    "@pulumi/awsx": "Network creating a VPC (no vpcId) and RegistryRepo builds (build)",
    "@aws-sdk/client-ecs": "MigrationGate (it runs the migration task at deploy time)",
} as const;

export type OptionalPackage = keyof typeof OPTIONAL_PACKAGES;

/** `require(id)` of an optional package (or one of its modules, e.g. `@pulumi/awsx/ec2`); `who` names the component. */
export function requireOptional<T>(id: string, pkg: OptionalPackage, who: string, load: (id: string) => unknown = require): T {
    try {
        return load(id) as T;
    } catch (e) {
        const err = e as { code?: string; message?: string };
        if (err.code === "MODULE_NOT_FOUND" && err.message?.includes(`'${id}'`)) {
            throw new Error(`${who}: needs the optional package ${pkg}, which is not installed (used by ${OPTIONAL_PACKAGES[pkg]}); install it: npm install ${pkg}`);
        }
        throw e;
    }
}
