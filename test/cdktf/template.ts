import { TerraformStack, Testing } from 'cdktf';

/*
 * A small Template-like helper over cdktf's Testing.synth, so Terraform assertions read like
 * aws-cdk-lib's `assertions`: find resources by type, count them, match their attributes.
 * Terraform JSON attribute names are snake_case, as `terraform` reads them.
 */

/** One synthesized resource (or data source): its logical name and its attributes. */
export interface TfResource {
  readonly name: string;
  readonly type: string;
  readonly attributes: { [key: string]: any };
}

export class TfTemplate {
  /** Synthesizes the stack (with cdktf's validations) into a template. */
  public static synth(stack: TerraformStack): TfTemplate {
    return new TfTemplate(JSON.parse(Testing.synth(stack, true)));
  }

  private constructor(public readonly json: { [key: string]: any }) {}

  /** Every resource of a type, e.g. `aws_sqs_queue`. */
  public resources(type: string): TfResource[] {
    return this.of('resource', type);
  }

  /** Every data source of a type, e.g. `aws_availability_zones`. */
  public dataSources(type: string): TfResource[] {
    return this.of('data', type);
  }

  /** How many resources of a type there are. */
  public resourceCount(type: string): number {
    return this.resources(type).length;
  }

  /** Asserts the number of resources of a type. */
  public resourceCountIs(type: string, count: number): void {
    expect({ type, count: this.resourceCount(type) }).toEqual({ type, count });
  }

  /** The one resource of a type (fails when there are none or several). */
  public only(type: string): TfResource {
    const all = this.resources(type);
    expect({ type, count: all.length }).toEqual({ type, count: 1 });
    return all[0];
  }

  /** Resources of a type whose attributes contain `partial` (deep, like `objectLike`). */
  public find(type: string, partial: { [key: string]: any } = {}): TfResource[] {
    return this.resources(type).filter((r) => matches(r.attributes, partial));
  }

  /** Asserts that some resource of a type has attributes containing `partial`. */
  public hasResourceWithProperties(type: string, partial: { [key: string]: any }): void {
    if (this.find(type, partial).length > 0) return;
    expect(this.resources(type).map((r) => r.attributes)).toContainEqual(expect.objectContaining(partial));
  }

  /** The outputs of the stack, by name. */
  public outputs(): { [name: string]: any } {
    return this.json.output ?? {};
  }

  /** Every resource of the stack, of any type. */
  public allResources(): TfResource[] {
    return Object.keys(this.json.resource ?? {}).flatMap((type) => this.resources(type));
  }

  private of(kind: 'resource' | 'data', type: string): TfResource[] {
    const byName = (this.json[kind] ?? {})[type] ?? {};
    return Object.entries(byName).map(([name, attributes]) => ({ name, type, attributes: attributes as { [key: string]: any } }));
  }
}

/** Deep partial match: objects by the keys of `partial`, arrays and scalars exactly (or by jest asymmetric matchers). */
function matches(actual: any, partial: any): boolean {
  if (partial && typeof partial.asymmetricMatch === 'function') return partial.asymmetricMatch(actual);
  if (Array.isArray(partial)) {
    return Array.isArray(actual) && actual.length === partial.length && partial.every((p, i) => matches(actual[i], p));
  }
  if (partial !== null && typeof partial === 'object') {
    return actual !== null && typeof actual === 'object' && Object.keys(partial).every((k) => matches(actual[k], partial[k]));
  }
  return actual === partial;
}
