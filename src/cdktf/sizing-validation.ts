import { Annotations, TerraformStack } from 'cdktf';
import { IConstruct, IValidation } from 'constructs';
import { Backend, LoadFile, readDeclaredAccount, readTemplates, sizingFindings } from '../core/readback';
import { Verdict } from '../core/sizing/report';

/** The account whose shared quotas the validation sizes too (as a spec's `region:` and `quotas:` declare them). */
export interface SizingValidationProps {
  /**
   * The Region the raised quotas apply in.
   *
   * @default - the one Region the stacks' AWS providers name, if any
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
 * Sizes what `cdktf synth` writes, in one line on a stack or an app: each stack's Terraform JSON
 * (`stack.toTerraform()`) is read back (every scaleblocks block, with the load it declared and any
 * escape hatch or Aspect applied) and sized. Each FAIL row is a validation error, so `cdktf synth`
 * fails; each WARN row, and each difference between a block's plan and its output, is a warning
 * annotation on the stack. Every message names the block's construct path and the fix.
 *
 * @example
 * SizingValidation.of(app); // or SizingValidation.of(stack)
 * // with the account's raised quotas, its shared quotas are sized too:
 * SizingValidation.of(app, { quotas: { 'fargate.onDemandVcpuPerRegion': 400 } });
 */
export class SizingValidation implements IValidation {
  /**
   * Adds the sizing check to a stack, or to every stack of an app (found when the app synthesizes).
   *
   * @param scope a TerraformStack or the App
   * @param props the account whose shared quotas are sized too
   * @throws ValidationError on a Region or quota a spec could not declare
   */
  public static of(scope: IConstruct, props?: SizingValidationProps): SizingValidation {
    const declared = props === undefined ? undefined : readDeclaredAccount(props, 'SizingValidation');
    const account = props !== undefined && (props.region !== undefined || props.quotas !== undefined) ? declared : undefined;
    const validation = new SizingValidation(scope, account);
    scope.node.addValidation(validation);
    return validation;
  }

  private constructor(private readonly scope: IConstruct, private readonly account?: LoadFile) {}

  /** The FAIL rows of every stack in scope, as error messages; WARN rows become warnings. */
  public validate(): string[] {
    const stacks = TerraformStack.isStack(this.scope)
      ? [this.scope as TerraformStack]
      : this.scope.node.findAll().filter((c): c is TerraformStack => TerraformStack.isStack(c));
    const errors: string[] = [];
    for (const stack of stacks) {
      const name = `stacks/${stack.node.id}/cdk.tf.json`;
      let findings;
      try {
        findings = sizingFindings(readTemplates([{ backend: Backend.TERRAFORM, name, json: stack.toTerraform() }]), this.account);
      } catch (e) {
        errors.push(`scaleblocks could not size ${name}: ${(e as Error).message}`);
        continue;
      }
      for (const f of findings) {
        const text = `[${f.constructPath}] ${f.message}${f.fix ? `; fix: ${f.fix}` : ''}`;
        if (f.verdict === Verdict.FAIL) errors.push(text);
        else Annotations.of(stack).addWarning(text);
      }
    }
    return errors;
  }
}
