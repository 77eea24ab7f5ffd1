// Writes batch.ndjson: EventBridge "Batch Job State Change" deliveries shaped after the public sources
// in README.md, in delivery order, each with the handler outcome expected (written by hand here), and
// batch-jobs.json: what each job must look like after the whole file is replayed. Run: node build-batch.mjs
import { writeFileSync } from "node:fs"

const account = "123456789012"
const region = "us-east-1"
const arn = (kind, name) => `arn:aws:batch:${region}:${account}:${kind}/${name}`
const lines = []
const jobs = {}
let seq = 0
const t0 = Date.parse("2022-01-11T23:30:00Z")
const iso = (ms) => new Date(Math.floor(ms / 1000) * 1000).toISOString().replace(".000Z", "Z")

/** One delivery. `d` is the detail; `at` the envelope time (ms); `expect` the handler's answer. */
const deliver = (source, note, d, at, expect, envelope = {}) => {
  seq++
  const id = envelope.id ?? `c8f9c4b5-76e5-d76a-f980-${String(seq).padStart(12, "0")}`
  lines.push({
    source,
    note,
    expect,
    event: {
      version: "0",
      id,
      "detail-type": "Batch Job State Change",
      source: "aws.batch",
      account,
      time: iso(at),
      region: envelope.region ?? region,
      resources: [d.jobArn ?? arn("job", d.jobId)],
      detail: d,
      ...envelope.extra
    }
  })
  return id
}

/** The documented container job detail (BATCH_EVENTS), for `jobId` in `status`. */
const container = (jobId, name, queue, status, extra = {}) => ({
  jobArn: arn("job", jobId),
  jobName: name,
  jobId,
  jobQueue: arn("job-queue", queue),
  status,
  attempts: [],
  createdAt: t0,
  retryStrategy: { attempts: 2, evaluateOnExit: [] },
  dependsOn: [],
  jobDefinition: arn("job-definition", "first-run-job-definition:1"),
  parameters: {},
  container: {
    image: "137112412989.dkr.ecr.us-east-1.amazonaws.com/amazonlinux:latest",
    command: ["sleep", "600"],
    volumes: [],
    environment: [],
    mountPoints: [],
    ulimits: [],
    networkInterfaces: [],
    resourceRequirements: [
      { value: "2", type: "VCPU" },
      { value: "256", type: "MEMORY" }
    ],
    secrets: []
  },
  tags: { resourceArn: arn("job", jobId) },
  propagateTags: false,
  platformCapabilities: [],
  ...extra
})
const attempt = (
  jobId,
  startedAt,
  stoppedAt,
  exitCode,
  reason,
  statusReason = "Essential container in task exited"
) => ({
  container: {
    containerInstanceArn: `arn:aws:ecs:${region}:${account}:container-instance/cebc97a6-5c16-4987-9d24-27b96246dcdd`,
    taskArn: `arn:aws:ecs:${region}:${account}:task/${jobId.slice(0, 8)}-33c0-44f5-919a-2f66e0b8e995`,
    exitCode,
    ...(reason === undefined ? {} : { reason }),
    logStreamName: `first-run-job-definition/default/${jobId.slice(0, 8)}-33c0-44f5-919a-2f66e0b8e995`,
    networkInterfaces: []
  },
  startedAt,
  stoppedAt,
  statusReason
})
const s = (n) => t0 + n * 1000

// 1. BATCH_EVENTS: the documented job, through to SUCCEEDED, with one redelivery.
{
  const id = "4c7599ae-0a82-49aa-ba5a-4727fcce14a8"
  const first = deliver(
    "BATCH_EVENTS",
    "the documented RUNNABLE event",
    container(id, "event-test", "PexjEHappyPathCanary2JobQueue", "RUNNABLE"),
    s(40),
    "recorded"
  )
  deliver(
    "BATCH_EVENTS",
    "STARTING",
    container(id, "event-test", "PexjEHappyPathCanary2JobQueue", "STARTING"),
    s(100),
    "recorded"
  )
  deliver(
    "BATCH_EVENTS",
    "RUNNING with startedAt",
    container(id, "event-test", "PexjEHappyPathCanary2JobQueue", "RUNNING", { startedAt: s(110) }),
    s(111),
    "recorded"
  )
  deliver(
    "BATCH_EVENTS",
    "the RUNNABLE event redelivered (same id: at-least-once delivery)",
    container(id, "event-test", "PexjEHappyPathCanary2JobQueue", "RUNNABLE"),
    s(40),
    "duplicate",
    { id: first }
  )
  deliver(
    "BATCH_EVENTS",
    "SUCCEEDED with stoppedAt and the finished attempt",
    container(id, "event-test", "PexjEHappyPathCanary2JobQueue", "SUCCEEDED", {
      startedAt: s(110),
      stoppedAt: s(710),
      attempts: [attempt(id, s(110), s(710), 0, undefined)]
    }),
    s(711),
    "recorded"
  )
  jobs[id] = {
    status: "SUCCEEDED",
    attempts: 1,
    history: ["RUNNABLE", "STARTING", "RUNNING", "SUCCEEDED"],
    shape: "container",
    runTimeMillis: 600_000,
    exitCode: 0
  }
}

// 2. HLS: a container job whose first attempt exits 1 and is retried, then fails for good.
{
  const id = "7c7cd09e-33c0-44f5-919a-2f66e0b8e995"
  const d = (status, extra) =>
    container(id, "LandsatTaskBatchJob1274", "landsat-tasks", status, {
      retryStrategy: { attempts: 2, evaluateOnExit: [] },
      container: {
        image: `${account}.dkr.ecr.${region}.amazonaws.com/hls-landsat:latest`,
        command: ["export && landsat.sh"],
        environment: [{ name: "GRANULE", value: "LC08_L1GT_127010_20200527_20200527_01_RT" }]
      },
      ...extra
    })
  const a1 = attempt(id, s(200), s(260), 1, undefined)
  const a2 = attempt(id, s(400), s(470), 1, undefined)
  deliver("HLS", "RUNNABLE", d("RUNNABLE"), s(120), "recorded")
  deliver("HLS", "STARTING", d("STARTING"), s(190), "recorded")
  deliver("HLS", "RUNNING (attempt 1)", d("RUNNING", { startedAt: s(200) }), s(200), "recorded")
  deliver(
    "HLS",
    "back to RUNNABLE after exit 1 (retry: attempt 2)",
    d("RUNNABLE", { attempts: [a1], statusReason: "Essential container in task exited" }),
    s(261),
    "recorded"
  )
  deliver("HLS", "STARTING (attempt 2)", d("STARTING", { attempts: [a1] }), s(390), "recorded")
  deliver("HLS", "RUNNING (attempt 2)", d("RUNNING", { attempts: [a1], startedAt: s(400) }), s(400), "recorded")
  deliver(
    "HLS",
    "FAILED: both attempts exited 1",
    d("FAILED", {
      attempts: [a1, a2],
      startedAt: s(400),
      stoppedAt: s(470),
      statusReason: "Essential container in task exited"
    }),
    s(471),
    "recorded"
  )
  jobs[id] = {
    status: "FAILED",
    attempts: 2,
    history: ["RUNNABLE", "STARTING", "RUNNING", "RUNNABLE", "STARTING", "RUNNING", "FAILED"],
    shape: "container",
    exitCode: 1,
    reason: "Essential container in task exited"
  }
}

// 3. ECS_OOM: killed for memory (exit 137, the ECS reason text).
{
  const id = "0b1c2d3e-0000-4000-8000-00000000a003"
  const oom = "OutOfMemoryError: Container killed due to memory usage"
  deliver(
    "ECS_OOM",
    "RUNNING",
    container(id, "resize-images", "media", "RUNNING", { startedAt: s(300) }),
    s(300),
    "recorded"
  )
  deliver(
    "ECS_OOM",
    "FAILED: the container was killed for memory",
    container(id, "resize-images", "media", "FAILED", {
      retryStrategy: { attempts: 1, evaluateOnExit: [] },
      startedAt: s(300),
      stoppedAt: s(360),
      statusReason: "Essential container in task exited",
      attempts: [attempt(id, s(300), s(360), 137, oom)],
      container: { image: "resizer:1", command: ["resize"], exitCode: 137, reason: oom }
    }),
    s(361),
    "recorded"
  )
  jobs[id] = {
    status: "FAILED",
    attempts: 1,
    history: ["RUNNING", "FAILED"],
    shape: "container",
    exitCode: 137,
    failureKind: "out-of-memory"
  }
}

// 4. SPOT: a Spot reclaim ends the attempt ("Host EC2 (instance …) terminated.").
{
  const id = "0b1c2d3e-0000-4000-8000-00000000a004"
  const spot = "Host EC2 (instance i-0f4a2b3c4d5e6f708) terminated."
  deliver(
    "SPOT",
    "RUNNING on a Spot instance",
    container(id, "train-model", "spot-queue", "RUNNING", { startedAt: s(500) }),
    s(500),
    "recorded"
  )
  deliver(
    "SPOT",
    "FAILED: the Spot instance was reclaimed",
    container(id, "train-model", "spot-queue", "FAILED", {
      retryStrategy: { attempts: 1, evaluateOnExit: [] },
      startedAt: s(500),
      stoppedAt: s(800),
      statusReason: spot,
      attempts: [
        {
          container: {
            taskArn: `arn:aws:ecs:${region}:${account}:task/abc`,
            logStreamName: "train/default/abc",
            networkInterfaces: []
          },
          startedAt: s(500),
          stoppedAt: s(800),
          statusReason: spot
        }
      ]
    }),
    s(801),
    "recorded"
  )
  jobs[id] = {
    status: "FAILED",
    attempts: 1,
    history: ["RUNNING", "FAILED"],
    shape: "container",
    failureKind: "spot-reclaim"
  }
}

// 5. BATCH_CAPACITY: stuck in RUNNABLE for lack of capacity.
{
  const id = "0b1c2d3e-0000-4000-8000-00000000a005"
  deliver(
    "BATCH_CAPACITY",
    "RUNNABLE with a capacity statusReason",
    container(id, "gpu-render", "gpu-queue", "RUNNABLE", {
      statusReason:
        "CAPACITY:INSUFFICIENT_INSTANCE_CAPACITY - Service cannot fulfill the capacity requested for instance type [p4d.24xlarge]"
    }),
    s(50),
    "recorded"
  )
  jobs[id] = { status: "RUNNABLE", attempts: 1, history: ["RUNNABLE"], shape: "container" }
}

// 6. BATCH_ARRAY: an array job of size 3: the parent and its children (":<index>").
{
  const parent = "e1a2b3c4-0000-4000-8000-00000000a100"
  const base = (jobId, status, extra) =>
    container(jobId, "thumbnails", "media", status, { jobDefinition: arn("job-definition", "thumbnails:4"), ...extra })
  const summary = (counts) => ({
    arrayProperties: {
      size: 3,
      statusSummary: {
        STARTING: 0,
        FAILED: 0,
        RUNNING: 0,
        SUCCEEDED: 0,
        RUNNABLE: 0,
        SUBMITTED: 0,
        PENDING: 0,
        ...counts
      },
      statusSummaryLastUpdatedAt: s(0)
    }
  })
  deliver(
    "BATCH_ARRAY",
    "array parent PENDING (children spawned)",
    base(parent, "PENDING", summary({ PENDING: 3 })),
    s(10),
    "recorded"
  )
  for (const i of [0, 1, 2]) {
    const child = `${parent}:${i}`
    const c = (status, extra = {}) => base(child, status, { arrayProperties: { index: i }, ...extra })
    deliver("BATCH_ARRAY", `child ${i} RUNNABLE`, c("RUNNABLE"), s(20 + i), "recorded")
    deliver("BATCH_ARRAY", `child ${i} RUNNING`, c("RUNNING", { startedAt: s(60 + i) }), s(60 + i), "recorded")
    const ok = i !== 1
    deliver(
      "BATCH_ARRAY",
      `child ${i} ${ok ? "SUCCEEDED" : "FAILED (exit 2)"}`,
      c(ok ? "SUCCEEDED" : "FAILED", {
        startedAt: s(60 + i),
        stoppedAt: s(160 + i),
        attempts: [attempt(child, s(60 + i), s(160 + i), ok ? 0 : 2, undefined)]
      }),
      s(160 + i),
      "recorded"
    )
    jobs[child] = {
      status: ok ? "SUCCEEDED" : "FAILED",
      attempts: 1,
      history: ["RUNNABLE", "RUNNING", ok ? "SUCCEEDED" : "FAILED"],
      shape: "array-child",
      arrayParent: parent,
      arrayIndex: i
    }
  }
  deliver(
    "BATCH_ARRAY",
    "array parent RUNNING",
    base(parent, "RUNNING", { startedAt: s(60), ...summary({ RUNNING: 3 }) }),
    s(61),
    "recorded"
  )
  deliver(
    "BATCH_ARRAY",
    "array parent FAILED: one child failed",
    base(parent, "FAILED", {
      startedAt: s(60),
      stoppedAt: s(162),
      statusReason: "Array Child Job failed",
      ...summary({ SUCCEEDED: 2, FAILED: 1 })
    }),
    s(163),
    "recorded"
  )
  jobs[parent] = {
    status: "FAILED",
    attempts: 1,
    history: ["PENDING", "RUNNING", "FAILED"],
    shape: "array",
    arraySize: 3,
    childCounts: { SUCCEEDED: 2, FAILED: 1 }
  }
}

// 7. BATCH_MNP: a multi-node parallel job of 3 nodes: the main job and its node jobs ("#<node>").
{
  const main = "f1a2b3c4-0000-4000-8000-00000000a200"
  const nodeProperties = {
    numNodes: 3,
    mainNode: 0,
    nodeRangeProperties: [
      { targetNodes: "0:0", container: { image: "mpi:latest", command: ["mpirun", "--main"] } },
      { targetNodes: "1:2", container: { image: "mpi:latest", command: ["mpirun", "--worker"] } }
    ]
  }
  const base = (jobId, status, extra) => ({
    ...container(jobId, "mpi-solver", "hpc", status, {
      jobDefinition: arn("job-definition", "mpi-solver:2"),
      ...extra
    }),
    container: undefined
  })
  const clean = (d) => JSON.parse(JSON.stringify(d))
  deliver(
    "BATCH_MNP",
    "main job RUNNABLE with nodeProperties",
    clean(base(main, "RUNNABLE", { nodeProperties })),
    s(10),
    "recorded"
  )
  for (const node of [0, 1, 2]) {
    const jobId = `${main}#${node}`
    const nd = (status, extra = {}) =>
      clean(
        base(jobId, status, {
          nodeDetails: { nodeIndex: node, isMainNode: node === 0 },
          container: { image: "mpi:latest", command: ["mpirun", node === 0 ? "--main" : "--worker"] },
          ...extra
        })
      )
    deliver("BATCH_MNP", `node ${node} RUNNING`, nd("RUNNING", { startedAt: s(100 + node) }), s(100 + node), "recorded")
    deliver(
      "BATCH_MNP",
      `node ${node} SUCCEEDED`,
      nd("SUCCEEDED", {
        startedAt: s(100 + node),
        stoppedAt: s(900),
        attempts: [attempt(jobId, s(100 + node), s(900), 0, undefined)]
      }),
      s(901),
      "recorded"
    )
    jobs[jobId] = {
      status: "SUCCEEDED",
      attempts: 1,
      history: ["RUNNING", "SUCCEEDED"],
      shape: "node",
      mainJob: main,
      nodeIndex: node
    }
  }
  deliver(
    "BATCH_MNP",
    "main job SUCCEEDED",
    clean(base(main, "SUCCEEDED", { nodeProperties, startedAt: s(100), stoppedAt: s(900) })),
    s(902),
    "recorded"
  )
  jobs[main] = {
    status: "SUCCEEDED",
    attempts: 1,
    history: ["RUNNABLE", "SUCCEEDED"],
    shape: "multi-node",
    numNodes: 3,
    mainNode: 0,
    nodeRanges: ["0:0", "1:2"]
  }
}

// 8. BATCH_EKS: a job on Amazon EKS (pod properties, eksAttempts) that is retried once.
{
  const id = "2d044787-c663-4ce6-a6fe-f2baf7e51b04"
  const pod = (extra = {}) => ({
    podProperties: {
      nodeName: "ip-192-168-55-175.ec2.internal",
      containers: [
        {
          image: "public.ecr.aws/amazonlinux/amazonlinux:2",
          command: ["sleep", "60"],
          resources: { requests: { cpu: "1", memory: "1024Mi" } },
          ...extra
        }
      ],
      podName: "aws-batch.b0aca953-ba8f-3791-83e2-ed13af39428c"
    }
  })
  const base = (status, extra) => {
    const d = container(id, "MyJobOnEks", "My-Eks-JQ1", status, {
      jobDefinition: arn("job-definition", "MyJobOnEks_SleepWithRequestsOnly:1"),
      eksProperties: pod(),
      platformCapabilities: ["EKS"],
      ...extra
    })
    delete d.container
    return d
  }
  const eksAttempt = {
    containers: [{ exitCode: 1, reason: "Error" }],
    eksClusterArn: `arn:aws:eks:${region}:${account}:cluster/batch`,
    nodeName: "ip-192-168-55-175.ec2.internal",
    podName: "aws-batch.a1",
    podNamespace: "batch",
    startedAt: s(30),
    stoppedAt: s(90),
    statusReason: "Pod failed"
  }
  deliver("BATCH_EKS", "RUNNING on EKS", base("RUNNING", { startedAt: s(30) }), s(30), "recorded")
  deliver(
    "BATCH_EKS",
    "RUNNABLE again after the pod failed (eksAttempts[0])",
    base("RUNNABLE", {
      attempts: [{ startedAt: s(30), stoppedAt: s(90), statusReason: "Pod failed" }],
      eksAttempts: [eksAttempt]
    }),
    s(91),
    "recorded"
  )
  deliver(
    "BATCH_EKS",
    "SUCCEEDED on the second attempt",
    base("SUCCEEDED", {
      startedAt: s(120),
      stoppedAt: s(180),
      eksProperties: pod({ exitCode: 0 }),
      attempts: [
        { startedAt: s(30), stoppedAt: s(90), statusReason: "Pod failed" },
        { startedAt: s(120), stoppedAt: s(180), statusReason: "Pod completed" }
      ],
      eksAttempts: [
        eksAttempt,
        {
          ...eksAttempt,
          containers: [{ exitCode: 0 }],
          startedAt: s(120),
          stoppedAt: s(180),
          statusReason: "Pod completed"
        }
      ]
    }),
    s(181),
    "recorded"
  )
  jobs[id] = {
    status: "SUCCEEDED",
    attempts: 2,
    history: ["RUNNING", "RUNNABLE", "SUCCEEDED"],
    shape: "eks",
    podName: "aws-batch.b0aca953-ba8f-3791-83e2-ed13af39428c"
  }
}

// 9. BATCH_ECS: an ecsProperties job (one task, two containers), failing in its sidecar.
{
  const id = "3e155898-d774-4d7e-b7c5-00000000a300"
  const task = (extra = {}) => ({
    taskProperties: [
      {
        containers: [
          { name: "app", image: "app:3", command: ["serve"], essential: true, ...extra.app },
          { name: "log-router", image: "fluent-bit:2", essential: false, ...extra.sidecar }
        ]
      }
    ]
  })
  const base = (status, extra) => {
    const d = container(id, "ecs-multi", "media", status, {
      jobDefinition: arn("job-definition", "ecs-multi:7"),
      ecsProperties: task(extra?.task),
      ...extra?.detail
    })
    delete d.container
    return d
  }
  deliver(
    "BATCH_ECS",
    "RUNNING ecsProperties job",
    base("RUNNING", { detail: { startedAt: s(10) } }),
    s(10),
    "recorded"
  )
  deliver(
    "BATCH_ECS",
    "FAILED: app exited 3",
    base("FAILED", {
      task: {
        app: { exitCode: 3, reason: "app crashed", logStreamName: "ecs-multi/app/aaa" },
        sidecar: { exitCode: 0 }
      },
      detail: {
        startedAt: s(10),
        stoppedAt: s(70),
        statusReason: "Essential container in task exited",
        attempts: [
          {
            startedAt: s(10),
            stoppedAt: s(70),
            statusReason: "Essential container in task exited",
            taskProperties: [
              { containers: [{ name: "app", exitCode: 3, reason: "app crashed", logStreamName: "ecs-multi/app/aaa" }] }
            ]
          }
        ]
      }
    }),
    s(71),
    "recorded"
  )
  jobs[id] = {
    status: "FAILED",
    attempts: 1,
    history: ["RUNNING", "FAILED"],
    shape: "ecs",
    exitCode: 3,
    containers: ["app", "log-router"]
  }
}

// 10. BATCH_EVENTS: only the final event was seen (the rule was created while the job ran).
{
  const id = "0b1c2d3e-0000-4000-8000-00000000a010"
  deliver(
    "BATCH_EVENTS",
    "SUCCEEDED only, with startedAt and stoppedAt",
    container(id, "nightly-export", "exports", "SUCCEEDED", {
      startedAt: s(1000),
      stoppedAt: s(1450),
      attempts: [attempt(id, s(1000), s(1450), 0, undefined)]
    }),
    s(1451),
    "recorded"
  )
  jobs[id] = { status: "SUCCEEDED", attempts: 1, history: ["SUCCEEDED"], shape: "container", runTimeMillis: 450_000 }
}

// 11. Out of order: SUCCEEDED arrives before RUNNING (EventBridge does not order deliveries).
{
  const id = "0b1c2d3e-0000-4000-8000-00000000a011"
  deliver(
    "BATCH_EVENTS",
    "SUCCEEDED first",
    container(id, "late-runner", "exports", "SUCCEEDED", {
      startedAt: s(2000),
      stoppedAt: s(2100),
      attempts: [attempt(id, s(2000), s(2100), 0, undefined)]
    }),
    s(2101),
    "recorded"
  )
  deliver(
    "BATCH_EVENTS",
    "RUNNING arrives after SUCCEEDED",
    container(id, "late-runner", "exports", "RUNNING", { startedAt: s(2000) }),
    s(2000),
    "late"
  )
  jobs[id] = {
    status: "SUCCEEDED",
    attempts: 1,
    history: ["RUNNING", "SUCCEEDED"],
    shape: "container",
    runTimeMillis: 100_000
  }
}

// 12. Another region (multi-region dashboards).
{
  const id = "0b1c2d3e-0000-4000-8000-00000000a012"
  const d = {
    ...container(id, "eu-report", "reports", "SUCCEEDED", { startedAt: s(3000), stoppedAt: s(3060) }),
    jobArn: `arn:aws:batch:eu-west-1:${account}:job/${id}`,
    jobQueue: `arn:aws:batch:eu-west-1:${account}:job-queue/reports`
  }
  deliver("BATCH_EVENTS", "SUCCEEDED in eu-west-1", d, s(3061), "recorded", { region: "eu-west-1" })
  jobs[id] = { status: "SUCCEEDED", attempts: 1, history: ["SUCCEEDED"], shape: "container", region: "eu-west-1" }
}

// 13. Not job state changes: rejected with the field that is wrong.
{
  const svc = {
    attempts: [
      {
        serviceResourceId: {
          name: "TrainingJobArn",
          value: `arn:aws:sagemaker:${region}:${account}:training-job/AWSBatchmy-training-job`
        },
        startedAt: s(0),
        stoppedAt: s(100),
        statusReason: "Received status from SageMaker: Training job completed"
      }
    ],
    createdAt: s(0),
    jobArn: arn("service-job", "svc-1"),
    jobId: "svc-1",
    jobName: "my-training-job",
    jobQueue: arn("job-queue", "sagemaker"),
    serviceJobType: "SAGEMAKER_TRAINING",
    status: "SUCCEEDED"
  }
  seq++
  lines.push({
    source: "BATCH_SERVICE",
    note: "a Batch Service Job State Change (SageMaker)",
    expect: "rejected:detail-type",
    event: {
      version: "0",
      id: "svc-event-1",
      "detail-type": "Batch Service Job State Change",
      source: "aws.batch",
      account,
      time: iso(s(101)),
      region,
      resources: [arn("service-job", "svc-1")],
      detail: svc
    }
  })
  const noName = container("0b1c2d3e-0000-4000-8000-00000000a013", "x", "media", "RUNNING")
  delete noName.jobName
  deliver("BATCH_EVENTS", "detail without jobName", noName, s(10), "rejected:detail.jobName")
  deliver(
    "BATCH_EVENTS",
    "an unknown status",
    container("0b1c2d3e-0000-4000-8000-00000000a014", "x", "media", "CANCELLED"),
    s(10),
    "rejected:detail.status"
  )
}

writeFileSync(new URL("batch.ndjson", import.meta.url), `${lines.map((l) => JSON.stringify(l)).join("\n")}\n`)
writeFileSync(new URL("batch-jobs.json", import.meta.url), `${JSON.stringify(jobs, null, 2)}\n`)
console.log(`${lines.length} deliveries, ${Object.keys(jobs).length} jobs`)
