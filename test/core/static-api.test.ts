/**
 * `Manifests` and `Kubelet`: what jsii's languages call for the free functions of TypeScript. Each
 * gives what its function gives for the same input, and refuses what it refuses.
 */
import { sealingKeys } from '../sealing-keys';
import { AGE_KEYS } from '../age-keys';
import {
  ExternalCredentials,
  Kubelet,
  Manifests,
  RegcredError,
  RegistryCredentials,
  checkManifests,
  externalPullSecretManifests,
  parseImageReference,
  pullSecretManifest,
  renderDockerConfigJson,
  renderDockercfg,
  resolvePullCredentials,
  sealPullSecret,
  sopsPullSecret,
  type KubeObject,
} from 'regcred';

const credentials = [
  RegistryCredentials.gitlab({ username: 'gitlab+deploy-token-7', token: 'gldt-StaticApi000000001' }),
];
const secret = pullSecretManifest({ name: 'gitlab-pull', namespace: 'shop', credentials });

test('Manifests gives what the functions give', () => {
  expect(Manifests.pullSecret({ name: 'gitlab-pull', namespace: 'shop', credentials })).toEqual(secret);
  expect(Manifests.dockerConfigJson(credentials)).toBe(renderDockerConfigJson(credentials));
  expect(Manifests.dockercfg(credentials)).toBe(renderDockercfg(credentials));
  const { certificate } = sealingKeys();
  expect(Manifests.sealedPullSecret(secret, { certificate })).toEqual(sealPullSecret(secret, { certificate }));
  const sops = { age: [AGE_KEYS[0].recipient] };
  expect(Manifests.sopsPullSecret(secret, sops)).toEqual(sopsPullSecret(secret, sops));
  const external = {
    name: 'gitlab-pull',
    credentials: ExternalCredentials.fromStore({
      registry: 'registry.gitlab.com',
      store: { name: 'vault' },
      key: 'gitlab',
    }),
  };
  expect(Manifests.externalPullSecret(external)).toEqual(externalPullSecretManifests(external));
  const pod = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'p', namespace: 'shop' },
    spec: { containers: [{ name: 'a', image: 'registry.gitlab.com/acme/app:1' }] },
  };
  const objects: KubeObject[] = [{ ...secret }, pod];
  expect(Manifests.check(objects)).toEqual(checkManifests(objects));
  expect(Manifests.check(objects).map((d) => d.code)).toContain('UNREFERENCED_MATCHING_SECRET');
});

test('Kubelet gives what the functions give', () => {
  expect(Kubelet.parseImageReference('nginx')).toEqual(parseImageReference('nginx'));
  const image = 'registry.gitlab.com/acme/app:1.0';
  expect(Kubelet.resolvePullCredentials([secret], image)).toEqual(resolvePullCredentials([secret], image));
});

test('fails as the functions fail: a bad image reference and a bad secret name are RegcredErrors', () => {
  expect(() => Kubelet.parseImageReference('Registry.gitlab.com/UPPER')).toThrow(RegcredError);
  expect(() => Manifests.pullSecret({ name: 'Bad_Name', credentials })).toThrow(/'name' "Bad_Name"/);
});
