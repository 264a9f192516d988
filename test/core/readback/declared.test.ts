import * as fc from 'fast-check';
import { BlockKind } from '../../../src/core/blocks/common';
import { ValidationError } from '../../../src/core/errors';
import { appRegion, declaredBlocks, DeployedSystem, readLoadFile, readTemplates } from '../../../src/core/readback';
import { Backend } from '../../../src/core/readback/types';

/*
 * Load files: construct paths of hand-written resources -> a block kind and its load. Every bad
 * entry is one ValidationError naming the file, the path, the prop and what is allowed.
 */

const FILE = 'load.yaml';

describe('declaredBlocks', () => {
  test('GIVEN a LoadBalancedApi entry WHEN read THEN its metadata is a LoadBalancedApi plan named after the path, with only load and sizing assumed', () => {
    const [d] = declaredBlocks({ 'App/Orders-Api': { kind: 'LoadBalancedApi', load: { peakRequestsPerSecond: 900 } } }, FILE);
    expect(d).toMatchObject({ path: 'App/Orders-Api', kind: BlockKind.LOAD_BALANCED_API, declaredIn: FILE });
    expect(d.metadata).toMatchObject({ kind: BlockKind.LOAD_BALANCED_API, name: 'orders-api', planPath: 'App/Orders-Api', load: expect.objectContaining({ peakRequestsPerSecond: 900 }) });
    expect(d.metadata.assumed.length).toBeGreaterThan(0);
    expect(d.metadata.assumed.every((a) => /(^|\.)(load|sizing)\./.test(a.prop))).toBe(true);
    expect((d.metadata.plan as any).assumed).toEqual(d.metadata.assumed);
  });

  test('GIVEN a path whose last segment is no DNS name WHEN read THEN the kind names the block', () => {
    const [d] = declaredBlocks({ 'App/42': { kind: 'ReplicatedDatabase' } }, FILE);
    expect(d.metadata.name).toBe('replicated-database');
  });

  test.each([
    ['a list', [1, 2], /\(load file\).*a map of construct path/],
    ['an empty map', {}, /\(load file\).*at least one entry/],
    ['null', null, /\(load file\)/],
  ])('GIVEN %s WHEN read THEN one ValidationError', (_, data, message) => {
    expect(() => declaredBlocks(data, FILE)).toThrow(ValidationError);
    expect(() => declaredBlocks(data, FILE)).toThrow(message);
  });

  test('GIVEN several bad entries WHEN read THEN one ValidationError lists each, with the file and path', () => {
    let error: ValidationError | undefined;
    try {
      declaredBlocks({
        'App/Cdn': { kind: 'GlobalCdn' },
        'App/Api': { kind: 'LoadBalancedApi', load: { peakRequestsPerSecond: -1 } },
        'App/Db': 'ReplicatedDatabase',
        '/App/Q': { kind: 'WorkQueue', bogus: 1 },
      }, FILE);
    } catch (e) {
      error = e as ValidationError;
    }
    expect(error).toBeInstanceOf(ValidationError);
    const issues = error!.issues.map((i) => `${i.path} | ${i.prop} | ${i.value}`);
    expect(issues).toEqual(expect.arrayContaining([
      'load.yaml: App/Cdn | kind | "GlobalCdn"',
      expect.stringMatching(/^load\.yaml: App\/Api.* \| load\.peakRequestsPerSecond \| -1$/),
      expect.stringMatching(/^load\.yaml: App\/Db \| \(entry\) \| "ReplicatedDatabase"$/),
      'load.yaml: /App/Q | (construct path) | "/App/Q"',
      expect.stringMatching(/^load\.yaml: \/App\/Q.* \| bogus \| 1$/),
    ]));
  });

  test('property: any data is either declared blocks or one ValidationError, never another error', () => {
    fc.assert(fc.property(fc.anything(), fc.dictionary(fc.string(), fc.record({ kind: fc.constantFrom(...Object.values(BlockKind), 'x'), load: fc.anything() }, { requiredKeys: [] })),
      (any, entries) => {
        for (const data of [any, entries]) {
          try {
            declaredBlocks(data, FILE);
          } catch (e) {
            if (!(e instanceof ValidationError)) throw e;
          }
        }
      }), { numRuns: 300 });
  });
});

describe('readLoadFile: region: and quotas: beside the construct paths, validated as in a spec', () => {
  const API = { 'App/Api': { kind: 'LoadBalancedApi', load: { peakRequestsPerSecond: 900 } } };

  test('GIVEN a Region, a raised quota and a block WHEN read THEN each is returned', () => {
    const f = readLoadFile({ region: 'af-south-1', quotas: { 'fargate.onDemandVcpuPerRegion': 200 }, ...API }, FILE);
    expect(f.region).toBe('af-south-1');
    expect(f.quotas).toEqual({ 'fargate.onDemandVcpuPerRegion': 200 });
    expect(f.blocks.map((b) => b.path)).toEqual(['App/Api']);
  });

  test('GIVEN the account keys only WHEN read THEN no block, and no Region when none is given', () => {
    const f = readLoadFile({ quotas: { 'lambda.concurrentExecutionsPerRegion': 5000 } }, FILE);
    expect(f).toEqual({ blocks: [], quotas: { 'lambda.concurrentExecutionsPerRegion': 5000 } });
  });

  test('GIVEN a bad Region, an unknown quota, a bad value and a bad entry WHEN read THEN one ValidationError lists each, naming the key', () => {
    let error: ValidationError | undefined;
    try {
      readLoadFile({ 'region': 'Europe', 'quotas': { 'fargate.vcpus': 10, 'lambda.concurrentExecutionsPerRegion': -1 }, 'App/Db': { kind: 'Nope' } }, FILE);
    } catch (e) {
      error = e as ValidationError;
    }
    expect(error).toBeInstanceOf(ValidationError);
    const lines = error!.issues.map((i) => `${i.path} | ${i.prop} | ${i.value} | ${i.allowed}`);
    expect(lines).toEqual([
      'load.yaml | region | "Europe" | an AWS Region name such as us-east-1 or eu-west-1',
      expect.stringMatching(/^load\.yaml \| quotas\.fargate\.vcpus \| "fargate\.vcpus" \| a quota the account can have raised, by its catalog path: one of .*fargate\.onDemandVcpuPerRegion/),
      expect.stringMatching(/^load\.yaml \| quotas\.lambda\.concurrentExecutionsPerRegion \| -1 \| a positive number of /),
      expect.stringMatching(/^load\.yaml: App\/Db \| kind \| "Nope" \| one of LoadBalancedApi/),
    ]);
  });

  test.each([
    ['quotas not a map', { quotas: [1] }, /quotas.*a map of raised quotas by catalog path/],
    ['a quota as a string', { quotas: { 'fargate.onDemandVcpuPerRegion': '200' } }, /quotas\.fargate\.onDemandVcpuPerRegion.*"200".*a positive number/],
    ['a Region as a number', { region: 1 }, /region.*1.*an AWS Region name/],
    ['an empty map', {}, /\(load file\).*region: and quotas:/],
  ])('GIVEN %s WHEN read THEN one ValidationError', (_, data, message) => {
    expect(() => readLoadFile(data, FILE)).toThrow(ValidationError);
    expect(() => readLoadFile(data, FILE)).toThrow(message);
  });

  test('property: any region and quotas are either read or one ValidationError, never another error', () => {
    fc.assert(fc.property(fc.anything(), fc.anything(), (region, quotas) => {
      try {
        const f = readLoadFile({ region, quotas }, FILE);
        // What is read back is what was valid: a Region name, positive numbers.
        if (f.region !== undefined) expect(f.region).toMatch(/^[a-z]{2}(-gov)?-[a-z]+-\d$/);
        for (const v of Object.values(f.quotas)) expect(v).toBeGreaterThan(0);
      } catch (e) {
        if (!(e instanceof ValidationError)) throw e;
      }
    }), { numRuns: 300 });
  });
});

describe('appRegion: the declared Region, else the one the stacks name', () => {
  const system = (...regions: Array<string | undefined>): DeployedSystem => ({
    blocks: [],
    notes: [],
    unrecognised: regions.map((region, i) => ({ backend: Backend.CLOUDFORMATION, template: `S${i}.template.json`, resource: 'R', type: 'AWS::SQS::Queue', ...(region ? { region } : {}) })),
  });
  const file = (region?: string, quotas: { [p: string]: number } = {}) => ({ blocks: [], quotas, ...(region ? { region } : {}) });

  test('GIVEN stacks in one Region and no declaration WHEN read THEN that Region', () => {
    expect(appRegion(system('af-south-1', undefined, 'af-south-1'), undefined)).toBe('af-south-1');
    expect(appRegion(system('af-south-1'), file(undefined, { 'fargate.onDemandVcpuPerRegion': 50 }))).toBe('af-south-1');
  });

  test('GIVEN a declared Region WHEN the stacks name none or the same THEN the declared one', () => {
    expect(appRegion(system(undefined), file('eu-south-1'))).toBe('eu-south-1');
    expect(appRegion(system('eu-south-1'), file('eu-south-1'))).toBe('eu-south-1');
  });

  test('GIVEN no Region anywhere, or several and no quota WHEN read THEN none', () => {
    expect(appRegion(system(undefined), undefined)).toBeUndefined();
    expect(appRegion(system('us-east-1', 'eu-west-1'), file())).toBeUndefined();
  });

  test('GIVEN stacks in two Regions (an edge stack in us-east-1) WHEN one of them is declared THEN it', () => {
    expect(appRegion(system('eu-west-1', 'us-east-1'), file('eu-west-1', { 'fargate.onDemandVcpuPerRegion': 50 }))).toBe('eu-west-1');
  });

  test('GIVEN a declared Region that no stack deploys to WHEN read THEN one ValidationError naming both and the stack', () => {
    expect(() => appRegion(system('eu-west-1'), file('us-east-1'), FILE)).toThrow(ValidationError);
    expect(() => appRegion(system('eu-west-1'), file('us-east-1'), FILE))
      .toThrow(/load\.yaml.*region.*"us-east-1".*they name eu-west-1 \(the env of S0\.template\.json\); declare that Region/s);
    expect(() => appRegion(system('eu-west-1', undefined, 'us-east-1'), file('eu-south-1'), FILE))
      .toThrow(/"eu-south-1".*eu-west-1 \(the env of S0\.template\.json\) and us-east-1 \(the env of S2\.template\.json\); declare one of them/s);
  });

  test('GIVEN raised quotas and stacks in two Regions but no region: WHEN read THEN one ValidationError asking for one of them', () => {
    expect(() => appRegion(system('eu-west-1', 'us-east-1'), file(undefined, { 'fargate.onDemandVcpuPerRegion': 50 }), FILE))
      .toThrow(/region.*eu-west-1 \(the env of S0\.template\.json\) and us-east-1 \(the env of S1\.template\.json\).*declare region: eu-west-1 or us-east-1/s);
  });
});

describe('readTemplates with declared blocks', () => {
  const template = {
    backend: Backend.CLOUDFORMATION,
    name: 'App.template.json',
    json: {
      Resources: {
        Svc: { Type: 'AWS::ECS::Service', Properties: { DesiredCount: 4, TaskDefinition: { Ref: 'Task' } }, Metadata: { 'aws:cdk:path': 'App/Api/Service/Service' } },
        Task: { Type: 'AWS::ECS::TaskDefinition', Properties: { Cpu: '2048', Memory: '4096' }, Metadata: { 'aws:cdk:path': 'App/Api/Task/Resource' } },
        Bucket: { Type: 'AWS::S3::Bucket', Properties: {}, Metadata: { 'aws:cdk:path': 'App/Logs/Resource' } },
      },
    },
  };

  test('GIVEN an ECS service under a declared path WHEN read THEN it forms a declared block; the rest is unrecognised', () => {
    const declared = declaredBlocks({ 'App/Api': { kind: 'LoadBalancedApi' } }, FILE);
    const system = readTemplates([template], declared);
    expect(system.blocks).toHaveLength(1);
    expect(system.blocks[0]).toMatchObject({
      path: 'App/Api',
      declaredIn: FILE,
      resourceCount: 2,
      resourceTypes: { 'AWS::ECS::Service': 1, 'AWS::ECS::TaskDefinition': 1 },
      api: { fleet: expect.objectContaining({ taskCpu: 2048, minTasks: 4, maxTasks: 4 }) },
    });
    expect(system.unrecognised.map((r) => r.resource)).toEqual(['Bucket']);
  });

  test('GIVEN a declared path that holds nothing WHEN read THEN one ValidationError naming it and where resources are', () => {
    const declared = declaredBlocks({ 'App/Apj': { kind: 'LoadBalancedApi' } }, FILE);
    expect(() => readTemplates([template], declared)).toThrow(ValidationError);
    expect(() => readTemplates([template], declared)).toThrow(/App\/Apj.*found under: App\/Api, App\/Logs/);
  });
});
