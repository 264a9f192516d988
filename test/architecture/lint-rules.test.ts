import * as path from 'path';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { LegacyESLint } = require('eslint/use-at-your-own-risk');

const ROOT = path.join(__dirname, '..', '..');

/** Lints a snippet as if it were the given file of the repository, with the project's .eslintrc.json. */
async function lint(relativeFile: string, code: string): Promise<string[]> {
  // The project's own configuration, without type information (the rules under test need none,
  // and the typed project service only knows files that exist on disk).
  const eslint = new LegacyESLint({
    cwd: ROOT,
    useEslintrc: true,
    overrideConfig: {
      parserOptions: { projectService: false, project: null },
      rules: { '@typescript-eslint/no-floating-promises': 'off', '@typescript-eslint/return-await': 'off' },
    },
  });
  const [result] = await eslint.lintText(code, { filePath: path.join(ROOT, relativeFile) });
  const fatal = result.messages.filter((m: { fatal?: boolean }) => m.fatal);
  if (fatal.length > 0) throw new Error(`lint could not parse the probe: ${JSON.stringify(fatal)}`);
  return result.messages.filter((m: { ruleId: string }) => m.ruleId === 'no-restricted-imports').map((m: { message: string }) => m.message);
}

describe('architecture rules enforced by ESLint', () => {
  test.each([
    ["import { Stack } from 'aws-cdk-lib';"],
    ["import { Bucket } from 'aws-cdk-lib/aws-s3';"],
    ["import { Construct } from 'constructs';"],
    ["import { TerraformStack } from 'cdktf';"],
    ["import { SqsQueue } from '@cdktf/provider-aws/lib/sqs-queue';"],
  ])('src/core may not import a backend: %s', async (code) => {
    const messages = await lint('src/core/blocks/example.ts', `${code}\nexport const x = 1;\n`);
    expect(messages.join('\n')).toMatch(/src\/core is backend-neutral/);
  });

  test('outside src/core, backends may be imported', async () => {
    expect(await lint('src/cdk/example.ts', "import { Stack } from 'aws-cdk-lib';\nexport const x = Stack;\n")).toEqual([]);
  });

  test.each(['src/cdktf/example.ts', 'test/cdktf/example.test.ts', 'src/core/example.ts'])(
    'the @cdktf/provider-aws root import is forbidden in %s', async (file) => {
      const messages = await lint(file, "import { provider } from '@cdktf/provider-aws';\nexport const x = provider;\n");
      expect(messages.join('\n')).toMatch(/Import provider classes by deep path/);
    });

  test('a deep provider import is allowed outside src/core', async () => {
    expect(await lint('src/cdktf/example.ts', "import { SqsQueue } from '@cdktf/provider-aws/lib/sqs-queue';\nexport const x = SqsQueue;\n")).toEqual([]);
  });

  test.each(['src/cdk/example.ts', 'src/cli/example.ts'])('cdktf may not be imported outside src/cdktf: %s', async (file) => {
    const messages = await lint(file, "import { TerraformStack } from 'cdktf';\nexport const x = TerraformStack;\n");
    expect(messages.join('\n')).toMatch(/cdktf is imported only under src\/cdktf/);
  });

  test('the Terraform backend may not import aws-cdk-lib', async () => {
    const messages = await lint('src/cdktf/example.ts', "import { Stack } from 'aws-cdk-lib';\nexport const x = Stack;\n");
    expect(messages.join('\n')).toMatch(/must not need aws-cdk-lib/);
  });

  test.each([
    ['src/core/blocks/example.ts', "import { LoadBalancedApi } from '../../cdk/load-balanced-api';", /must not import a backend \(src\/cdk, src\/cdktf\) by a relative path/],
    ['src/core/example.ts', "import { LoadBalancedApi } from '../cdktf';", /must not import a backend \(src\/cdk, src\/cdktf\) by a relative path/],
    ['src/core/example.ts', "import { SystemStack } from '../cdk/system-stack';", /must not import a backend/],
    ['src/core/spec/example.ts', "import { main } from '../../cli/main';", /src\/core must not import the CLI/],
    ['src/cdk/example.ts', "import { LoadBalancedApi } from '../cdktf/load-balanced-api';", /src\/cdk must not import src\/cdktf/],
    ['src/cdktf/example.ts', "import { acknowledge } from '../cdk/common';", /src\/cdktf must not import src\/cdk/],
    ['src/cdk/example.ts', "import { render } from '../cli/render';", /A backend must not import the CLI/],
    ['src/cdktf/example.ts', "import { main } from '../cli/main';", /A backend must not import the CLI/],
  ])('a relative import may not cross a boundary a package import may not: %s %s', async (file, code, message) => {
    const messages = await lint(file, `${code}\nexport const x = 1;\n`);
    expect(messages.join('\n')).toMatch(message);
  });

  test.each([
    ['src/core/blocks/example.ts', "import { Rules } from '../validation';"],
    ['src/core/spec/example.ts', "import { planSystem } from '../system';"],
    ['src/cdk/example.ts', "import { planSystem } from '../core/system';"],
    ['src/cdktf/example.ts', "import { StackContext } from './common';"],
    ['src/cli/example.ts', "import { loadSpecFile } from '../core/spec/loader';"],
  ])('imports inside the allowed direction pass: %s %s', async (file, code) => {
    expect(await lint(file, `${code}\nexport const x = 1;\n`)).toEqual([]);
  });
});
