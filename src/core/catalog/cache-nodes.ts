import { GRAVITON2_NETWORK, GRAVITON3_NETWORK, NetworkBySize } from './graviton-network';
import { CatalogSource, SOURCES } from './source';

/** One ElastiCache node type (Valkey, Redis OSS or Memcached), e.g. `cache.r7g.large`. */
export interface CacheNodeSpec {
  /** Node type as written in templates, e.g. `cache.r7g.large`. */
  readonly name: string;
  /** Family without prefix, e.g. `r7g`. */
  readonly family: string;
  /** Size, e.g. `large`. */
  readonly size: string;
  /** Number of vCPUs. */
  readonly vcpu: number;
  /** Node memory in GiB as AWS lists it (before reserved-memory-percent). */
  readonly memoryGiB: number;
  /** Sustained network bandwidth in Gbps. */
  readonly baselineNetworkGbps: number;
  /** Burst network bandwidth in Gbps, for sizes that burst. */
  readonly burstNetworkGbps?: number;
  /** True for burstable (credit-based CPU) node types such as cache.t4g. */
  readonly burstable: boolean;
  /** True when the node type supports enhanced I/O (and I/O multiplexing): xlarge and larger. */
  readonly enhancedIo: boolean;
  /** Source of the memory and vCPU figures. */
  readonly source: CatalogSource;
  /** Source of the network figures. */
  readonly networkSource: CatalogSource;
}

const SIZES = ['large', 'xlarge', '2xlarge', '4xlarge', '8xlarge', '12xlarge', '16xlarge'];

const VCPU: Record<string, number> = {
  'large': 2, 'xlarge': 4, '2xlarge': 8, '4xlarge': 16, '8xlarge': 32, '12xlarge': 48, '16xlarge': 64,
};

/** Memory (GiB) of general purpose (m) nodes by size, as read for cache.m6g; cache.m7g is taken equal (unconfirmed). */
const M_MEMORY: Record<string, number> = {
  'large': 6.38,
  'xlarge': 12.93,
  '2xlarge': 26.04,
  '4xlarge': 52.26,
  '8xlarge': 103.68,
  '12xlarge': 157.12,
  '16xlarge': 209.55,
};

/** Memory (GiB) of memory-optimized (r) nodes by size, as read for cache.r6g; cache.r7g is taken equal (unconfirmed). */
const R_MEMORY: Record<string, number> = {
  'large': 13.07,
  'xlarge': 26.32,
  '2xlarge': 52.82,
  '4xlarge': 105.81,
  '8xlarge': 209.55,
  '12xlarge': 317.77,
  '16xlarge': 419.09,
};

interface CacheFamilyDef {
  readonly family: string;
  readonly memory: Record<string, number>;
  readonly memorySource: CatalogSource;
  readonly network: NetworkBySize;
  readonly networkSource: CatalogSource;
}

const FAMILIES: CacheFamilyDef[] = [
  { family: 'm7g', memory: M_MEMORY, memorySource: SOURCES.elastiCacheNodeMemoryM7gR7g, network: GRAVITON3_NETWORK, networkSource: SOURCES.elastiCacheNodeTypes },
  { family: 'r7g', memory: R_MEMORY, memorySource: SOURCES.elastiCacheNodeMemoryM7gR7g, network: GRAVITON3_NETWORK, networkSource: SOURCES.elastiCacheNodeTypesR7g },
  { family: 'm6g', memory: M_MEMORY, memorySource: SOURCES.elastiCacheNodeMemory, network: GRAVITON2_NETWORK, networkSource: SOURCES.elastiCacheNodeTypes },
  { family: 'r6g', memory: R_MEMORY, memorySource: SOURCES.elastiCacheNodeMemory, network: GRAVITON2_NETWORK, networkSource: SOURCES.elastiCacheNodeTypesMemoryOptimized },
];

/** cache.t4g: size, GiB, baseline Gbps; 2 vCPUs each, bursting to 5 Gbps. */
const T4G: Array<[string, number, number]> = [
  ['micro', 0.5, 0.064],
  ['small', 1.37, 0.128],
  ['medium', 3.09, 0.256],
];

function buildTable(): Map<string, CacheNodeSpec> {
  const table = new Map<string, CacheNodeSpec>();
  for (const def of FAMILIES) {
    for (const size of SIZES) {
      const [baseline, burst] = def.network[size];
      const name = `cache.${def.family}.${size}`;
      table.set(name, Object.freeze({
        name,
        family: def.family,
        size,
        vcpu: VCPU[size],
        memoryGiB: def.memory[size],
        baselineNetworkGbps: baseline,
        ...(burst !== undefined ? { burstNetworkGbps: burst } : {}),
        burstable: false,
        enhancedIo: size !== 'large',
        source: def.memorySource,
        networkSource: def.networkSource,
      }));
    }
  }
  for (const [size, memoryGiB, baseline] of T4G) {
    const name = `cache.t4g.${size}`;
    table.set(name, Object.freeze({
      name,
      family: 't4g',
      size,
      vcpu: 2,
      memoryGiB,
      baselineNetworkGbps: baseline,
      burstNetworkGbps: 5,
      burstable: true,
      enhancedIo: false,
      source: SOURCES.elastiCacheNodeMemory,
      networkSource: SOURCES.ec2GeneralPurpose,
    }));
  }
  return table;
}

const CACHE_NODES: Map<string, CacheNodeSpec> = buildTable();

/** The ElastiCache node type (`cache.r7g.large`), or undefined when the catalog does not know it. */
export function cacheNode(name: string): CacheNodeSpec | undefined {
  return CACHE_NODES.get(name);
}

/** Names of every ElastiCache node type the catalog knows, by family then ascending size. */
export function knownCacheNodes(): string[] {
  return [...CACHE_NODES.keys()];
}

/**
 * The next bigger node type of the same family: the smallest with strictly more memory and at
 * least as many vCPUs (cache.t4g micro, small and medium all have 2 vCPUs). Undefined for unknown
 * names and the largest size.
 */
export function nextCacheNodeSize(name: string): string | undefined {
  const current = CACHE_NODES.get(name);
  if (!current) return undefined;
  const bigger = [...CACHE_NODES.values()]
    .filter((n) => n.family === current.family && n.memoryGiB > current.memoryGiB && n.vcpu >= current.vcpu)
    .sort((a, b) => a.memoryGiB - b.memoryGiB);
  return bigger[0]?.name;
}
