import * as cdk from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import { Construct } from 'constructs';
import { recordBlock } from './block-metadata';
import { allowLogsToUse, blockVpc, encryptionKey, vpcAzCount } from './common';
import { ReplicatedDatabase } from './replicated-database';
import { resolvePlan } from '../core/blocks/common';
import {
  planShardedDatabase, shardIndexOf, ShardedDatabaseOptions, ShardedDatabasePlan, ShardPlan, ShardStackGroupPlan,
} from '../core/blocks/sharded-database';
import { checkOptionsObject } from '../core/inputs';
import { ShardingStrategy, ShardMap, ShardMapPages, ShardMaps } from '../core/router';
import { Rules } from '../core/validation';

/** Props of a ShardedDatabase: the neutral options, plus the network. */
export interface ShardedDatabaseProps extends ShardedDatabaseOptions {
  /**
   * The VPC every shard is placed in (HASH and RANGE: the shards share it). Not with
   * GEOGRAPHIC: each shard is deployed in its own Region and creates its VPC there.
   *
   * @default - HASH and RANGE: one VPC created by the block over the most AZs any shard spans; GEOGRAPHIC: a VPC per shard, in its Region
   */
  readonly vpc?: ec2.IVpc;
  /**
   * A plan already resolved (SystemStack passes the plans of its chain). When given, no other
   * block option may be set.
   *
   * @default - the plan the options make
   */
  readonly plan?: ShardedDatabasePlan;
}

/**
 * ShardedDatabase: N shards, each a ReplicatedDatabase, and the shard map that routes keys to
 * them, published to SSM Parameter Store and as a stack output for the runtime `ShardRouter`.
 *
 * Where the shards go, as the plan's stack groups say:
 * - HASH and RANGE: each stack group is a `cdk.NestedStack` of this construct's stack (its
 *   construct id is the group's id, e.g. `shards-0`), so no template passes CloudFormation's
 *   500 resources however many shards there are. The home stack publishes the map with every
 *   shard's writer endpoint filled in (nested stack outputs).
 * - GEOGRAPHIC: each shard is deployed in its Region, as its own `cdk.Stack` in the same Stage
 *   (App) as this construct's stack, with its own VPC and key. No token crosses a Region:
 *   every shard stack publishes its writer endpoint under `<parameter>/endpoints/<shard id>` and
 *   a copy of the map, with that shard's endpoint filled in, under the map's parameter name in
 *   its Region; the home stack publishes the map in its own Region without endpoints (each
 *   entry names its Region: an app reads `<parameter>/endpoints/<shard id>` there).
 */
export class ShardedDatabase extends Construct implements ec2.IConnectable {
  /** The resolved plan this construct renders. */
  public readonly plan: ShardedDatabasePlan;
  /** The shards' databases, in the plan's (shard map's) order. */
  public readonly shards: ReplicatedDatabase[];
  /** The stacks the shards are rendered in, in the plan's stack group order: nested stacks (HASH, RANGE) or regional stacks (GEOGRAPHIC). */
  public readonly shardStacks: cdk.Stack[];
  /** The VPC the shards share (HASH and RANGE); undefined with GEOGRAPHIC. */
  public readonly vpc?: ec2.IVpc;
  /** The shard map as published by the home stack (HASH and RANGE: with writer endpoints as tokens; GEOGRAPHIC: without endpoints). */
  public readonly shardMap: ShardMap;
  /**
   * The whole shard map of the home stack as JSON (a token that resolves to the JSON). It is
   * published as is when the plan publishes one page; otherwise its pages are (`shardMapPageJsons`).
   */
  public readonly shardMapJson: string;
  /** The JSON of each page the home stack publishes, in the plan's page order (one entry: the whole map). */
  public readonly shardMapPageJsons: string[];
  /** The SSM parameter of the home stack that holds the shard map (its first page when it has several). */
  public readonly shardMapParameter: ssm.StringParameter;
  /** Every page parameter of the home stack, in page order (`plan.shardMapPageParameterNames`). */
  public readonly shardMapPageParameters: ssm.StringParameter[];
  /** GEOGRAPHIC: the copies of the map published in each shard Region (every page), in the plan's shard order. */
  public readonly regionalShardMapParameters: ssm.StringParameter[];
  /**
   * The endpoint the shard map holds for every shard, by shard id (tokens of the stack each lives
   * in): its RDS Proxy's when the shard's plan has one (`database.proxy`), else its writer's.
   */
  public readonly writerEndpoints: { [shardId: string]: string };
  /** Network access to every shard deployed beside this construct (HASH and RANGE; GEOGRAPHIC shards are reached in their Regions). */
  public readonly connections: ec2.Connections;

  constructor(scope: Construct, id: string, props: ShardedDatabaseProps = {}) {
    super(scope, id);
    checkOptionsObject(props, this.node.path, 'props', 'ShardedDatabaseProps');
    const { vpc: givenVpc, plan, ...options } = props;
    this.plan = resolvePlan(options, plan, planShardedDatabase, this.node.path, { networkAzCount: vpcAzCount(givenVpc, true) });
    const p = this.plan;
    const geographic = p.strategy === ShardingStrategy.GEOGRAPHIC;

    const rules = new Rules(this.node.path);
    rules.check('vpc', givenVpc ? givenVpc.vpcId : undefined, !(givenVpc && geographic),
      'unset with GEOGRAPHIC: each shard is deployed in its own Region and creates its VPC there');
    rules.throwIfInvalid();

    const home = cdk.Stack.of(this);
    const byId = new Map<string, ReplicatedDatabase>();
    this.shardStacks = [];
    this.regionalShardMapParameters = [];
    this.writerEndpoints = {};

    if (geographic) {
      this.vpc = undefined;
      const stage = cdk.Stage.of(this);
      rules.check('strategy', p.strategy, stage !== undefined,
        'HASH or RANGE when the stack is not in an App or Stage (GEOGRAPHIC shard stacks are created beside it)');
      rules.throwIfInvalid();
      for (const group of p.stackGroups) {
        const stack = new cdk.Stack(stage!, regionalStackId(home, this, group), {
          env: { account: cdk.Token.isUnresolved(home.account) ? undefined : home.account, region: group.region },
          description: `Shard ${group.shardIds.join(', ')} of the ${p.name} sharded database (${group.region})`,
        });
        this.shardStacks.push(stack);
        for (const shard of shardsOf(p, group)) {
          const db = new ReplicatedDatabase(stack, shard.id, { plan: shard.database });
          byId.set(shard.id, db);
          this.writerEndpoints[shard.id] = mapEndpointOf(db);
          new ssm.StringParameter(stack, `${shard.id}-endpoint`, {
            parameterName: shard.endpointParameterName,
            description: `${db.proxyEndpoint ? 'Proxy' : 'Writer'} endpoint of shard ${shard.id} of ${p.name}`,
            stringValue: mapEndpointOf(db),
          });
        }
        // The map in the shard's Region, with the endpoints known there.
        const local = ShardMaps.withEndpoints(p.shardMap,
          Object.fromEntries(group.shardIds.map((sid) => [sid, mapEndpointOf(byId.get(sid)!)])));
        const pages = publishPages(stack, p, local, (of) => `Shard map of ${p.name} (${group.region} endpoints filled in${of})`);
        this.regionalShardMapParameters.push(...pages.parameters);
      }
      this.shardMap = p.shardMap;
    } else {
      const key = givenVpc ? undefined : encryptionKey(this, 'Key', `Encrypts the flow logs of the ${p.name} sharded database's VPC`, p.kmsKeyDeletionWindowDays);
      if (key) allowLogsToUse(key);
      const azCount = Math.max(...p.shards.map((s) => s.database.azCount));
      this.vpc = givenVpc ?? blockVpc(this, 'Vpc', { azCount, logKey: key!, network: p.createdNetwork });
      for (const group of p.stackGroups) {
        const nested = new cdk.NestedStack(this, group.id, {
          description: `Shards ${group.shardIds.join(', ')} of the ${p.name} sharded database`,
        });
        this.shardStacks.push(nested);
        for (const shard of shardsOf(p, group)) {
          const db = new ReplicatedDatabase(nested, shard.id, { plan: shard.database, vpc: this.vpc });
          byId.set(shard.id, db);
          this.writerEndpoints[shard.id] = mapEndpointOf(db);
        }
      }
      this.shardMap = ShardMaps.withEndpoints(p.shardMap, { ...this.writerEndpoints });
    }
    this.shards = p.shards.map((s) => byId.get(s.id)!);
    this.connections = new ec2.Connections({
      securityGroups: geographic ? [] : this.shards.map((s) => s.securityGroup),
      defaultPort: uniformPort(this.shards),
    });

    this.shardMapJson = home.toJsonString(this.shardMap);
    const published = publishPages(this, p, this.shardMap,
      (of, reader) => `Shard map of ${p.name} (version ${p.shardMap.version}, ${p.strategy}${of}) for ${reader}`);
    this.shardMapPageJsons = published.jsons;
    this.shardMapPageParameters = published.parameters;
    this.shardMapParameter = published.parameters[0];
    new cdk.CfnOutput(this, 'ShardMapParameterName', { description: `SSM parameter holding the shard map of ${p.name}`, value: p.shardMapParameterName });
    recordBlock(this, this.plan);
  }

  /**
   * The database of one shard.
   *
   * @param shardId the shard's id, as in the shard map
   */
  public shard(shardId: string): ReplicatedDatabase {
    return this.shards[shardIndexOf(this.plan, shardId, this.node.path)];
  }

  /**
   * Grants reading the shard map parameters of the home stack, every page (`ssm:GetParameter`).
   *
   * @param grantee the principal to grant
   */
  public grantReadShardMap(grantee: iam.IGrantable): iam.Grant {
    return this.shardMapPageParameters.map((page) => page.grantRead(grantee)).reduce((a, b) => a.combine(b));
  }

  /**
   * Grants IAM database authentication on every shard (HASH and RANGE). GEOGRAPHIC shards live in
   * other Regions: grant with `shard(id).grantConnect()` from a stack of that Region.
   *
   * @param grantee the principal to grant
   * @param dbUser the database user to connect as
   * @default dbUser - each shard's master user name
   */
  public grantConnect(grantee: iam.IGrantable, dbUser?: string): iam.Grant {
    const rules = new Rules(this.node.path);
    rules.check('strategy', this.plan.strategy, this.plan.strategy !== ShardingStrategy.GEOGRAPHIC,
      'HASH or RANGE for a grant on every shard (GEOGRAPHIC: shard(id).grantConnect() from a stack in the shard\'s Region)');
    rules.throwIfInvalid();
    const grants = this.shards.map((s) => s.grantConnect(grantee, dbUser));
    return grants.reduce((a, b) => a.combine(b));
  }
}

/** The endpoint the map holds for a shard: its proxy's when it has one (clients connect through it), else its writer's. */
function mapEndpointOf(db: ReplicatedDatabase): string {
  return db.proxyEndpoint ?? db.writerEndpoint;
}

/** The shards of a stack group, in the plan's order. */
function shardsOf(plan: ShardedDatabasePlan, group: ShardStackGroupPlan): ShardPlan[] {
  return plan.shards.filter((s) => group.shardIds.includes(s.id));
}

/** The id of a GEOGRAPHIC shard's stack in the Stage: `<home stack>-<block>-<group>`, letters, digits and hyphens. */
function regionalStackId(home: cdk.Stack, block: Construct, group: ShardStackGroupPlan): string {
  return `${home.node.id}-${block.node.id}-${group.id}`.replace(/[^A-Za-z0-9-]/g, '-');
}

/** The shards' common port (the default port of `connections`), or undefined when they differ. */
function uniformPort(shards: ReplicatedDatabase[]): ec2.Port | undefined {
  const ports = [...new Set(shards.map((s) => s.port))];
  return ports.length === 1 ? ec2.Port.tcp(ports[0]) : undefined;
}

function tierOf(tier: string): ssm.ParameterTier {
  switch (tier) {
    case 'Standard': return ssm.ParameterTier.STANDARD;
    case 'Advanced': return ssm.ParameterTier.ADVANCED;
    default: return ssm.ParameterTier.INTELLIGENT_TIERING;
  }
}

/** The plan's SSM data type as aws-cdk-lib spells it (the plan rules admit only `text`). */
function dataTypeOf(dataType: string): ssm.ParameterDataType {
  return dataType as ssm.ParameterDataType;
}

/**
 * Publishes `map` in the plan's pages (router `ShardMapPages.split`): one SSM parameter and one
 * stack output per page, named as the plan says. One page keeps the ids, names and descriptions of
 * a single map (`ShardMap`, `ShardMapOutput`); page k of several adds `Page<k>` to both ids.
 */
function publishPages(scope: Construct, plan: ShardedDatabasePlan, map: ShardMap,
  outputDescription: (page: string, reader: string) => string): { parameters: ssm.StringParameter[]; jsons: string[] } {
  const stack = cdk.Stack.of(scope);
  const pages = ShardMapPages.split(map, plan.shardMapShardsPerPage);
  const parameters: ssm.StringParameter[] = [];
  const jsons: string[] = [];
  pages.forEach((page, k) => {
    const json = stack.toJsonString(page);
    const suffix = k === 0 ? '' : `Page${k}`;
    const of = pages.length === 1 ? '' : `, page ${k + 1} of ${pages.length}`;
    const reader = pages.length === 1 ? 'ShardRouter.fromJson()' : 'ShardRouter.fromPages()';
    jsons.push(json);
    parameters.push(new ssm.StringParameter(scope, `ShardMap${suffix}`, {
      parameterName: plan.shardMapPageParameterNames[k],
      description: `Shard map of ${plan.name}: version ${plan.shardMap.version}, ${plan.strategy}${of}, read by ${reader}`,
      stringValue: json,
      tier: tierOf(plan.shardMapParameterTier),
      dataType: dataTypeOf(plan.shardMapParameterDataType),
    }));
    new cdk.CfnOutput(scope, `ShardMapOutput${suffix}`, { description: outputDescription(of, reader), value: json });
  });
  return { parameters, jsons };
}
