import { DataAwsAvailabilityZones } from '@cdktf/provider-aws/lib/data-aws-availability-zones';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { SsmParameter } from '@cdktf/provider-aws/lib/ssm-parameter';
import { Aspects, Fn, IAspect, TerraformDataSource, TerraformOutput, TerraformResource, TerraformStack, Token } from 'cdktf';
import { Construct, IConstruct } from 'constructs';
import { recordBlock } from './block-metadata';
import { BlockNetwork, encryptionKey, ExistingNetwork, networkAzCount, StackContext } from './common';
import { ReplicatedDatabase } from './replicated-database';
import { resolvePlan } from '../core/blocks/common';
import { planShardedDatabase, shardIndexOf, ShardedDatabaseOptions, ShardedDatabasePlan, ShardPlan } from '../core/blocks/sharded-database';
import { checkOptionsObject } from '../core/inputs';
import { ShardingStrategy, ShardMap, ShardMapPages, ShardMaps } from '../core/router';
import { Rules } from '../core/validation';

/** Props of a Terraform ShardedDatabase: the neutral options, the networks and a resolved plan. */
export interface ShardedDatabaseProps extends ShardedDatabaseOptions {
  /**
   * The network of the shards deployed in the stack's Region (every HASH and RANGE shard, and
   * the GEOGRAPHIC shards whose Region is the stack's AwsProvider's): its isolated subnets (or
   * private ones), at least as many as the shards' `azCount`.
   *
   * @default - the block creates one BlockNetwork, shared by those shards
   */
  readonly network?: ExistingNetwork;
  /**
   * GEOGRAPHIC only: the network of the shards of another Region, keyed by Region name (e.g.
   * `eu-west-1`). The shards of a Region not listed share a BlockNetwork the block creates in
   * that Region.
   *
   * @default - a BlockNetwork per Region other than the stack's
   */
  readonly shardNetworks?: { [region: string]: ExistingNetwork };
  /**
   * A plan already resolved (SystemStack passes the plans of its chain). When given, no other
   * block option may be set.
   *
   * @default - the plan of the other props
   */
  readonly plan?: ShardedDatabasePlan;
}

/**
 * N shards, each a ReplicatedDatabase, and the versioned shard map the runtime ShardRouter reads,
 * with every shard's writer endpoint filled in: published to SSM Parameter Store (name and tier
 * from the plan; GEOGRAPHIC: also in every shard Region) and as a stack output.
 *
 * Shards in the stack's Region share one network (`network`, or a BlockNetwork the block
 * creates). GEOGRAPHIC shards in other Regions are created, in the same stack, through one
 * aliased AwsProvider per Region (shared by every block of the stack, and copying the stack's
 * provider's profile, assumed role, default tags and allowed accounts), each Region with its own
 * network (`shardNetworks`, or a BlockNetwork there). GEOGRAPHIC needs the stack's AwsProvider
 * to name its Region, so the block knows which shards are local.
 *
 * Each shard's construct id is its shard id (`shard-0`, `from-start`, `eu`), as in the CDK
 * backend: adding a shard, or inserting a range between two, renames nothing that exists.
 */
export class ShardedDatabase extends Construct {
  /** The resolved plan this construct renders. */
  public readonly plan: ShardedDatabasePlan;
  /** The shards' databases, in shard map order. */
  public readonly shards: ReplicatedDatabase[] = [];
  /** The endpoint the shard map holds for each shard, by shard id: its RDS Proxy's when its plan has one (`database.proxy`), else its writer's. */
  public readonly writerEndpoints: { [shardId: string]: string } = {};
  /** The shard map with the writer endpoints filled in (JSON, with Terraform references); published as is when it has one page. */
  public readonly shardMapJson: string;
  /** The JSON of each published page, in the plan's page order (one entry: the whole map). */
  public readonly shardMapPageJsons: string[];
  /** The SSM parameter holding the shard map in the stack's Region (its first page when it has several). */
  public readonly shardMapParameter: SsmParameter;
  /** Every page parameter in the stack's Region, in page order (`plan.shardMapPageParameterNames`). */
  public readonly shardMapPageParameters: SsmParameter[];
  /** GEOGRAPHIC: the copies of the shard map parameters (every page) in the shard Regions other than the stack's. */
  public readonly regionalShardMapParameters: SsmParameter[] = [];
  /** GEOGRAPHIC: each shard's writer endpoint parameter, in its Region, in the plan's shard order (the plan's `endpointParameterName`). */
  public readonly endpointParameters: SsmParameter[] = [];
  /** Name of the SSM parameter holding the shard map. */
  public readonly shardMapParameterName: string;
  /** The network the block created for its shards in the stack's Region, when it was given none. */
  public readonly network?: BlockNetwork;
  /** The networks the block created in other Regions, by Region. */
  public readonly regionalNetworks: { [region: string]: BlockNetwork } = {};
  /** The aliased providers of the shard Regions other than the stack's, by Region. */
  public readonly regionalProviders: { [region: string]: AwsProvider } = {};
  private readonly homeShards: ReplicatedDatabase[] = [];

  constructor(scope: Construct, id: string, props: ShardedDatabaseProps = {}) {
    super(scope, id);
    checkOptionsObject(props, this.node.path, 'props', 'ShardedDatabaseProps');
    const { network, shardNetworks, plan, ...options } = props;
    this.plan = resolvePlan(options, plan, planShardedDatabase, this.node.path, { networkAzCount: networkAzCount(network, true) });
    const p = this.plan;
    const geographic = p.strategy === ShardingStrategy.GEOGRAPHIC;

    // --- where each shard goes, checked before anything is created --------------------------------
    const rules = new Rules(this.node.path);
    const home = homeProvider(this);
    const homeRegion = home?.region !== undefined && !Token.isUnresolved(home.region) ? home.region : undefined;
    if (geographic) {
      rules.check('strategy', p.strategy, homeRegion !== undefined,
        'HASH or RANGE, unless the stack\'s AwsProvider (without alias) names its Region as a literal: GEOGRAPHIC compares it with the shards\' Regions');
    }
    const isLocal = (s: ShardPlan): boolean => s.region === undefined || s.region === homeRegion;
    const remoteRegions = [...new Set(p.shards.filter((s) => !isLocal(s)).map((s) => s.region as string))];
    const localShards = p.shards.filter(isLocal);
    const azNeeded = (shards: ShardPlan[]): number => Math.max(0, ...shards.map((s) => s.database.azCount));
    if (network && rules.check('network', 'given', localShards.length > 0,
      `unset: no shard is in the stack's Region (${homeRegion ?? 'unknown'}); give the shards' networks in shardNetworks`)) {
      checkSubnets(rules, 'network', network, azNeeded(localShards));
    }
    for (const [region, net] of Object.entries(shardNetworks ?? {})) {
      const ok = rules.check(`shardNetworks.${region}`, region, geographic && remoteRegions.includes(region),
        geographic
          ? `a Region of a shard outside the stack's Region (${remoteRegions.join(', ') || 'none'}); set network for the stack's Region`
          : 'unset with HASH and RANGE: their shards deploy in the stack\'s Region (set network)');
      if (ok) checkSubnets(rules, `shardNetworks.${region}`, net, azNeeded(p.shards.filter((s) => s.region === region)));
    }
    rules.throwIfInvalid();

    // --- networks ----------------------------------------------------------------------------------
    let localNetwork = network;
    if (!localNetwork && localShards.length > 0) {
      const key = encryptionKey(this, 'Key', `ShardedDatabase ${p.name}: network logs`, p.kmsKeyDeletionWindowDays, ['logs']);
      this.network = new BlockNetwork(this, 'Network', { azCount: azNeeded(localShards), logKey: key, network: p.createdNetwork });
      localNetwork = this.network.toExisting();
    }
    const regional: { [region: string]: { provider: AwsProvider; network: ExistingNetwork } } = {};
    const homeRegionToken = StackContext.of(this).region;
    for (const region of remoteRegions) {
      const provider = regionalProvider(this, region, home);
      this.regionalProviders[region] = provider;
      const inRegion = new Construct(this, `Region-${region}`);
      Aspects.of(inRegion).add(new InRegion(provider, homeRegionToken, region));
      let net = shardNetworks?.[region];
      if (!net) {
        const key = encryptionKey(inRegion, 'Key', `ShardedDatabase ${p.name}: network logs in ${region}`, p.kmsKeyDeletionWindowDays, ['logs']);
        const created = new BlockNetwork(inRegion, 'Network', { azCount: azNeeded(p.shards.filter((s) => s.region === region)), logKey: key, network: p.createdNetwork });
        // BlockNetwork reads AZ names from the stack's Region: give its subnets this Region's.
        const azs = new DataAwsAvailabilityZones(inRegion, 'Azs', { state: 'available' });
        for (const tier of [created.publicSubnets, created.privateSubnets, created.isolatedSubnets]) {
          tier.forEach((subnet, i) => { subnet.availabilityZone = Fn.element(azs.names, i); });
        }
        this.regionalNetworks[region] = created;
        net = created.toExisting();
      }
      regional[region] = { provider, network: net };
    }

    // --- shards --------------------------------------------------------------------------------------
    for (const shard of p.shards) {
      const local = isLocal(shard);
      const db = new ReplicatedDatabase(this, shard.id, {
        plan: shard.database,
        network: local ? localNetwork : regional[shard.region as string].network,
      });
      // Clients connect through the shard's RDS Proxy when its plan has one: the map holds the proxy's endpoint.
      const endpoint = db.proxyEndpoint ?? db.writerEndpoint;
      if (shard.endpointParameterName !== undefined) {
        // The shard's endpoint in its own Region, under the name the plan gives it.
        this.endpointParameters.push(new SsmParameter(this, `${shard.id}-endpoint`, {
          provider: local ? undefined : regional[shard.region as string].provider,
          name: shard.endpointParameterName,
          description: `ShardedDatabase ${p.name}: ${db.proxyEndpoint ? 'proxy' : 'writer'} endpoint of shard ${shard.id}`,
          type: 'String',
          value: endpoint,
        }));
      }
      if (local) {
        this.homeShards.push(db);
      } else {
        Aspects.of(db).add(new InRegion(regional[shard.region as string].provider, homeRegionToken, shard.region as string));
      }
      this.shards.push(db);
      this.writerEndpoints[shard.id] = endpoint;
    }

    // --- the shard map -------------------------------------------------------------------------------
    const map: ShardMap = ShardMaps.withEndpoints(p.shardMap, this.writerEndpoints);
    this.shardMapJson = JSON.stringify(map);
    this.shardMapParameterName = p.shardMapParameterName;
    // The map in the plan's pages (router ShardMapPages.split), one parameter a page; one page keeps the single map's ids.
    const pages = ShardMapPages.split(map, p.shardMapShardsPerPage);
    this.shardMapPageJsons = pages.map((page) => JSON.stringify(page));
    const parameters = (scopeId: string, provider?: AwsProvider): SsmParameter[] => pages.map((_, k) => new SsmParameter(this,
      k === 0 ? scopeId : `${scopeId}-page-${k}`, {
        provider,
        name: p.shardMapPageParameterNames[k],
        description: `ShardedDatabase ${p.name}: shard map version ${p.shardMap.version} (${p.strategy})`
          + (pages.length === 1 ? ', read by ShardRouter' : `, page ${k + 1} of ${pages.length}, read by ShardRouter.fromPages`),
        type: 'String',
        tier: p.shardMapParameterTier,
        dataType: p.shardMapParameterDataType,
        value: this.shardMapPageJsons[k],
      }));
    this.shardMapPageParameters = parameters('ShardMapParameter');
    this.shardMapParameter = this.shardMapPageParameters[0];
    for (const region of p.shardMapParameterRegions) {
      if (region === homeRegion) continue;
      this.regionalShardMapParameters.push(...parameters(`ShardMapParameter-${region}`, this.regionalProviders[region] ?? regionalProvider(this, region, home)));
    }
    new TerraformOutput(this, 'ShardMap', { value: this.shardMapJson, description: `ShardedDatabase ${p.name}: the shard map, with writer endpoints` });
    new TerraformOutput(this, 'ShardMapParameterName', { value: p.shardMapParameterName, description: `ShardedDatabase ${p.name}: SSM parameter of the shard map` });
    recordBlock(this, this.plan);
  }

  /**
   * The database of a shard.
   *
   * @param shardId the shard's id, as in the shard map
   * @throws ValidationError when no shard has that id
   */
  public shard(shardId: string): ReplicatedDatabase {
    return this.shards[shardIndexOf(this.plan, shardId, this.node.path)];
  }

  /**
   * Admits a security group (the app tier in front) on the database port of every shard in the
   * stack's Region (a security group cannot be referenced from another Region: admit the shards of
   * other Regions through their own `allowFrom`).
   *
   * @param id construct id of the ingress rule in each shard
   * @param sourceSecurityGroupId the client's security group
   */
  public allowFrom(id: string, sourceSecurityGroupId: string): void {
    for (const db of this.homeShards) db.allowFrom(id, sourceSecurityGroupId);
  }
}

/** The stack's AwsProvider without alias, when there is one. */
function homeProvider(scope: Construct): AwsProvider | undefined {
  return TerraformStack.of(scope).node.children.find((c): c is AwsProvider => c instanceof AwsProvider && c.alias === undefined);
}

/**
 * The aliased AwsProvider of a Region, one per stack (every block of the stack shares it), with the
 * stack provider's profile, assumed role, default tags and allowed accounts.
 */
function regionalProvider(scope: Construct, region: string, home: AwsProvider | undefined): AwsProvider {
  const stack = TerraformStack.of(scope);
  const id = `ScaleblocksAws-${region}`;
  return (stack.node.tryFindChild(id) as AwsProvider | undefined) ?? new AwsProvider(stack, id, {
    alias: region,
    region,
    profile: home?.profile,
    assumeRole: home?.assumeRole,
    defaultTags: home?.defaultTags,
    allowedAccountIds: home?.allowedAccountIds,
    sharedConfigFiles: home?.sharedConfigFiles,
    sharedCredentialsFiles: home?.sharedCredentialsFiles,
  });
}

/** Records an issue when a known subnet list of a network is shorter than the AZs its shards spread over. */
function checkSubnets(rules: Rules, prop: string, network: ExistingNetwork, azCount: number): void {
  const isolated = network.isolatedSubnetIds !== undefined;
  const list = network.isolatedSubnetIds ?? network.privateSubnetIds;
  const listProp = `${prop}.${isolated ? 'isolatedSubnetIds' : 'privateSubnetIds'}`;
  if (!rules.check(listProp, list, Array.isArray(list), 'a list of subnet ids') || Token.isUnresolved(list)) return;
  rules.check(listProp, list, list.length >= azCount, `at least ${azCount} subnet ids: one per AZ the shards spread over`);
}

/**
 * Puts a subtree in another Region: every resource and data source without a provider gets the
 * Region's aliased provider, and KMS key policies written for the stack's Region (the service
 * principals `encryptionKey` names) name this one instead.
 */
class InRegion implements IAspect {
  constructor(private readonly provider: AwsProvider, private readonly homeRegionToken: string, private readonly region: string) {}

  public visit(node: IConstruct): void {
    if ((node instanceof TerraformResource || node instanceof TerraformDataSource) && node.provider === undefined) {
      node.provider = this.provider;
    }
    if (node instanceof KmsKey && typeof node.policyInput === 'string' && node.policyInput.includes(this.homeRegionToken)) {
      node.policy = node.policyInput.split(this.homeRegionToken).join(this.region);
    }
  }
}
