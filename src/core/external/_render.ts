/** The objects an ExternalCredentials becomes: the template, the ExternalSecret spec, the generator. */
import { goJsonString } from '../private/go-json';
import { compareUtf8 } from '../private/go-bytes';
import { DOCKER_CONFIG_JSON_TYPE } from '../resolve-pull-credentials';
import { EXPIRES_AT_ANNOTATION } from '../expiry';
import type { TemplateMetadata } from './manifests';
import { GENERATORS, GENERATORS_API_VERSION, SourceParts, Value } from './source';

/**
 * The `.dockerconfigjson` template (engine v2): the JSON the kubelet reads, each value
 * through `toJson` so that any username or password stays valid JSON, and `auth` as
 * base64 of `username:password`, in the field order `kubectl` and regcred write.
 */
export function dockerConfigJsonTemplate(parts: SourceParts): string {
  const expr = (v: Value): string =>
    'data' in v ? (v.data.startsWith('$') ? v.data : `.${v.data}`) : goJsonString(v.literal);
  const user = expr(parts.username);
  const pass = expr(parts.password);
  const entry = `{"username":{{ ${user} | toJson }},"password":{{ ${pass} | toJson }},"auth":{{ printf "%s:%s" ${user} ${pass} | b64enc | toJson }}}`;
  const auths = parts.keyExpression
    ? ` {{- ${parts.keyExpression} | toJson }}:${entry}`
    : [...parts.registries]
        .sort(compareUtf8)
        .map((k) => `${goJsonString(k)}:${entry}`)
        .join(',');
  return `${parts.prelude ?? ''}{"auths":{${auths}}}`;
}

/**
 * The ExternalSecret spec (store or generator, and the target template) for a Secret named `name`.
 */
export function externalSecretSpec(
  p: SourceParts,
  name: string,
  generator: { name: string; kind: string } | undefined,
  metadata: TemplateMetadata,
): Record<string, unknown> {
  return {
    refreshInterval: p.refreshInterval,
    ...(p.store ? { secretStoreRef: { name: p.store.name, kind: p.store.kind } } : {}),
    target: {
      name,
      creationPolicy: 'Owner',
      template: {
        engineVersion: 'v2',
        type: DOCKER_CONFIG_JSON_TYPE,
        ...(metadata.labels || metadata.annotations || p.expiresAt
          ? {
              metadata: {
                ...metadata,
                ...(p.expiresAt
                  ? { annotations: { ...metadata.annotations, [EXPIRES_AT_ANNOTATION]: p.expiresAt } }
                  : {}),
              },
            }
          : {}),
        data: { '.dockerconfigjson': dockerConfigJsonTemplate(p) },
      },
    },
    ...(p.store
      ? {
          data: [
            ...(p.store.properties[0]
              ? [{ secretKey: 'username', remoteRef: { key: p.store.key, property: p.store.properties[0] } }]
              : []),
            { secretKey: 'password', remoteRef: { key: p.store.key, property: p.store.properties[1] } },
          ],
        }
      : {}),
    ...(generator
      ? {
          dataFrom: [
            {
              sourceRef: {
                generatorRef: { apiVersion: GENERATORS_API_VERSION, kind: generator.kind, name: generator.name },
              },
            },
          ],
        }
      : {}),
  };
}

/**
 * The generator object: namespaced, or a ClusterGenerator for a ClusterExternalSecret.
 */
export function generatorObject(
  parts: SourceParts,
  name: string,
  namespace: string | undefined,
  labels: Record<string, string> | undefined,
): Record<string, unknown> | undefined {
  const g = parts.generator;
  if (!g) return undefined;
  const metadata = { name, ...(namespace ? { namespace } : {}), ...(labels ? { labels } : {}) };
  const { kind, field } = GENERATORS[g.source];
  if (namespace !== undefined) return { apiVersion: GENERATORS_API_VERSION, kind, metadata, spec: g.spec };
  return {
    apiVersion: GENERATORS_API_VERSION,
    kind: 'ClusterGenerator',
    metadata,
    spec: { kind, generator: { [field]: g.spec } },
  };
}
