import { issuesOf } from './helpers';
import { planGlobalCdn } from '../../../src/core/blocks/global-cdn';
import { planLoadBalancedApi } from '../../../src/core/blocks/load-balanced-api';
import { planMicroserviceGateway } from '../../../src/core/blocks/microservice-gateway';
import { planReplicatedDatabase } from '../../../src/core/blocks/replicated-database';
import { planShardedDatabase } from '../../../src/core/blocks/sharded-database';
import { planTieredCache } from '../../../src/core/blocks/tiered-cache';
import { planWorkQueue } from '../../../src/core/blocks/work-queue';

/** Every block, planned with nothing but `sizing` (the gateway needs one service). */
const BLOCKS: [string, (sizing: unknown) => unknown][] = [
  ['LoadBalancedApi', (sizing) => planLoadBalancedApi({ sizing, allowPlainHttp: true } as never)],
  ['TieredCache', (sizing) => planTieredCache({ sizing } as never)],
  ['ReplicatedDatabase', (sizing) => planReplicatedDatabase({ sizing } as never)],
  ['ShardedDatabase', (sizing) => planShardedDatabase({ sizing } as never)],
  ['WorkQueue', (sizing) => planWorkQueue({ sizing } as never)],
  ['GlobalCdn', (sizing) => planGlobalCdn({ sizing } as never)],
  ['MicroserviceGateway', (sizing) => planMicroserviceGateway({ sizing, services: [{ name: 'orders', pathPrefix: '/orders', requireAuthorization: false }] } as never)],
];

describe.each(BLOCKS)('%s sizing bounds: the same rules and messages in every block', (_kind, plan) => {
  test.each<[string, unknown, string, string]>([
    ['not an object', 'high', 'sizing', 'an object with targetUtilization and/or maxUtilizationOnAzLoss'],
    ['a list', [0.5], 'sizing', 'an object with targetUtilization and/or maxUtilizationOnAzLoss'],
    ['a bound too small to size anything', { targetUtilization: 0.001 }, 'sizing.targetUtilization', 'at least 0.05 (a lower bound sizes nothing meaningful)'],
    ['a bound above 1', { targetUtilization: 1.5 }, 'sizing.targetUtilization', 'a fraction greater than 0 to 1'],
    ['AZ-loss bound below the target', { targetUtilization: 0.8, maxUtilizationOnAzLoss: 0.6 }, 'sizing.maxUtilizationOnAzLoss',
      'at least sizing.targetUtilization (0.8)'],
  ])('%s', (_label, sizing, prop, allowed) => {
    expect(issuesOf(() => plan(sizing))).toContainEqual(expect.objectContaining({ prop, allowed }));
  });

  test('valid bounds plan', () => {
    expect(() => plan({ targetUtilization: 0.6, maxUtilizationOnAzLoss: 0.85 })).not.toThrow();
  });
});
