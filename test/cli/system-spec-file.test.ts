import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { planSystem } from '../../src/core';
import { SystemSpecFile } from '../../src/core/spec/system-spec-file';

describe('SystemSpecFile', () => {
  test('GIVEN the bundled example WHEN loaded THEN it plans as the check does', () => {
    const spec = SystemSpecFile.load(path.join(__dirname, '..', '..', 'examples', 'social-feed', 'system.yaml'));
    expect(spec.name).toBe('social-feed');
    expect(planSystem(spec).database?.readers).toBe(4);
  });

  test('GIVEN a spec with an unknown key WHEN loaded THEN the error names the file, line, path and the known keys', () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'spec-')), 'bad.yaml');
    fs.writeFileSync(file, 'name: x\nload: { peakRequestsPerSecond: 1 }\napi:\n  algoritm: ROUND_ROBIN\n');
    expect(() => SystemSpecFile.load(file)).toThrow(/bad\.yaml:4:3: api\.algoritm = "ROUND_ROBIN": must be a known key \(did you mean "algorithm"\?\)/);
  });
});
