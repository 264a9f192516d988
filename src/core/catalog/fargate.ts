import { CatalogSource, SOURCES } from './source';

/** One Fargate task size: cpu units (1024 = 1 vCPU) and memory in MiB. */
export interface FargateSize {
  /** Task cpu in CPU units (256 = 0.25 vCPU ... 16384 = 16 vCPU). */
  readonly cpu: number;
  /** Task memory in MiB. */
  readonly memoryMiB: number;
}

/** Where the Fargate cpu/memory table comes from. */
export const FARGATE_SOURCE: CatalogSource = SOURCES.ecsTaskCpuMemory;

function range(from: number, to: number, step: number): number[] {
  const out: number[] = [];
  for (let v = from; v <= to; v += step) out.push(v);
  return out;
}

/** Valid memory values (MiB) per task cpu (units), ascending. */
const TABLE: ReadonlyMap<number, readonly number[]> = new Map<number, readonly number[]>([
  [256, Object.freeze([512, 1024, 2048])],
  [512, Object.freeze(range(1024, 4096, 1024))],
  [1024, Object.freeze(range(2048, 8192, 1024))],
  [2048, Object.freeze(range(4096, 16384, 1024))],
  [4096, Object.freeze(range(8192, 30720, 1024))],
  [8192, Object.freeze(range(16384, 61440, 4096))],
  [16384, Object.freeze(range(32768, 122880, 8192))],
]);

/** True when `cpu` units and `memoryMiB` form a task size Fargate accepts. */
export function isValidFargate(cpu: number, memoryMiB: number): boolean {
  return TABLE.get(cpu)?.includes(memoryMiB) ?? false;
}

/** The valid task cpu values in CPU units, ascending. */
export function fargateCpuValues(): number[] {
  return [...TABLE.keys()];
}

/** The valid memory values (MiB) for `cpu` units, ascending; empty when `cpu` is not valid. */
export function fargateMemoryValues(cpu: number): number[] {
  return [...(TABLE.get(cpu) ?? [])];
}

/** Every valid Fargate task size, by cpu then memory. */
export function fargateSizes(): FargateSize[] {
  const out: FargateSize[] = [];
  for (const [cpu, memories] of TABLE) for (const memoryMiB of memories) out.push({ cpu, memoryMiB });
  return out;
}

/**
 * A short readable summary of the valid pairs for error messages, e.g.
 * `cpu 256: memory 512, 1024 or 2048 MiB; cpu 512: 1024-4096 MiB in steps of 1024; ...`.
 */
export function describeFargatePairs(): string {
  const parts: string[] = [];
  for (const [cpu, memories] of TABLE) {
    const first = memories[0];
    const last = memories[memories.length - 1];
    const step = memories.length > 1 ? memories[1] - memories[0] : 0;
    const evenSteps = memories.every((m, i) => i === 0 || m - memories[i - 1] === step);
    const text = memories.length <= 3 || !evenSteps
      ? `${memories.slice(0, -1).join(', ')} or ${last} MiB`
      : `${first}-${last} MiB in steps of ${step}`;
    parts.push(`cpu ${cpu}: memory ${text}`);
  }
  return `${parts.join('; ')} (cpu 8192 and 16384 need Linux platform 1.4.0 or later)`;
}

/**
 * The next Fargate size up: the smallest valid cpu above `cpu`, with the same memory when that
 * is valid there, else the smallest valid memory at or above `memoryMiB`, else the largest
 * memory that cpu allows. Undefined when `cpu` is already the largest.
 */
export function nextFargateSize(cpu: number, memoryMiB: number): FargateSize | undefined {
  const nextCpu = fargateCpuValues().find((c) => c > cpu);
  if (nextCpu === undefined) return undefined;
  const memories = fargateMemoryValues(nextCpu);
  const memory = memories.find((m) => m >= memoryMiB) ?? memories[memories.length - 1];
  return { cpu: nextCpu, memoryMiB: memory };
}
