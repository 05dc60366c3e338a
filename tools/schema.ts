/**
 * The Pulumi package schema of the components, generated the way `pulumi package add` does it:
 * Pulumi's own schema analyzer (`@pulumi/pulumi/provider/experimental`) over the TypeScript
 * sources, for every exported ComponentResource. Other Pulumi languages get their SDKs from it.
 * Usage: node -r ./tools/register.js tools/schema.ts [--out schema.json]
 */
import * as fs from "fs";
import * as path from "path";

export const PACKAGE_ROOT = path.join(__dirname, "..");

/** The component classes the plugin serves: every ComponentResource the package entry exports. */
export function packageComponents(root = PACKAGE_ROOT): { name: string }[] {
    const { getPulumiComponents } = require("@pulumi/pulumi/provider/experimental/provider");
    return getPulumiComponents(require(path.join(root, "components")));
}

type ComponentProvider = import("@pulumi/pulumi/provider/experimental/provider").ComponentProvider;
const providers = new Map<string, ComponentProvider>();

/** The provider the plugin runs (`run-plugin` builds the same one); one per root, as it caches its schema. */
export function componentProvider(root = PACKAGE_ROOT): ComponentProvider {
    if (!providers.has(root)) {
        const { ComponentProvider } = require("@pulumi/pulumi/provider/experimental/provider");
        const packageJson = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8"));
        providers.set(root, new ComponentProvider({ name: packageJson.name, dirname: root, components: packageComponents(root) }));
    }
    return providers.get(root)!;
}

export async function packageSchema(root = PACKAGE_ROOT): Promise<any> {
    return JSON.parse(await componentProvider(root).getSchema());
}

if (require.main === module) {
    const out = process.argv.indexOf("--out");
    packageSchema().then(
        (schema) => {
            const text = JSON.stringify(schema, null, 2);
            if (out > 0) fs.writeFileSync(process.argv[out + 1], text + "\n");
            else console.log(text);
        },
        (e: Error) => {
            console.error(e.message);
            process.exit(1);
        },
    );
}
