import {
  describeFargatePairs,
  fargateCpuValues,
  fargateMemoryValues,
  fargateSizes,
  isValidFargate,
  nextFargateSize,
} from '../../../src/core/catalog';

describe('Fargate task sizes', () => {
  test('cpu values', () => {
    expect(fargateCpuValues()).toEqual([256, 512, 1024, 2048, 4096, 8192, 16384]);
  });

  test.each([
    [256, [512, 1024, 2048]],
    [512, [1024, 2048, 3072, 4096]],
    [1024, [2048, 3072, 4096, 5120, 6144, 7168, 8192]],
  ])('cpu %d allows %p', (cpu, memories) => {
    expect(fargateMemoryValues(cpu)).toEqual(memories);
  });

  test.each([
    [2048, 4096, 16384, 1024],
    [4096, 8192, 30720, 1024],
    [8192, 16384, 61440, 4096],
    [16384, 32768, 122880, 8192],
  ])('cpu %d allows %d..%d MiB in steps of %d', (cpu, from, to, step) => {
    const memories = fargateMemoryValues(cpu);
    expect(memories[0]).toBe(from);
    expect(memories[memories.length - 1]).toBe(to);
    expect(memories.length).toBe((to - from) / step + 1);
  });

  test.each(fargateSizes().map((s) => [s.cpu, s.memoryMiB]))('cpu %d / %d MiB is valid', (cpu, memoryMiB) => {
    expect(isValidFargate(cpu, memoryMiB)).toBe(true);
  });

  test.each([
    [256, 4096], [256, 1536], [512, 512], [1024, 1024], [1024, 9216], [2048, 3072], [2048, 4608],
    [4096, 31744], [8192, 18432], [8192, 65536], [16384, 36864], [300, 1024], [32768, 65536], [0, 0],
  ])('cpu %d / %d MiB is not valid', (cpu, memoryMiB) => {
    expect(isValidFargate(cpu, memoryMiB)).toBe(false);
  });

  test('unknown cpu has no memory values', () => {
    expect(fargateMemoryValues(300)).toEqual([]);
  });

  test.each([
    [256, 512, 512, 1024],
    [512, 4096, 1024, 4096],
    [1024, 2048, 2048, 4096],
    [2048, 16384, 4096, 16384],
    [4096, 30720, 8192, 32768],
    [8192, 61440, 16384, 65536],
    [8192, 16384, 16384, 32768],
    [256, 2048, 512, 2048],
  ])('next size of %d / %d MiB is %d / %d MiB', (cpu, mem, nextCpu, nextMem) => {
    const next = nextFargateSize(cpu, mem)!;
    expect(next).toEqual({ cpu: nextCpu, memoryMiB: nextMem });
    expect(isValidFargate(next.cpu, next.memoryMiB)).toBe(true);
  });

  test('no size above 16 vCPU', () => {
    expect(nextFargateSize(16384, 32768)).toBeUndefined();
  });

  test('summary for error messages', () => {
    const text = describeFargatePairs();
    expect(text).toContain('cpu 256: memory 512, 1024 or 2048 MiB');
    expect(text).toContain('cpu 1024: memory 2048-8192 MiB in steps of 1024');
    expect(text).toContain('cpu 16384: memory 32768-122880 MiB in steps of 8192');
  });
});
