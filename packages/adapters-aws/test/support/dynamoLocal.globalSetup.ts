// One DynamoDB Local for the whole test run of this package (see src/testing/dynamoLocal.ts).
import type { TestProject } from "vitest/node"
import { dynamoLocalGlobalSetup } from "../../src/testing/dynamoLocal.ts"

export default (project: TestProject) => dynamoLocalGlobalSetup(project)
