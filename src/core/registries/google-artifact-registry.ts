/** Google Artifact Registry, with a service-account JSON key (`_json_key`). */
import { isRecord, own, quote, typeName } from '../errors';
import { Checker } from './checker';
import { CommonCredentialsProps, RegistryKind, RegistryPreset } from './preset';

/** A Google service-account key for Artifact Registry. */
export interface GoogleArtifactRegistryCredentialsProps extends CommonCredentialsProps {
  /**
   * The repository location (`europe-west1`, `us`): the key becomes `<location>-docker.pkg.dev`.
   * Give this or `registry`.
   * @default - taken from `registry`
   */
  readonly location?: string;
  /**
   * The registry host (`europe-west1-docker.pkg.dev`). Give this or `location`.
   * @default - `<location>-docker.pkg.dev`
   */
  readonly registry?: string;
  /** The service-account key file's JSON text (as `gcloud iam service-accounts keys create` writes it). */
  readonly serviceAccountKey: string;
}

const LOCATION = /^[a-z]+(?:-[a-z]+[0-9]*)*$/;
const HOST = /^[a-z]+(?:-[a-z]+[0-9]*)*-docker\.pkg\.dev$/;
const REFRESH =
  'Refresh it in the cluster instead: Workload Identity with the kubelet credential provider on GKE, or an External Secrets GCRAccessToken generator.';

/** The key's JSON compacted (registries parse it; white space inside a password trips `check`), or why it is not one. */
function readKey(text: string): { json: string } | { problem: string } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return { problem: 'is not JSON; give the contents of the key file' };
  }
  if (!isRecord(parsed)) return { problem: `is JSON ${typeName(parsed)}, not a key object` };
  const missing = ['type', 'client_email', 'private_key'].filter((f) => typeof own(parsed, f) !== 'string');
  if (missing.length > 0) return { problem: `lacks ${missing.map((m) => quote(m)).join(', ')}` };
  if (own(parsed, 'type') !== 'service_account') return { problem: `has "type" other than "service_account"` };
  if (!String(own(parsed, 'private_key')).includes('PRIVATE KEY'))
    return { problem: 'has a "private_key" that is no PEM key' };
  return { json: JSON.stringify(parsed) };
}

export const GOOGLE_ARTIFACT_REGISTRY: RegistryPreset<GoogleArtifactRegistryCredentialsProps> = {
  kind: RegistryKind.GOOGLE_ARTIFACT_REGISTRY,
  factory: 'googleArtifactRegistry',
  title: 'Google Artifact Registry',
  fields: {
    location: 'key',
    registry: 'key',
    serviceAccountKey: 'secret',
    expiresAt: 'expiry',
    acceptRefusedToken: 'setting',
  },
  keyOf: ({ location, registry }) => (typeof location === 'string' ? `${location}-docker.pkg.dev` : registry),
  tokenKinds: [],
  tokenDocs: 'https://cloud.google.com/artifact-registry/docs/docker/authentication#json-key',
  expiry: 'A service-account key lives until it is deleted (or until the expiry an organization policy sets).',
  rotation:
    'Create a second key for the service account, deploy it with the old one as `previous`, check with regcred verify, then delete the old key.',
  resolve(props: GoogleArtifactRegistryCredentialsProps, c: Checker) {
    const location = c.optionalString(props.location, 'location');
    const given = c.optionalString(props.registry, 'registry');
    let registry = '';
    if ((location === undefined) === (given === undefined)) {
      c.fail(
        'location',
        `Give exactly one of 'location' (e.g. "europe-west1") and 'registry' (e.g. "europe-west1-docker.pkg.dev").`,
      );
    } else if (location !== undefined) {
      if (!LOCATION.test(location)) {
        c.fail(
          'location',
          `'location' ${quote(location)} is not an Artifact Registry location such as "europe-west1" or "us".`,
        );
      }
      registry = `${location}-docker.pkg.dev`;
    } else if (given !== undefined) {
      c.registryKey(given, 'registry');
      if (!HOST.test(given)) {
        c.fail(
          'registry',
          `'registry' ${quote(given)} is not an Artifact Registry host; it looks like "europe-west1-docker.pkg.dev".`,
        );
      }
      registry = given;
    }
    let secret = '';
    let username = '_json_key';
    const key: unknown = props.serviceAccountKey;
    if (typeof key !== 'string' || key.trim() === '') {
      c.fail(
        'serviceAccountKey',
        typeof key === 'string'
          ? `'serviceAccountKey' is empty. Give the key file's JSON text.`
          : `'serviceAccountKey' must be a string, got ${typeName(key)}.`,
      );
    } else if (/^ya29\./.test(key.trim())) {
      const message = `'serviceAccountKey' "***" is an OAuth access token (ya29.…, used as "oauth2accesstoken"), which lives one hour; the pull secret stops working after that. ${REFRESH}`;
      if (c.refuse('serviceAccountKey', props.acceptRefusedToken, message)) {
        username = 'oauth2accesstoken';
        secret = key.trim();
      }
    } else {
      const read = readKey(key);
      if ('problem' in read)
        c.fail(
          'serviceAccountKey',
          `'serviceAccountKey' "***" ${read.problem}. Create a key with gcloud iam service-accounts keys create and pass the file's contents.`,
        );
      else secret = read.json;
    }
    return {
      kind: RegistryKind.GOOGLE_ARTIFACT_REGISTRY,
      registries: [registry],
      username,
      secret,
      secretField: 'serviceAccountKey',
      ...c.expiry(props.expiresAt),
    };
  },
};
