/**
 * The multi-language package as Pulumi's own CLI loads it: `pulumi package get-schema` starts
 * pulumi-package/pulumi-resource-regcred (the provider as an executable plugin), asks it for its
 * schema over gRPC, and gets what the analyser gives in the fast tier: the four components.
 *
 * (The source-based form, `pulumi package add pulumi-package`, needs a Node.js language host with
 * RunPlugin; the one built here, from sdk/v3 v3.68.0, answers "not supported".)
 */
import { execFileSync } from 'node:child_process';
import * as path from 'node:path';
import { engineEnv } from './engine';

jest.setTimeout(120_000);

const plugin = path.join(__dirname, '..', '..', 'pulumi-package', 'pulumi-resource-regcred');

test('pulumi package get-schema on the executable plugin serves the components under regcred:index:<Type>', () => {
  const out = execFileSync('pulumi', ['package', 'get-schema', plugin], {
    env: { ...process.env, ...engineEnv() },
    encoding: 'utf8',
    maxBuffer: 16 * 1024 * 1024,
  });
  const schema = JSON.parse(out) as {
    name: string;
    resources: Record<string, { isComponent?: boolean; requiredInputs?: string[] }>;
  };
  expect(schema.name).toBe('regcred');
  expect(Object.keys(schema.resources).sort()).toEqual([
    'regcred:index:DockerHubRegistrySecret',
    'regcred:index:GithubRegistrySecret',
    'regcred:index:GitlabRegistrySecret',
    'regcred:index:RegistrySecret',
  ]);
  expect(schema.resources['regcred:index:GitlabRegistrySecret']).toMatchObject({
    isComponent: true,
    requiredInputs: expect.arrayContaining(['username', 'token']),
  });
});
