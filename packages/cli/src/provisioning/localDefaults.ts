/**
 * What a local run (the memory target, `workflow run --local`) stands in for when neither the config nor the flags
 * say: the role the deployment's PERSONALIZE_ROLE_ARN names, and the bucket `{bucket}` names.
 */
export const localPersonalizeRole = "arn:aws:iam::000000000000:role/personalize-ops-local"
export const localBucket = "local-bucket"
