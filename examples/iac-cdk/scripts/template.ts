// `npm run template`: bundles the handlers, then writes dist-template/personalize-ops.template.json
// and its cloud assembly (dist-template/cdk.out, the bundles as assets), all offline.
import { join } from "node:path"
import { lambdaEntries } from "@personalize-ops/handlers/entries"
import { bundlesDir, sharedBundles } from "@personalize-ops/handlers/testing"
import { synthTemplate, templateStackName } from "../src/template.ts"

await sharedBundles(lambdaEntries)
const out = await synthTemplate({ bundlesDir, outDir: join(import.meta.dirname, "..", "..", "..", "dist-template") })
console.log(`${out.template} (${out.assets} assets in ${out.assembly})`)
console.log(`deploy: npx aws-cdk deploy --app ${out.assembly} ${templateStackName} --parameters CampaignARNs=all`)
