import * as fs from 'fs';
import * as cdk from 'aws-cdk-lib';
import { Backend, LoadFile, readDeclaredAccount, readTemplates, sizingFindings } from '../core/readback';
import { Verdict } from '../core/sizing/report';

/** The account whose shared quotas the validator sizes too (as a spec's `region:` and `quotas:` declare them). */
export interface SizingValidatorProps {
  /**
   * The Region the raised quotas apply in.
   *
   * @default - the one Region the app's stacks name (their env), if any
   */
  readonly region?: string;
  /**
   * Quotas the account has had raised there, by catalog path (one of `DECLARABLE_QUOTAS`), e.g.
   * `{ 'fargate.onDemandVcpuPerRegion': 400 }`. With `region` or `quotas`, the account's shared
   * quotas (Fargate On-Demand vCPUs and Lambda concurrency across the app) are sized too.
   *
   * @default - none; without `region` and `quotas` the account's shared quotas are left to `scaleblocks check`
   */
  readonly quotas?: { [path: string]: number };
}

/**
 * A policy-validation plugin that sizes what `cdk synth` wrote: it reads the templates it is
 * handed back (every scaleblocks block, with the load it declared and any escape hatch or Aspect
 * applied), sizes them, and reports each FAIL row as an error (so `cdk synth` fails) and each WARN
 * row, and each difference between a block's plan and its template, as a warning, naming the
 * block's construct path and the fix.
 *
 * @example
 * const app = new App();
 * Validations.of(app).addPlugins(new SizingValidator());
 * // with the account's raised quotas, its shared quotas are sized too:
 * Validations.of(app).addPlugins(new SizingValidator({ quotas: { 'fargate.onDemandVcpuPerRegion': 400 } }));
 */
export class SizingValidator implements cdk.IPolicyValidationPlugin {
  /** The plugin's name in the validation report. */
  public readonly name = 'scaleblocks-sizing';

  private readonly account?: LoadFile;

  /**
   * @param props the account whose shared quotas are sized too
   * @throws ValidationError on a Region or quota a spec could not declare
   */
  constructor(props?: SizingValidatorProps) {
    const declared = props === undefined ? undefined : readDeclaredAccount(props, 'SizingValidator');
    if (props !== undefined && (props.region !== undefined || props.quotas !== undefined)) this.account = declared;
  }

  /** Sizes the templates and reports FAIL rows as errors and WARN rows as warnings. */
  public validate(context: cdk.IPolicyValidationContext): cdk.PolicyValidationPluginReport {
    const templates = context.templatePaths.map((p) => ({ backend: Backend.CLOUDFORMATION, name: p, json: JSON.parse(fs.readFileSync(p, 'utf8')) }));
    let findings;
    try {
      findings = sizingFindings(readTemplates(templates), this.account);
    } catch (e) {
      return {
        success: false,
        violations: [{
          ruleName: 'scaleblocks-readback',
          description: `scaleblocks could not size the synthesized templates: ${(e as Error).message}`,
          violatingResources: [{ resourceLogicalId: '(template)', templatePath: context.templatePaths[0] ?? '', locations: [] }],
          severity: 'error',
        }],
      };
    }
    const violations: cdk.PolicyViolation[] = findings.map((f) => {
      const at = f.where.length > 0 ? f.where : [{ template: context.templatePaths[0] ?? '', resource: '', attribute: '' }];
      return {
        ruleName: f.rule,
        description: `[${f.constructPath}] ${f.message}`,
        ...(f.fix ? { fix: f.fix } : {}),
        severity: f.verdict === Verdict.FAIL ? 'error' : 'warning',
        violatingResources: uniqueBy(at.map((w) => ({
          ...(w.resource ? { resourceLogicalId: w.resource } : {}),
          constructPath: f.constructPath,
          templatePath: w.template,
          locations: w.attribute ? [w.attribute.split('.').join('/')] : [],
        })), (r) => `${r.templatePath}|${r.resourceLogicalId}|${r.locations.join()}`),
      };
    });
    return { success: !findings.some((f) => f.verdict === Verdict.FAIL), violations };
  }
}

function uniqueBy<T>(items: T[], key: (t: T) => string): T[] {
  const seen = new Set<string>();
  return items.filter((t) => (seen.has(key(t)) ? false : (seen.add(key(t)), true)));
}
