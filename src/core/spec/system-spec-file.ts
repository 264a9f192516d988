import { loadSpecFile, SpecError } from './loader';
import { SystemSpec } from '../system';

/**
 * Reads a system spec file (YAML or JSON), as `scaleblocks check` does, for apps that build a
 * `SystemStack` from the same file the check sizes.
 */
export class SystemSpecFile {
  /**
   * Reads, parses and schema-checks a spec file.
   *
   * @param file path of the YAML or JSON spec
   * @returns the spec, ready for `planSystem` or a `SystemStack`
   * @throws an Error naming the file, line, path, value and what is allowed for each problem
   */
  public static load(file: string): SystemSpec {
    try {
      return loadSpecFile(file).data as SystemSpec;
    } catch (e) {
      if (e instanceof SpecError) {
        const lines = e.problems.map((p) => `  ${p.file}${p.line ? `:${p.line}:${p.column ?? 1}` : ''}: ${p.path} = ${p.value}: must be ${p.allowed}`);
        throw new Error([e.message, ...lines].join('\n'));
      }
      throw e;
    }
  }

  private constructor() {}
}
