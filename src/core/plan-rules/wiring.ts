import { ENV_NAME_ALLOWED, ENV_NAME_PATTERN, enumValues } from '../blocks/common';
import { DatabaseAttribute, WiredBlock, WiringPermission } from '../blocks/shared/wiring';
import { CacheEnvironmentValue } from '../blocks/tiered-cache/options';
import { WorkQueueAttribute, WorkQueuePermission } from '../blocks/work-queue/options';
import { isPlainObject } from '../validation';
import { PlanValueRules } from './common';

/*
 * Rules of a consumer's wiring (`api.wiring`, `queue.workers.wiring`) in a plan handed to a
 * construct: `planSystem` makes a wiring that passes them by construction; a supplied plan may
 * hold anything the schema lets through, and the backends would then fail on it with a TypeError
 * (a shard ingress without its shard, a grant on a block it is not of). Every entry is checked
 * against the vocabulary of the block it names.
 */

/** The deploy-time attributes each block has (what an environment entry may name). */
const ATTRIBUTES: Record<WiredBlock, string[]> = {
  [WiredBlock.DATABASE]: [DatabaseAttribute.WRITER_ENDPOINT, DatabaseAttribute.READER_ENDPOINT, DatabaseAttribute.PORT],
  [WiredBlock.SHARDED_DATABASE]: [DatabaseAttribute.SHARD_MAP_PARAMETER_NAME],
  [WiredBlock.CACHE]: enumValues(CacheEnvironmentValue),
  [WiredBlock.QUEUE]: enumValues(WorkQueueAttribute),
  [WiredBlock.DATABASE_PROXY]: [DatabaseAttribute.PROXY_ENDPOINT],
};

/** The block each permission is granted on. */
const PERMISSION_BLOCK: Record<WiringPermission, WiredBlock> = {
  [WiringPermission.DATABASE_CONNECT]: WiredBlock.DATABASE,
  [WiringPermission.DATABASE_PROXY_CONNECT]: WiredBlock.DATABASE_PROXY,
  [WiringPermission.SHARD_MAP_READ]: WiredBlock.SHARDED_DATABASE,
  [WiringPermission.SHARD_CREDENTIALS_READ]: WiredBlock.SHARDED_DATABASE,
  [WiringPermission.CACHE_AUTH_SECRET_READ]: WiredBlock.CACHE,
  [WiringPermission.CACHE_CONNECT]: WiredBlock.CACHE,
  [WiringPermission.QUEUE]: WiredBlock.QUEUE,
};

/** Blocks with a secret a consumer can be handed. */
const SECRET_BLOCKS: string[] = [WiredBlock.DATABASE, WiredBlock.CACHE];
/** Blocks that admit a consumer on a port (a queue is reached through its API, never on a port). */
const INGRESS_BLOCKS: string[] = [WiredBlock.DATABASE, WiredBlock.SHARDED_DATABASE, WiredBlock.CACHE, WiredBlock.DATABASE_PROXY];

const isBlock = (v: unknown): v is WiredBlock => typeof v === 'string' && (enumValues(WiredBlock) as string[]).includes(v);
const isShardId = (v: unknown) => typeof v === 'string' && v.length > 0;

/**
 * Checks the wiring at `path` of a plan, when one is there.
 *
 * @param consumer the consumer path the wiring must name (`api`, `queue.workers`)
 */
export function checkWiring(r: PlanValueRules, path: string, consumer: string): void {
  const w = r.nested(path);
  if (!w) return;
  w.rules.check(w.prop('consumer'), w.at('consumer'), w.at('consumer') === consumer, `"${consumer}": the consumer whose plan holds this wiring`);
  const environment = w.at('environment');
  if (isPlainObject(environment)) {
    for (const [name, entry] of Object.entries(environment)) {
      const prop = w.prop(`environment.${name}`);
      w.rules.check(prop, name, ENV_NAME_PATTERN.test(name), ENV_NAME_ALLOWED);
      if (!isPlainObject(entry)) continue;
      const hasValue = entry.value !== undefined;
      const hasBlock = entry.block !== undefined || entry.attribute !== undefined;
      if (!w.rules.check(prop, entry, hasValue !== hasBlock, 'either a plan-time value, or a block and one of its attributes')) continue;
      if (hasBlock && isBlock(entry.block)) {
        const allowed = ATTRIBUTES[entry.block];
        w.rules.check(`${prop}.attribute`, entry.attribute, typeof entry.attribute === 'string' && allowed.includes(entry.attribute),
          `an attribute of ${entry.block}: ${allowed.join(', ')}`);
      } else if (hasBlock) {
        w.rules.check(`${prop}.block`, entry.block, false, `one of ${enumValues(WiredBlock).join(', ')}`);
      }
    }
  }
  const secrets = w.at('secrets');
  if (isPlainObject(secrets)) {
    for (const [name, entry] of Object.entries(secrets)) {
      const prop = w.prop(`secrets.${name}`);
      w.rules.check(prop, name, ENV_NAME_PATTERN.test(name), ENV_NAME_ALLOWED);
      if (!isPlainObject(entry)) continue;
      w.rules.check(`${prop}.block`, entry.block, SECRET_BLOCKS.includes(entry.block as string), `${SECRET_BLOCKS.join(' or ')}: a block with a secret`);
    }
  }
  w.each('ingress', (i) => {
    const block = i.at('block');
    if (!i.rules.check(i.prop('block'), block, INGRESS_BLOCKS.includes(block as string), `${INGRESS_BLOCKS.join(', ')}: a block that admits the consumer on a port`)) return;
    const sharded = block === WiredBlock.SHARDED_DATABASE;
    // A proxy is the database's (no shardId) or a shard's (its shardId).
    const proxy = block === WiredBlock.DATABASE_PROXY && i.at('shardId') !== undefined;
    i.rules.check(i.prop('shardId'), i.at('shardId'), sharded || proxy ? isShardId(i.at('shardId')) : i.at('shardId') === undefined,
      sharded || proxy ? `the id of the shard whose ${proxy ? 'proxy' : 'database'} admits the consumer`
        : `unset: ${String(block)} admits the consumer itself`);
  });
  w.each('grants', (g) => {
    const permission = g.at('permission') as WiringPermission;
    const block = PERMISSION_BLOCK[permission];
    if (block === undefined) return; // a permission out of the enum is the schema's to report
    g.rules.check(g.prop('block'), g.at('block'), g.at('block') === block, `${block}: the block ${permission} is granted on`);
    const needsShard = permission === WiringPermission.SHARD_CREDENTIALS_READ;
    // DATABASE_PROXY_CONNECT is on the database's proxy (no shardId) or on a shard's (its shardId).
    const shardProxy = permission === WiringPermission.DATABASE_PROXY_CONNECT && g.at('shardId') !== undefined;
    g.rules.check(g.prop('shardId'), g.at('shardId'), needsShard || shardProxy ? isShardId(g.at('shardId')) : g.at('shardId') === undefined,
      needsShard ? 'the id of the shard whose credentials are read' : shardProxy ? 'the id of the shard whose proxy is connected to'
        : `unset: ${permission} names no shard`);
    const isQueue = permission === WiringPermission.QUEUE;
    const qp = g.at('queuePermission');
    g.rules.check(g.prop('queuePermission'), qp,
      isQueue ? typeof qp === 'string' && (enumValues(WorkQueuePermission) as string[]).includes(qp) : qp === undefined,
      isQueue ? `one of ${enumValues(WorkQueuePermission).join(', ')}` : `unset: ${permission} is not a queue permission`);
  });
}
