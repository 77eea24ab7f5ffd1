import { Stack, type StackProps, Token } from "aws-cdk-lib"
import * as iam from "aws-cdk-lib/aws-iam"
import * as kms from "aws-cdk-lib/aws-kms"
import * as sns from "aws-cdk-lib/aws-sns"
import * as subscriptions from "aws-cdk-lib/aws-sns-subscriptions"
import type { Construct } from "constructs"

export interface AlarmTopicProps {
  /** `NotificationTopicName`: the name the monitor's alarms notify in every monitored region. */
  readonly topicName: string
  /** `AlarmNamePrefix`: only this monitor's alarms may publish. */
  readonly alarmNamePrefix: string
  /** Encrypt with a customer-managed KMS key (CloudWatch cannot use the AWS-managed SNS key). */
  readonly kms: boolean
  /** An e-mail to subscribe (a literal; the home stack subscribes a deploy-time parameter itself). */
  readonly email?: string
}

/** The services that publish to the topic, each limited to this account's sources. */
const publishers = (stack: Stack, alarmNamePrefix: string) =>
  [
    {
      sid: "CloudWatchAlarmsPublish",
      service: "cloudwatch.amazonaws.com",
      sourceArn: `arn:${stack.partition}:cloudwatch:${stack.region}:${stack.account}:alarm:${alarmNamePrefix}*`
    },
    {
      sid: "EventBridgeRulesPublish",
      service: "events.amazonaws.com",
      sourceArn: `arn:${stack.partition}:events:${stack.region}:${stack.account}:rule/*`
    }
  ] as const

/**
 * The topic the monitor's alarms notify, in one region (made at `scope`/`id`): SSL only, and a policy
 * that lets CloudWatch (this monitor's alarms) and EventBridge (this account's rules) publish — an
 * explicit topic policy holding only the SSL Deny would block them. The deployment's functions publish
 * through their roles (same account). Optionally encrypted with a customer-managed key (`<id>Key`)
 * whose policy lets those services, and SNS on behalf of this account, use it.
 */
export const makeAlarmTopic = (
  scope: Construct,
  id: string,
  props: AlarmTopicProps
): { readonly topic: sns.Topic; readonly key: kms.Key | undefined } => {
  const stack = Stack.of(scope)
  const services = publishers(stack, props.alarmNamePrefix)
  const sourceAccount = { "aws:SourceAccount": stack.account }
  const key = props.kms
    ? new kms.Key(scope, `${id}Key`, { enableKeyRotation: true, description: `${props.topicName} (SNS)` })
    : undefined
  for (const s of services)
    key?.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: `${s.sid}Key`,
        principals: [new iam.ServicePrincipal(s.service)],
        actions: ["kms:Decrypt", "kms:GenerateDataKey*"],
        resources: ["*"],
        conditions: { StringEquals: sourceAccount }
      })
    )
  key?.addToResourcePolicy(
    new iam.PolicyStatement({
      sid: "AccountPublishersThroughSns",
      principals: [new iam.AccountPrincipal(stack.account)],
      actions: ["kms:Decrypt", "kms:GenerateDataKey*"],
      resources: ["*"],
      conditions: { StringEquals: { "kms:ViaService": `sns.${stack.region}.amazonaws.com` } }
    })
  )
  const topic = new sns.Topic(scope, id, {
    topicName: props.topicName,
    enforceSSL: true,
    ...(key === undefined ? {} : { masterKey: key })
  })
  for (const s of services)
    topic.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: s.sid,
        principals: [new iam.ServicePrincipal(s.service)],
        actions: ["sns:Publish"],
        resources: [topic.topicArn],
        conditions: { StringEquals: sourceAccount, ArnLike: { "aws:SourceArn": s.sourceArn } }
      })
    )
  if (props.email !== undefined && props.email !== "" && !Token.isUnresolved(props.email))
    topic.addSubscription(new subscriptions.EmailSubscription(props.email))
  return { topic, key }
}

export interface AlarmTopicStackProps extends StackProps, AlarmTopicProps {}

/** The alarm topic of a monitored region other than the deployment's own (a stack per region). */
export class AlarmTopicStack extends Stack {
  readonly topic: sns.Topic

  constructor(scope: Construct, id: string, props: AlarmTopicStackProps) {
    super(scope, id, props)
    this.topic = makeAlarmTopic(this, "Notifications", props).topic
  }
}
