import * as fc from 'fast-check';
import { BlockKind } from '../../../src/core/blocks/common';
import { ValidationError } from '../../../src/core/errors';
import { declaredBlocks, readTemplates } from '../../../src/core/readback';
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
