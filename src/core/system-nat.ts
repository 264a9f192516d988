import { DeployedSizing } from './readback/size';
import { DeployedSystem } from './readback/types';
import { egressBytesPerSecond, natNotes } from './sizing/nat';
import { SizingRow } from './sizing/report';
import { hasPrivateEgress, scaleSystemLoad, systemNatRows, SystemPlan } from './system';

/** The resource types of a NAT gateway in CloudFormation and Terraform. */
const NAT_GATEWAY_TYPES = new Set(['AWS::EC2::NatGateway', 'aws_nat_gateway']);

/** NAT gateways in a read-back: outside every block (a SystemStack's network) and inside blocks that create their own. */
export function natGatewaysOf(system: DeployedSystem): number {
  const outside = system.unrecognised.filter((r) => NAT_GATEWAY_TYPES.has(r.type)).length;
  const inside = system.blocks.reduce((n, b) => n + Object.entries(b.resourceTypes ?? {})
    .filter(([t]) => NAT_GATEWAY_TYPES.has(t)).reduce((m, [, c]) => m + c, 0), 0);
  return outside + inside;
}

/**
 * The sizing of a spec's read-back with the NAT gateway rows added: the NAT gateways that will
 * deploy (one per AZ) against the spec's declared egress, and in the headroom search at every
 * multiple of the load.
 */
export function withSystemNatSizing(sized: DeployedSizing, plan: SystemPlan, system: DeployedSystem): DeployedSizing {
  const nats = natGatewaysOf(system);
  const rows = systemNatRows(plan, nats);
  const notes = natNotes(plan.egress, hasPrivateEgress(plan), nats);
  if (rows.length === 0 && notes.length === 0) return sized;
  const rowsAt = sized.rowsAt;
  return {
    ...sized,
    rows: [...sized.rows, ...rows],
    notes: [...sized.notes, ...notes.filter((n) => !sized.notes.includes(n))],
    ...(rowsAt ? { rowsAt: (factor: number): SizingRow[] => [...rowsAt(factor), ...systemNatRows(scaleSystemLoad(plan, factor), nats)] } : {}),
  };
}

/** Bytes a second the spec's declared egress moves through the NAT gateways at peak (undefined when none is declared). */
export function systemEgressBytesPerSecond(plan: SystemPlan): number | undefined {
  return plan.egress && (plan.egress.api || plan.egress.workers) ? egressBytesPerSecond(plan.egress, plan.chain) : undefined;
}
