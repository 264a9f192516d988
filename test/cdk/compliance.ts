import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { CfnGuardValidator } from '@cdklabs/cdk-validator-cfnguard';
import * as cdk from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { Compliance } from '../../src/cdk/common';

/*
 * Compliance at synth, as a user would run it: cdk-nag's AwsSolutions pack and the Control Tower
 * rules bundled with @cdklabs/cdk-validator-cfnguard, both as aws-cdk-lib validation plugins
 * (less the short list of cfn-guard rules `Compliance` says to disable, each with its reason).
 * Any unacknowledged finding fails synthesis; the findings are read back from the report.
 */

/** One unacknowledged finding: the rule and the construct paths it names. */
export interface Finding {
  /** The rule id (cdk-nag: `AwsSolutions-SQS3`; cfn-guard: `sqs_dlq_check`). */
  readonly rule: string;
  /** What the rule asks for (cfn-guard's starts with the Control Tower id, e.g. `[CT.SQS.PR.1]`). */
  readonly description: string;
  readonly plugin: string;
  readonly paths: string[];
}

/** An App whose synth runs both packs, writing to a temporary directory. */
export function compliantApp(props: cdk.AppProps = {}): cdk.App {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'scaleblocks-cdk-'));
  const app = new cdk.App({ outdir, ...props });
  cdk.Validations.of(app).addPlugins(new AwsSolutionsChecks(app), new CfnGuardValidator({ disabledRules: Compliance.cfnGuardDisabledRuleNames() }));
  return app;
}

/**
 * Synthesizes the app (created by `compliantApp`) and returns the unacknowledged findings of every
 * plugin: an empty list means both packs pass. The report is read whether or not synth threw: a
 * plugin may report violations (cfn-guard rules of lower severity) without failing synthesis.
 * Other synth errors are rethrown.
 */
export function findingsOf(app: cdk.App): Finding[] {
  const log = console.error;
  let error: unknown;
  try {
    console.error = () => undefined; // the plugins print their report; the test reads it as data
    app.synth();
  } catch (e) {
    error = e;
  } finally {
    console.error = log;
  }
  const reportFile = path.join(app.outdir, 'validation-report.json');
  if (!fs.existsSync(reportFile)) {
    if (error) throw error;
    return [];
  }
  const report = JSON.parse(fs.readFileSync(reportFile, 'utf8'));
  const findings: Finding[] = [];
  for (const plugin of report.pluginReports ?? []) {
    for (const v of plugin.violations ?? []) {
      findings.push({
        rule: v.ruleName,
        description: v.description ?? '',
        plugin: plugin.pluginName ?? '',
        paths: (v.violatingConstructs ?? []).map((c: any) => c.constructPath ?? c.cloudFormationResource?.logicalId),
      });
    }
  }
  if (error && findings.length === 0) throw error;
  return findings;
}

/** The template of a stack in an app that passed both packs (fails the test with the findings otherwise). */
export function compliantTemplate(app: cdk.App, stack: cdk.Stack): Template {
  expect(findingsOf(app)).toEqual([]);
  return Template.fromJSON(JSON.parse(fs.readFileSync(path.join(app.outdir, stack.templateFile), 'utf8')));
}
