/** Wrong types from JavaScript callers: every ExternalCredentials factory and externalPullSecretManifests end in a result or a RegcredError. */
import fc from 'fast-check';
import { ExternalCredentials, RegcredError, externalPullSecretManifests } from 'regcred';

const callers: Record<string, (props: unknown) => unknown> = {
  fromStore: (p) => ExternalCredentials.fromStore(p as never),
  ecr: (p) => ExternalCredentials.elasticContainerRegistry(p as never),
  gcr: (p) => ExternalCredentials.googleArtifactRegistry(p as never),
  acr: (p) => ExternalCredentials.azureContainerRegistry(p as never),
  github: (p) => ExternalCredentials.github(p as never),
  quay: (p) => ExternalCredentials.quay(p as never),
  gitlabDeployToken: (p) => ExternalCredentials.gitlabDeployToken(p as never),
  externalPullSecretManifests: (p) => externalPullSecretManifests(p as never),
};

const props = fc.oneof(
  fc.anything(),
  fc.record(
    {
      registry: fc.anything(),
      store: fc.oneof(fc.anything(), fc.record({ name: fc.anything(), kind: fc.anything() })),
      key: fc.anything(),
      username: fc.anything(),
      passwordProperty: fc.anything(),
      refreshInterval: fc.anything(),
      spec: fc.oneof(
        fc.anything(),
        fc.record({ region: fc.anything(), appID: fc.anything(), url: fc.anything() }),
        fc.record(
          {
            projectID: fc.anything(),
            groupID: fc.anything(),
            name: fc.anything(),
            scopes: fc.oneof(fc.anything(), fc.array(fc.constantFrom('read_registry', 'read_virtual_registry', 'x'))),
            expiresAt: fc.oneof(
              fc.anything(),
              fc.date({ noInvalidDate: false }).map((d) => String(d)),
            ),
            username: fc.anything(),
            url: fc.oneof(fc.anything(), fc.webUrl()),
            auth: fc.oneof(fc.anything(), fc.record({ token: fc.record({ secretRef: fc.anything() }) })),
          },
          { requiredKeys: [] },
        ),
      ),
      name: fc.anything(),
      namespace: fc.anything(),
      labels: fc.anything(),
      namespaceSelector: fc.anything(),
      credentials: fc.constant(ExternalCredentials.fromStore({ registry: 'ghcr.io', store: { name: 's' }, key: 'k' })),
    },
    { requiredKeys: [] },
  ),
);

test.each(Object.keys(callers))('%s: only RegcredError escapes', (name) => {
  fc.assert(
    fc.property(props, (p) => {
      try {
        callers[name](p);
      } catch (e) {
        if (!RegcredError.isRegcredError(e)) throw e;
      }
    }),
    { numRuns: 400 },
  );
});
