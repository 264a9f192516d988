import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App } from 'cdktf';
import { SystemStack } from '../../src/cdktf/system-stack';
import { SystemSpec } from '../../src/core';
import { describeSideBySide } from '../fixtures/side-by-side';

/*
 * Two systems in one account and Region (issue 15 item 9): every physical name Terraform gives a
 * resource (a name, an identifier, a group or function name, a log group, a secret, a parameter, a
 * final snapshot) carries the system's name, so two systems never clash. Each is synthesized alone,
 * as two `terraform apply` runs of two stacks would deploy them side by side.
 */

/** Attributes that name a resource in the account and Region. */
const NAME_ATTRIBUTE = /^(name|identifier|cluster_identifier|replication_group_id|final_snapshot_identifier|function_name|user_id|user_group_id|family_name|alarm_name|table_name|bucket|queue_name|db_subnet_group_name|subnet_group_name|parameter_group_name)$/;

function physicalNames(spec: SystemSpec): Map<string, string> {
  // A folder of its own: cdktf's App makes its outdir with a plain mkdir, so `.tmp/` need not exist.
  const app = new App({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'scaleblocks-side-by-side-')) });
  const stack = new SystemStack(app, spec.name, { spec });
  const json = stack.toTerraform() as { resource?: { [type: string]: { [id: string]: { [key: string]: unknown } } } };
  const names = new Map<string, string>();
  for (const [type, byName] of Object.entries(json.resource ?? {})) {
    for (const [id, attrs] of Object.entries(byName)) {
      for (const [key, value] of Object.entries(attrs)) {
        // Literal names only: a name that is a reference (`${...}`) is the other resource's.
        if (NAME_ATTRIBUTE.test(key) && typeof value === 'string' && !value.includes('${')) names.set(`${type}.${key}=${value}`, `${type}.${id}`);
      }
    }
  }
  return names;
}

describeSideBySide(physicalNames, 10);
