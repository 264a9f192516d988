import { Annotations, TerraformStack } from 'cdktf';
import { IConstruct, IValidation } from 'constructs';
import { Backend, readTemplates, sizingFindings } from '../core/readback';
import { Verdict } from '../core/sizing/report';

/**
 * Sizes what `cdktf synth` writes, in one line on a stack or an app: each stack's Terraform JSON
 * (`stack.toTerraform()`) is read back (every scaleblocks block, with the load it declared and any
 * escape hatch or Aspect applied) and sized. Each FAIL row is a validation error, so `cdktf synth`
 * fails; each WARN row, and each difference between a block's plan and its output, is a warning
 * annotation on the stack. Every message names the block's construct path and the fix.
 *
 * @example
 * SizingValidation.of(app); // or SizingValidation.of(stack)
 */
export class SizingValidation implements IValidation {
  /**
   * Adds the sizing check to a stack, or to every stack of an app (found when the app synthesizes).
   *
   * @param scope a TerraformStack or the App
   */
  public static of(scope: IConstruct): SizingValidation {
    const validation = new SizingValidation(scope);
    scope.node.addValidation(validation);
    return validation;
  }

  private constructor(private readonly scope: IConstruct) {}

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
        findings = sizingFindings(readTemplates([{ backend: Backend.TERRAFORM, name, json: stack.toTerraform() }]));
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
