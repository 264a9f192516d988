import { BlockKind } from '../blocks/common';
import { isPlainObject } from '../validation';
import { ParsedTemplate, RawResource, referenced, refsOf } from './model';
import { Backend, DeployedBlock, DeployedFleet, DeployedQueueLink } from './types';

/*
 * Links between blocks that only the IAM policies show: which WorkQueues a fleet (an API's tasks,
 * a gateway service) may send to or consume from, and whose job table it may use. Read from the
 * policies attached to the fleet's task role in the template that holds the fleet (a grant made by
 * a SystemStack's wiring, or by the user's own app, e.g. `queue.grantApi(service.taskRole)`).
 */

/** A statement of a policy: its actions (lower case) and the resources it names. */
interface Statement {
  /** Undefined when the policy could not be parsed: its references are known, its actions not. */
  readonly actions?: string[];
  readonly refs: string[];
}

/** A WorkQueue's job queue and job table, by id, in the template that holds them. */
export interface QueueTarget {
  /** Construct path of the WorkQueue block. */
  readonly block: string;
  readonly template: string;
  readonly queueId?: string;
  readonly tableId?: string;
}

/** A WorkQueue block (and the resources it owns) as a link target. */
export function queueTarget(block: DeployedBlock, resources: RawResource[]): QueueTarget | undefined {
  const w = block.workQueue;
  if (block.kind !== BlockKind.WORK_QUEUE || !w?.queue) return undefined;
  const queue = resources.find((r) => r.id === w.queue!.id);
  return queue ? { block: block.path, template: queue.template, queueId: queue.id, tableId: w.jobTable?.id } : undefined;
}

/** The WorkQueues a fleet's task role may use, or undefined when it uses none (or its role is not in the template). */
export function queueLinks(fleet: DeployedFleet | undefined, t: ParsedTemplate | undefined, targets: QueueTarget[]): DeployedQueueLink[] | undefined {
  if (!fleet?.serviceId || !t) return undefined;
  const service = t.byId.get(fleet.serviceId);
  if (!service) return undefined;
  const cfn = t.backend === Backend.CLOUDFORMATION;
  const taskDef = referenced(t, cfn ? service.props.TaskDefinition : service.props.task_definition)
    .find((r) => r.type === (cfn ? 'AWS::ECS::TaskDefinition' : 'aws_ecs_task_definition'));
  const role = taskDef ? referenced(t, cfn ? taskDef.props.TaskRoleArn : taskDef.props.task_role_arn)
    .find((r) => r.type === (cfn ? 'AWS::IAM::Role' : 'aws_iam_role')) : undefined;
  if (!role) return undefined;
  const statements = statementsOf(t, role);
  const links: DeployedQueueLink[] = [];
  for (const q of targets.filter((x) => x.template === t.name)) {
    const onQueue = statements.filter((s) => q.queueId !== undefined && s.refs.includes(q.queueId));
    const onTable = statements.filter((s) => q.tableId !== undefined && s.refs.includes(q.tableId));
    if (onQueue.length === 0 && onTable.length === 0) continue;
    const allows = (action: string): boolean => onQueue.some((s) => s.actions !== undefined && s.actions.some((a) => a === '*' || a === 'sqs:*' || a === action));
    links.push({ block: q.block, sends: allows('sqs:sendmessage'), consumes: allows('sqs:receivemessage'), jobTable: onTable.length > 0 });
  }
  return links.length > 0 ? links : undefined;
}

/** Every statement of every policy attached to a role in the template. */
function statementsOf(t: ParsedTemplate, role: RawResource): Statement[] {
  const out: Statement[] = [];
  const names = (v: unknown): boolean => refsOf(t.backend, v).includes(role.id);
  for (const r of t.resources) {
    if (t.backend === Backend.CLOUDFORMATION) {
      if ((r.type === 'AWS::IAM::Policy' || r.type === 'AWS::IAM::ManagedPolicy') && (names(r.props.Roles)
        || refsOf(t.backend, role.props.ManagedPolicyArns).includes(r.id))) {
        out.push(...documentStatements(t, r.props.PolicyDocument));
      }
    } else if (r.type === 'aws_iam_role_policy' && names(r.props.role)) {
      out.push(...documentStatements(t, r.props.policy));
    } else if (r.type === 'aws_iam_role_policy_attachment' && names(r.props.role)) {
      for (const p of referenced(t, r.props.policy_arn).filter((x) => x.type === 'aws_iam_policy')) out.push(...documentStatements(t, p.props.policy));
    }
  }
  if (t.backend === Backend.CLOUDFORMATION) {
    for (const p of Array.isArray(role.props.Policies) ? role.props.Policies : []) {
      if (isPlainObject(p)) out.push(...documentStatements(t, p.PolicyDocument));
    }
  } else {
    const inline = role.props.inline_policy;
    for (const p of Array.isArray(inline) ? inline : inline ? [inline] : []) {
      if (isPlainObject(p)) out.push(...documentStatements(t, p.policy));
    }
  }
  return out;
}

/** The statements of a policy document (an object, or Terraform's JSON string with interpolations). */
function documentStatements(t: ParsedTemplate, doc: unknown): Statement[] {
  let parsed = doc;
  if (typeof doc === 'string') {
    try {
      parsed = JSON.parse(doc);
    } catch {
      // Not JSON (an expression): what it references is known, what it allows is not.
      return [{ refs: refsOf(t.backend, doc) }];
    }
  }
  const list = isPlainObject(parsed) ? parsed.Statement : undefined;
  const statements = Array.isArray(list) ? list : list !== undefined ? [list] : [];
  return statements.filter(isPlainObject).filter((s) => s.Effect !== 'Deny').map((s) => {
    const actions = (Array.isArray(s.Action) ? s.Action : [s.Action]).filter((a): a is string => typeof a === 'string').map((a) => a.toLowerCase());
    return { actions, refs: refsOf(t.backend, s.Resource) };
  });
}
