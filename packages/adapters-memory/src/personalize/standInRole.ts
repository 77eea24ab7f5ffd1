import { type Config, Personalize as P } from "@personalize-ops/core"

/**
 * The Personalize role a simulation uses when the config names none, as the deployed workflow uses its
 * stack's `PERSONALIZE_ROLE_ARN`: the twin refuses an empty role like AWS does (aws-facts §1.6), and a
 * config in the MLOps solution's format leaves the role to the deployment.
 */
const standInRoleArn = (scope: P.ArnScope = P.defaultScope): string =>
  `arn:${scope.partition}:iam::${scope.account}:role/personalize-ops-simulation`

/** The deployment with the stand-in role when it names none (its own role, and every job's, win). */
export const withStandInRole = (deployment: Config.Deployment, scope?: P.ArnScope): Config.Deployment =>
  deployment.roleArn === undefined ? { ...deployment, roleArn: standInRoleArn(scope) } : deployment
