// Prints the entries table as Markdown for the README's "Deploying the handlers" section
// (run `npx biome check --write README.md` after pasting: the formatter pads the columns).

import { lambdaEntries } from "../src/entries.ts"
import { renderEntriesMarkdown } from "../src/entriesMarkdown.ts"

console.log(renderEntriesMarkdown(lambdaEntries))
