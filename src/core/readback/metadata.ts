import { BlockKind, BlockPlanBase } from '../blocks/common';
import { MicroserviceGatewayPlan } from '../blocks/microservice-gateway';
import { ShardedDatabasePlan } from '../blocks/sharded-database';
import { TieredCachePlan } from '../blocks/tiered-cache';
import { WorkQueuePlan } from '../blocks/work-queue';
import { AssumedInput, SizingPolicy } from '../sizing/report';

/*
 * The block metadata every block construct writes into what it synthesizes, so that a reader of
 * the synthesized output alone knows which resources form a block, what load the block declared
 * and which plan it was rendered from. Built once here; both backends write this same object.
 */

/** Version of the metadata format; a reader rejects a version it does not know. */
export const BLOCK_METADATA_VERSION = 1;

/**
 * CloudFormation: the key of the template-level `Metadata` entry that holds the blocks of that
 * template, `{ "<construct path>": BlockMetadata }`.
 */
export const CFN_BLOCKS_METADATA_KEY = 'scaleblocks:blocks';

/**
 * Terraform: cdk.tf.json keeps it under the stack's comment object (`"//"`, which Terraform
 * ignores): `"//": { "scaleblocks": { "blocks": { "<construct path>": BlockMetadata } } }`.
 */
export const TF_METADATA_KEY = 'scaleblocks';

/** A shard of a ShardedDatabase, as its metadata lists it. */
export interface ShardMetadata {
  readonly id: string;
  /** The shard's Region; absent: the block's stack Region. */
  readonly region?: string;
  /** Share of the block's load the shard is sized for. */
  readonly loadShare: number;
  /** Plan path of the shard's ReplicatedDatabase (its own block metadata names it). */
  readonly planPath: string;
  /** Plan id of the shard's ReplicatedDatabase plan. */
  readonly planId: string;
}

/** A service of a MicroserviceGateway, as its metadata lists it. */
export interface GatewayServiceMetadata {
  readonly name: string;
  /** Share of the gateway's requests the service takes. */
  readonly requestShare: number;
  /** The service's declared load (an ApiLoadPlan). */
  readonly load: { [key: string]: unknown };
  /** Plan path and plan id of the service's database, when it has one. */
  readonly databasePlanPath?: string;
  readonly databasePlanId?: string;
}

/** What a block records about itself in the synthesized output. */
export interface BlockMetadata {
  /** `BLOCK_METADATA_VERSION` of the writer. */
  readonly version: number;
  readonly kind: BlockKind;
  readonly name: string;
  /** The plan's path (a construct path, or a spec path such as `social/api` in a SystemStack). */
  readonly planPath: string;
  /** Short stable hash of the plan's canonical JSON: equal ids, equal plans. */
  readonly planId: string;
  /** The plan's `load`: the declared load, every default made explicit. */
  readonly load: { [key: string]: unknown };
  /** The utilisation bounds the block is sized against. */
  readonly sizing: SizingPolicy;
  /** The sizing inputs the plan took as defaults. */
  readonly assumed: AssumedInput[];
  /** ShardedDatabase only: the shards and the share each carries. */
  readonly shards?: ShardMetadata[];
  /** MicroserviceGateway only: each service's share and load. */
  readonly services?: GatewayServiceMetadata[];
  /** MicroserviceGateway only: the account-level throttle the plan checks against (requests/s, burst). */
  readonly accountThrottle?: { readonly rateLimit: number; readonly burstLimit: number };
  /**
   * Sizing inputs the plan holds that no resource property shows: TieredCache
   * `readFromReplica`, `reservedMemoryPercent`, `nodesPerClusterQuota`; WorkQueue with Fargate
   * workers `jobTimeoutSeconds`.
   */
  readonly inputs?: { [key: string]: unknown };
  /**
   * CloudFormation only: logical ids of the block's resources in the template that holds this
   * entry, so the read-back groups them even when the template has no `aws:cdk:path` metadata.
   */
  readonly resources?: string[];
  /**
   * The block's plan, as canonical JSON (keys sorted, `undefined` left out), so a reader of the
   * synthesized output alone can size the block as it will deploy (`applyReadBack`). A
   * ShardedDatabase leaves its shards' database plans out: each shard's ReplicatedDatabase
   * carries its own plan in its own metadata, so a template never holds hundreds of plans.
   * Absent in metadata written before this field existed.
   */
  readonly plan?: { [key: string]: unknown };
}

/** The metadata of a plan (what both backends write). */
export function blockMetadataOf(plan: BlockPlanBase): BlockMetadata {
  const anyPlan = plan as BlockPlanBase & { load?: { [key: string]: unknown } };
  const base: BlockMetadata = {
    version: BLOCK_METADATA_VERSION,
    kind: plan.kind,
    name: plan.name,
    planPath: plan.path,
    planId: planIdOf(plan),
    load: plainCopy(anyPlan.load ?? {}),
    sizing: plainCopy(plan.sizing),
    assumed: plainCopy(plan.assumed),
    plan: plainCopy(plan.kind === BlockKind.SHARDED_DATABASE ? withoutShardPlans(plan as ShardedDatabasePlan) : plan) as unknown as {
      [key: string]: unknown;
    },
  };
  if (plan.kind === BlockKind.SHARDED_DATABASE) {
    const p = plan as ShardedDatabasePlan;
    return {
      ...base,
      shards: p.shards.map((s) => ({
        id: s.id,
        ...(s.region !== undefined ? { region: s.region } : {}),
        loadShare: s.loadShare,
        planPath: s.database.path,
        planId: planIdOf(s.database),
      })),
    };
  }
  if (plan.kind === BlockKind.MICROSERVICE_GATEWAY) {
    const p = plan as MicroserviceGatewayPlan;
    return {
      ...base,
      services: p.services.map((s) => ({
        name: s.name,
        requestShare: s.requestShare,
        load: plainCopy(s.load) as unknown as { [key: string]: unknown },
        ...(s.database ? { databasePlanPath: s.database.path, databasePlanId: planIdOf(s.database) } : {}),
      })),
      accountThrottle: { rateLimit: p.accountThrottleRps, burstLimit: p.accountBurst },
    };
  }
  if (plan.kind === BlockKind.TIERED_CACHE) {
    const a = (plan as TieredCachePlan).application;
    return {
      ...base,
      inputs: { readFromReplica: a.readFromReplica, reservedMemoryPercent: a.reservedMemoryPercent, nodesPerClusterQuota: a.nodesPerClusterQuota },
    };
  }
  if (plan.kind === BlockKind.WORK_QUEUE) {
    const f = (plan as WorkQueuePlan).workers.fargate;
    return f ? { ...base, inputs: { jobTimeoutSeconds: f.jobTimeoutSeconds } } : base;
  }
  return base;
}

/** A ShardedDatabase plan without its shards' database plans (each shard's own metadata holds its plan). */
function withoutShardPlans(plan: ShardedDatabasePlan): object {
  return { ...plan, shards: plan.shards.map((s) => ({ ...s, database: undefined })) };
}

/** A short stable id of a plan: 16 hex digits of a hash of its canonical JSON (keys sorted). */
export function planIdOf(plan: unknown): string {
  return hash64(canonicalJson(plan));
}

/** JSON with object keys sorted at every level and `undefined` members left out. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    return JSON.stringify(value === undefined ? null : value) ?? 'null';
  }
  if (Array.isArray(value)) return `[${value.map((v) => canonicalJson(v)).join(',')}]`;
  const entries = Object.keys(value as object).sort()
    .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
    .map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`);
  return `{${entries.join(',')}}`;
}

/** Two independent 32-bit FNV-1a hashes of the UTF-16 code units: 16 hex digits. */
/* eslint-disable no-bitwise -- a hash is bit arithmetic */
function hash64(text: string): string {
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ 0x5bd1e995;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193) >>> 0;
    b = Math.imul(b ^ c ^ (i & 0xff), 0x01000193) >>> 0;
  }
  return a.toString(16).padStart(8, '0') + b.toString(16).padStart(8, '0');
}
/* eslint-enable no-bitwise */

function plainCopy<T>(value: T): T {
  return JSON.parse(canonicalJson(value)) as T;
}
